import type { NetworkSample } from '../../shared/contract';

/** Samples kept per container: a minute at the monitor's usual one-second interval. */
export const SAMPLE_LIMIT = 60;

/** Appends to a ring buffer of at most `limit` items, oldest dropped first. */
export function pushRing<T>(list: readonly T[], item: T, limit = SAMPLE_LIMIT): T[] {
  const next = [...list, item];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

export const formatRate = (bytesPerSec: number | null): string => (bytesPerSec === null ? '—' : `${formatBytes(bytesPerSec)}/s`);

export function sampleTime(s: Pick<NetworkSample, 'at'>): string {
  const d = new Date(s.at);
  return Number.isNaN(d.getTime()) ? s.at : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
