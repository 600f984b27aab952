/**
 * Parsers for Linux's socket tables: /proc/net/{tcp,tcp6,udp,udp6} and /proc/net/sctp/eps.
 * Pure functions over the file text; reading the files is HostPortTable's job.
 *
 * Row format (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv4/udp.c udp4_format_sock):
 *   sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
 * Addresses are `%08X` of each 32-bit word *as the CPU holds it*, so on little-endian hosts the
 * bytes of every word appear reversed (127.0.0.1 → 0100007F); IPv6 is four such words.
 */
import { endianness } from 'node:os';
import type { Protocol } from '../../../shared/contract/model';
import { ipv6FromBytes, parseAddress, type Family } from './addresses';

export interface ProcNetSocket {
  protocol: Protocol;
  family: Family;
  address: string;
  port: number;
  inode: number;
  uid: number;
}

/** TCP_LISTEN in include/net/tcp_states.h. */
const TCP_LISTEN = 0x0a;

type Endianness = 'LE' | 'BE';

/** One 32-bit word's hex as printed by the kernel → its 4 bytes in memory (network) order. */
function wordBytes(hex8: string, order: Endianness): number[] {
  const value = parseInt(hex8, 16);
  const be = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  return order === 'LE' ? be.reverse() : be;
}

/** `0100007F` → 127.0.0.1, `0000000000000000FFFF00000100007F` → ::ffff:127.0.0.1. */
export function decodeProcAddress(hex: string, order: Endianness = endianness()): { address: string; family: Family } {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || (hex.length !== 8 && hex.length !== 32)) {
    throw new Error(`not a /proc/net address: ${hex}`);
  }
  if (hex.length === 8) return { address: wordBytes(hex, order).join('.'), family: 4 };
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8), order));
  return { address: ipv6FromBytes(bytes), family: 6 };
}

/**
 * Sockets that hold a port: TCP in LISTEN, and every UDP socket with a local port. A *connected*
 * UDP socket (state 01) still owns its local port — another bind to it fails — so it counts too;
 * for TCP only listeners count, because engines bind with SO_REUSEADDR, which lets them share a
 * port with established/TIME_WAIT sockets but never with a listener.
 */
export function parseProcNet(text: string, protocol: 'tcp' | 'udp', order: Endianness = endianness()): ProcNetSocket[] {
  const out: ProcNetSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    // f: sl local rem st queues timer retrnsmt uid timeout inode …; the header's first field is "sl".
    if (f.length < 10 || !/^\d+:$/.test(f[0])) continue;
    const [addrHex, portHex] = f[1].split(':');
    const state = parseInt(f[3], 16);
    if (protocol === 'tcp' && state !== TCP_LISTEN) continue;
    const port = parseInt(portHex, 16);
    if (!port) continue;
    const { address, family } = decodeProcAddress(addrHex, order);
    out.push({ protocol, family, address, port, uid: Number(f[7]), inode: Number(f[9]) });
  }
  return out;
}

/**
 * /proc/net/sctp/eps (net/sctp/proc.c sctp_eps_seq_show): one row per endpoint,
 *   ENDPT SOCK STY SST HBKT LPORT UID INODE LADDRS…
 * with the local addresses already as text (`%pI4`, or `%pI6` = 8 uncompressed groups) — an
 * endpoint bound to several addresses yields one socket per address. Only present when the sctp
 * module is loaded; absence simply means no SCTP listeners.
 */
export function parseSctpEps(text: string): ProcNetSocket[] {
  const out: ProcNetSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 9 || !/^\d+$/.test(f[5])) continue; // header row has "LPORT" there
    const port = Number(f[5]);
    if (!port) continue;
    for (const raw of f.slice(8)) {
      const parsed = parseAddress(raw);
      if (parsed) out.push({ protocol: 'sctp', ...parsed, port, uid: Number(f[6]), inode: Number(f[7]) });
    }
  }
  return out;
}
