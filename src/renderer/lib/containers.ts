import type { Container, ContainerState } from '../../shared/contract';

export type ContainerAction = 'start' | 'stop' | 'restart' | 'remove';
export const CONTAINER_ACTIONS: readonly ContainerAction[] = ['start', 'stop', 'restart', 'remove'];

/** Ids are only unique within one engine. A ref's id never contains '#', so this cannot collide. */
export function keyOf(engineId: string, id: string): string {
  return `${engineId}#${id}`;
}

export function containerKey(c: Pick<Container, 'engineId' | 'id'>): string {
  return keyOf(c.engineId, c.id);
}

/** States in which the container's process is up: what `docker ps` (without -a) lists. */
const UP_STATES: readonly ContainerState[] = ['running', 'paused', 'restarting', 'stopping'];

export function isUp(state: ContainerState): boolean {
  return UP_STATES.includes(state);
}

/** Which actions make sense in which state; the engine has the last word, this only avoids no-ops. */
export function canRun(action: ContainerAction, state: ContainerState): boolean {
  switch (action) {
    case 'start':
      return state === 'created' || state === 'exited';
    case 'stop':
    case 'restart':
      return state === 'running' || state === 'paused' || state === 'restarting';
    case 'remove':
      return state !== 'removing';
  }
}

export type StateTone = 'ok' | 'warn' | 'off' | 'bad';

export function stateTone(state: ContainerState): StateTone {
  switch (state) {
    case 'running':
      return 'ok';
    case 'paused':
    case 'restarting':
    case 'stopping':
    case 'removing':
      return 'warn';
    case 'dead':
      return 'bad';
    default:
      return 'off';
  }
}

export const ACTION_LABELS: Record<ContainerAction, { verb: string; progress: string }> = {
  start: { verb: 'Start', progress: 'Starting…' },
  stop: { verb: 'Stop', progress: 'Stopping…' },
  restart: { verb: 'Restart', progress: 'Restarting…' },
  remove: { verb: 'Remove', progress: 'Removing…' },
};

/** Engines report names with a leading slash (Docker) or without (Podman, Apple). */
export function displayName(c: Pick<Container, 'name' | 'id'>): string {
  return c.name.replace(/^\//, '') || c.id.slice(0, 12);
}
