import type { Container } from '../../shared/contract';
import { durationSince } from '../../shared/duration-text';

/** Docker's health suffix on a status line: "Up 2 minutes (healthy)". */
const HEALTH = /\((healthy|unhealthy|health: starting)\)$/;

/**
 * The status line to show now. The engine's own words ("Up 3 seconds") were true when the container
 * was last read, which may be minutes ago; while it is up the time comes from `startedAt` instead.
 */
export function statusText(container: Pick<Container, 'state' | 'status' | 'startedAt'>, now: number): string {
  const { state, status, startedAt } = container;
  if ((state === 'running' || state === 'paused') && startedAt && !Number.isNaN(Date.parse(startedAt))) {
    const health = status.match(HEALTH)?.[0];
    const suffix = state === 'paused' ? ' (Paused)' : health ? ` ${health}` : '';
    return `Up ${durationSince(startedAt, now)}${suffix}`;
  }
  return status || state;
}
