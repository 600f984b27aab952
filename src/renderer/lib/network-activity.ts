import type { NetworkSample } from '../../shared/contract';

/** Samples kept per container: a minute at the monitor's usual one-second interval. */
export const SAMPLE_LIMIT = 60;

/** Appends to a ring buffer of at most `limit` items, oldest dropped first. */
export function pushRing<T>(list: readonly T[], item: T, limit = SAMPLE_LIMIT): T[] {
  const next = [...list, item];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `extraDecimals` adds precision beyond the usual (whole bytes, one decimal under 10 of a larger unit). */
export function formatBytes(bytes: number | null, extraDecimals = 0): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const decimals = (unit === 0 ? 0 : value < 10 ? 1 : 0) + extraDecimals;
  return `${decimals === 0 ? Math.round(value) : value.toFixed(decimals)} ${UNITS[unit]}`;
}

export const formatRate = (bytesPerSec: number | null, extraDecimals = 0): string =>
  bytesPerSec === null ? '—' : `${formatBytes(bytesPerSec, extraDecimals)}/s`;

/** Beyond this, ticks closer than a thousandth of a unit share a label; chart.js never makes such ticks. */
const MAX_EXTRA_DECIMALS = 3;

/**
 * Labels for the ticks of a bytes-per-second axis. A small rate makes chart.js place ticks less
 * than a byte apart (0, 0.5, 1, 1.5 B/s), which whole bytes would label "0, 1, 1, 2"; every tick
 * gets as many decimals as it takes for no two to read the same.
 */
export function rateTickLabels(values: readonly number[]): string[] {
  let labels: string[] = [];
  for (let extra = 0; extra <= MAX_EXTRA_DECIMALS; extra++) {
    labels = values.map((v) => formatRate(v, extra));
    if (new Set(labels).size === labels.length) break;
  }
  return labels;
}

export function sampleTime(s: Pick<NetworkSample, 'at'>): string {
  const d = new Date(s.at);
  return Number.isNaN(d.getTime()) ? s.at : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
