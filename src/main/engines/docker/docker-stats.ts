/**
 * Network counters out of the Docker API's `/containers/{id}/stats?stream=true` messages.
 *
 * Docker (20.10) sends one JSON object a second with `networks: { eth0: {...}, eth1: {...} }`.
 * Podman's compat API (4.3) sends the same shape every 5 s, but aggregated under one key
 * (`networks: { network: {...} }`) with `rx_packets`/`tx_packets` always 0, `Id` instead of
 * `id`, and the name without a leading slash. Summing every entry covers both.
 */
import type { NetworkCounters } from '../container-engine';

interface InterfaceStats {
  rx_bytes?: number;
  tx_bytes?: number;
  rx_errors?: number;
  tx_errors?: number;
  rx_dropped?: number;
  tx_dropped?: number;
}

/** The fields of a stats message we read. */
export interface DockerStatsMessage {
  read?: string;
  networks?: Record<string, InterfaceStats> | null;
}

export type StatsReading =
  | { kind: 'counters'; counters: NetworkCounters }
  /** Docker keeps streaming after the container stops, with a zero `read` time and no networks. */
  | { kind: 'stopped' };

/** Go's zero time: what Docker puts in `read` once the container is no longer running. */
const ZERO_TIME = /^0001-01-01T/;

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** One stats message → counters, "stopped", or null when it is not a stats message at all. */
export function readStatsMessage(msg: unknown): StatsReading | null {
  if (!msg || typeof msg !== 'object') return null;
  const m = msg as DockerStatsMessage;
  if (typeof m.read !== 'string') return null;
  if (ZERO_TIME.test(m.read)) return { kind: 'stopped' };
  const at = new Date(m.read);
  if (Number.isNaN(at.getTime())) return null;
  const counters: NetworkCounters = { at, rxBytes: 0, txBytes: 0, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0 };
  // A container on `--network none` has no `networks` key: all zero is the truth there.
  for (const i of Object.values(m.networks ?? {})) {
    counters.rxBytes += count(i?.rx_bytes);
    counters.txBytes += count(i?.tx_bytes);
    counters.rxErrors += count(i?.rx_errors);
    counters.txErrors += count(i?.tx_errors);
    counters.rxDropped += count(i?.rx_dropped);
    counters.txDropped += count(i?.tx_dropped);
  }
  return { kind: 'counters', counters };
}
