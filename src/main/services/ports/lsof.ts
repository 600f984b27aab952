/**
 * Parsers for lsof's socket listings (macOS, and Linux where /proc is preferred but lsof is handy).
 *
 * Primary: the field output of `lsof -nP -iTCP -iUDP -FpcuLftPTn` ("OUTPUT FOR OTHER PROGRAMS" in
 * lsof(8)): one field per line, the first character naming it. Process sets start with `p`
 * (pid) followed by `c` command, `u` uid, `L` login; file sets start with `f` (fd) followed by
 * `t` type (IPv4/IPv6), `P` protocol, `n` name, `T` TCP/TPI info (`TST=LISTEN`). Fields of a file
 * set may come in any order, so a socket is emitted when its set ends, not at `n`.
 *
 * Why those fields rather than just `-FpcuLn`: without `P` a `*:53` cannot be told TCP from UDP,
 * without `t` a `*:80` cannot be told IPv4 from IPv6, and `-sTCP:LISTEN` cannot be combined with
 * `-iUDP` in one run — lsof(8): "when an inclusion list is defined, only network files with state
 * names in the list will be present", which silently drops every UDP socket (checked on lsof 4.95).
 *
 * Fallback: the default table (`COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME`).
 */
import type { Protocol } from '../../../shared/contract/model';
import { IPV4_ANY, IPV6_ANY, parseAddress, type Family } from './addresses';

export interface LsofSocket {
  pid: number;
  command: string;
  /** Login name (`L`), or the table's USER column; null when lsof gave only a uid. */
  user: string | null;
  uid: number | null;
  protocol: Protocol;
  family: Family | null;
  /** Canonical address; `*` only when lsof gave no type to tell 0.0.0.0 from ::. */
  address: string;
  port: number;
}

/** lsof escapes unprintable characters in command names (`OrbStack\x20Helper` in the table). */
export function unescapeLsof(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * `*:8080`, `127.0.0.1:5432`, `[::1]:3000`, `[fe80::1%en0]:22`, `localhost:50451` → address + port.
 * A connected socket's name is `local->remote`; only the local half says which port it holds.
 * A non-numeric port (`*:http`, lsof run without -P) is refused rather than guessed.
 */
export function splitLsofName(name: string, family: Family | null): { address: string; family: Family | null; port: number } | null {
  const local = name.split('->')[0].trim();
  const colon = local.lastIndexOf(':');
  if (colon < 0) return null;
  const host = local.slice(0, colon);
  const portText = local.slice(colon + 1);
  if (!/^\d+$/.test(portText)) return null;
  const port = Number(portText);
  if (host === '*') {
    if (family === 4) return { address: IPV4_ANY, family, port };
    if (family === 6) return { address: IPV6_ANY, family, port };
    return { address: '*', family: null, port };
  }
  // Without -n lsof prints host names; "localhost" is the only one we can map without DNS.
  if (host === 'localhost') return { address: family === 6 ? '::1' : '127.0.0.1', family: family ?? 4, port };
  const parsed = parseAddress(host);
  if (!parsed) return null;
  // lsof prints an IPv4-mapped IPv6 socket as plain IPv4 with type IPv6; the socket still binds the
  // IPv4 address, so the IPv4 reading is the one that matters for conflicts.
  return { address: parsed.address, family: parsed.family, port };
}

function protocolOf(text: string | undefined): Protocol | null {
  const p = text?.toLowerCase();
  return p === 'tcp' || p === 'udp' || p === 'sctp' ? p : null;
}

function familyOf(type: string | undefined): Family | null {
  return type === 'IPv4' ? 4 : type === 'IPv6' ? 6 : null;
}

/** Keep listening TCP (or state unknown, when the query itself selected listeners) and any UDP. */
function holdsPort(protocol: Protocol, name: string, tcpState: string | null): boolean {
  if (protocol !== 'tcp') return true;
  if (tcpState) return tcpState === 'LISTEN';
  return !name.includes('->');
}

export function parseLsofFields(text: string, defaultProtocol: Protocol = 'tcp'): LsofSocket[] {
  const out: LsofSocket[] = [];
  let proc: { pid: number; command: string; uid: number | null; user: string | null } | null = null;
  let file: Record<string, string> = {};

  const flush = () => {
    if (proc && file.n) {
      const protocol = protocolOf(file.P) ?? defaultProtocol;
      const split = splitLsofName(file.n, familyOf(file.t));
      if (split && holdsPort(protocol, file.n, file.TST ?? null)) {
        out.push({ pid: proc.pid, command: proc.command, user: proc.user, uid: proc.uid, protocol, ...split });
      }
    }
    file = {};
  };

  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line) continue;
    const tag = line[0];
    const value = line.slice(1);
    if (tag === 'p') {
      flush();
      proc = { pid: Number(value), command: '', uid: null, user: null };
    } else if (tag === 'f') {
      flush();
    } else if (proc && tag === 'c') proc.command = unescapeLsof(value);
    else if (proc && tag === 'u') proc.uid = Number(value);
    else if (proc && tag === 'L') proc.user = value;
    else {
      // Without `f` in the field list nothing separates two sockets of one process, so a field
      // seen twice means a new file set has begun.
      const eq = tag === 'T' ? value.indexOf('=') : -1;
      const key = tag === 'T' ? value.slice(0, eq) : tag;
      if (tag === 'T' && eq <= 0) continue;
      if (key in file) flush();
      file[key] = tag === 'T' ? value.slice(eq + 1) : value;
    }
  }
  flush();
  return out;
}

export function parseLsofTable(text: string): LsofSocket[] {
  const out: LsofSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 9 || f[0] === 'COMMAND' || !/^\d+$/.test(f[1])) continue;
    // Columns before NAME vary (DEVICE can be empty, Linux may add TID/TASKCMD), so anchor on the
    // NODE column (TCP/UDP/SCTP) and take NAME right after it; a trailing "(LISTEN)" is the state.
    const nodeAt = f.findIndex((x, i) => i >= 4 && protocolOf(x) !== null);
    if (nodeAt < 0 || nodeAt + 1 >= f.length) continue;
    const protocol = protocolOf(f[nodeAt])!;
    const name = f[nodeAt + 1];
    const stateMatch = /^\((\w+)\)$/.exec(f[nodeAt + 2] ?? '');
    const family = familyOf(f.find((x) => x === 'IPv4' || x === 'IPv6'));
    const split = splitLsofName(name, family);
    if (!split || !holdsPort(protocol, name, stateMatch?.[1] ?? null)) continue;
    const user = f[2];
    out.push({
      pid: Number(f[1]),
      command: unescapeLsof(f[0]),
      user: /^\d+$/.test(user) ? null : user,
      uid: /^\d+$/.test(user) ? Number(user) : null,
      protocol,
      ...split,
    });
  }
  return out;
}

/** Either format: field output starts with a `p<pid>` line; anything else (a table, possibly
 * without its header after a grep) is read as the table. */
export function parseLsof(text: string, defaultProtocol: Protocol = 'tcp'): LsofSocket[] {
  const first = text.split('\n').find((l) => l.trim()) ?? '';
  return /^p\d+\r?$/.test(first) ? parseLsofFields(text, defaultProtocol) : parseLsofTable(text);
}
