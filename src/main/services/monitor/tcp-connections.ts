/**
 * Counts TCP sockets by state from /proc/net/tcp and /proc/net/tcp6 (concatenated, as `cat` of
 * both prints them). Column 4 is the state in hex (include/net/tcp_states.h): 01 ESTABLISHED,
 * 0A LISTEN; everything else (SYN_SENT, TIME_WAIT, CLOSE_WAIT…) counts as "other".
 */
export interface ConnectionCounts {
  established: number;
  listening: number;
  other: number;
}

const ESTABLISHED = 0x01;
const LISTEN = 0x0a;

/** Null when neither table's header is there: the files could not be read. */
export function countTcpConnections(text: string): ConnectionCounts | null {
  if (!/\blocal_address\b/.test(text)) return null;
  const counts: ConnectionCounts = { established: 0, listening: 0, other: 0 };
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4 || !/^\d+:$/.test(f[0]) || !/^[0-9A-Fa-f]{2}$/.test(f[3])) continue;
    const state = parseInt(f[3], 16);
    if (state === ESTABLISHED) counts.established++;
    else if (state === LISTEN) counts.listening++;
    else counts.other++;
  }
  return counts;
}
