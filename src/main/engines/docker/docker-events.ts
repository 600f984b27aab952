import type { ContainerEvent, NetworkEvent } from '../container-engine';

/** The fields of a Docker API `/events` message we read (Podman's compat API sends the same). */
export interface DockerEventMessage {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Actions that do not change what we show: exec, attach, copy, health-check chatter. */
const IGNORED = /^(exec_|attach|resize|top|copy|archive-path|extract-to-dir|export|commit|health_status|sync|cleanup|init|checkpoint|mount|unmount)/;

/** Maps one engine event to the container it changes, or null when it changes nothing we show. */
export function toContainerEvent(msg: DockerEventMessage): ContainerEvent | null {
  const action = (msg.Action ?? msg.status ?? '').trim();
  if (msg.Type === 'network') {
    // connect/disconnect change a container's addresses; the container id is an attribute.
    const container = msg.Actor?.Attributes?.container;
    if (!container || !/^(connect|disconnect)$/.test(action)) return null;
    return { id: container, action: 'upsert', raw: `network:${action}` };
  }
  if (msg.Type && msg.Type !== 'container') return null;
  const id = msg.Actor?.ID ?? msg.id;
  if (!id || !action || IGNORED.test(action)) return null;
  const gone = action === 'destroy' || action === 'remove';
  if (gone) return { id, action: 'remove', raw: action };
  const statePatch = patchFor(action, msg.Actor?.Attributes, eventTime(msg));
  return statePatch ? { id, action: 'upsert', statePatch, raw: action } : { id, action: 'upsert', raw: action };
}

/** The state an action leaves a container in, when the action alone says so for certain. */
function patchFor(action: string, attrs: Record<string, string> | undefined, at: string | undefined): ContainerEvent['statePatch'] {
  switch (action) {
    case 'die':
    case 'died': {
      const code = Number(attrs?.exitCode ?? attrs?.containerExitCode);
      return Number.isInteger(code) ? { state: 'exited', exitCode: code } : { state: 'exited' };
    }
    case 'start':
      return at ? { state: 'running', at } : { state: 'running' };
    case 'unpause':
      return { state: 'running' };
    case 'pause':
      return { state: 'paused' };
    default:
      return undefined;
  }
}

/** Maps a network event (create, destroy, connect, disconnect) to the network it changes. */
export function toNetworkEvent(msg: DockerEventMessage): NetworkEvent | null {
  if (msg.Type !== 'network') return null;
  const action = (msg.Action ?? msg.status ?? '').trim();
  const id = msg.Actor?.ID ?? msg.id ?? msg.Actor?.Attributes?.name;
  if (!id || !/^(create|destroy|remove|connect|disconnect|update)$/.test(action)) return null;
  return { id, action: action === 'destroy' || action === 'remove' ? 'remove' : 'upsert', raw: action };
}

/** When the engine says the event happened (the moment a `start` started the container). */
function eventTime(msg: DockerEventMessage): string | undefined {
  const ms = msg.timeNano ? msg.timeNano / 1e6 : msg.time ? msg.time * 1000 : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** Splits a chunked newline-delimited JSON stream into messages; keeps partial lines for later. */
export class JsonLineDecoder {
  private buffer = '';

  push(chunk: string, onMessage: (msg: DockerEventMessage) => void): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line) continue;
      try {
        onMessage(JSON.parse(line) as DockerEventMessage);
      } catch {
        // A malformed line must not end the stream; the next event resyncs that container anyway.
      }
    }
    // Old engines don't always end a message with a newline: accept a complete object as is.
    const rest = this.buffer.trim();
    if (rest.startsWith('{') && rest.endsWith('}')) {
      try {
        onMessage(JSON.parse(rest) as DockerEventMessage);
        this.buffer = '';
      } catch {
        /* incomplete: wait for more */
      }
    }
  }
}
