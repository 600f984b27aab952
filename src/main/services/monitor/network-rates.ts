/** Turns two consecutive counter readings into per-second rates. */
import type { NetworkCounters } from '../../engines/container-engine';

export interface Rates {
  rxBytesPerSec: number | null;
  txBytesPerSec: number | null;
}

const NO_RATE: Rates = { rxBytesPerSec: null, txBytesPerSec: null };

/**
 * Null for the first reading, when time did not move forward, or when a counter went backwards
 * (the container restarted and its interfaces were recreated): a negative rate would be a lie.
 */
export function ratesBetween(previous: NetworkCounters | null, current: NetworkCounters): Rates {
  if (!previous) return NO_RATE;
  const seconds = (current.at.getTime() - previous.at.getTime()) / 1000;
  const rx = current.rxBytes - previous.rxBytes;
  const tx = current.txBytes - previous.txBytes;
  if (!(seconds > 0) || rx < 0 || tx < 0) return NO_RATE;
  return { rxBytesPerSec: Math.round(rx / seconds), txBytesPerSec: Math.round(tx / seconds) };
}
