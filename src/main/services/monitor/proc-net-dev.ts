/**
 * Counters out of Linux's /proc/net/dev (net/core/net-procfs.c dev_seq_printf_stats):
 *   `  eth0: rxBytes rxPackets rxErrs rxDrop fifo frame compressed multicast txBytes txPackets txErrs txDrop …`
 * Used where the engine has no stats stream (Apple's CLI): the monitor polls it inside the container.
 */
import type { NetworkCounters } from '../../engines/container-engine';

/**
 * Sums every interface but loopback, as the engines' stats do (they report the container's
 * network interfaces only). Null when the text holds no interface row at all.
 */
export function parseNetDevCounters(text: string, at: Date): NetworkCounters | null {
  const counters: NetworkCounters = { at, rxBytes: 0, txBytes: 0, rxErrors: 0, txErrors: 0, rxDropped: 0, txDropped: 0 };
  let rows = 0;
  for (const line of text.split('\n')) {
    // Large counters leave no space after the colon ("eth0:123456"), so split on it first.
    const m = /^\s*([^\s:|]+):(.*)$/.exec(line);
    if (!m) continue;
    const f = m[2].trim().split(/\s+/).map(Number);
    if (f.length < 12 || f.some((n) => !Number.isFinite(n))) continue;
    rows++;
    if (m[1] === 'lo') continue;
    counters.rxBytes += f[0];
    counters.rxErrors += f[2];
    counters.rxDropped += f[3];
    counters.txBytes += f[8];
    counters.txErrors += f[10];
    counters.txDropped += f[11];
  }
  return rows > 0 ? counters : null;
}
