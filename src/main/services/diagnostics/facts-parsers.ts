/**
 * Pure parsers for what the diagnostics read inside a container: BusyBox and iproute2 `ip addr`
 * (multi-line and `-o`), `ip route`, `netstat -tuln` (BusyBox and net-tools), and the /proc and
 * /sys fallbacks for images without those tools. Every format was captured from real containers;
 * see tests/fixtures/diagnostics/.
 */
import { endianness } from 'node:os';
import { ipv6FromBytes } from '../ports/addresses';
import { decodeProcAddress, parseProcNet } from '../ports/proc-net';
import { ipInCidr } from '../../../shared/cidr';
import type { ResolvConf } from '../../../shared/resolv-conf';

export interface InterfaceFact {
  name: string;
  /** CIDR, e.g. 172.17.0.2/16, fe80::42:acff:fe11:2/64. */
  addresses: string[];
  mac: string | null;
  up: boolean;
}

export interface RouteFact {
  /** CIDR; the default route is 0.0.0.0/0. */
  destination: string;
  gateway: string | null;
  iface: string;
}

export interface ListenerFact {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
}

export interface ContainerFacts {
  interfaces: InterfaceFact[];
  routes: RouteFact[];
  dns: ResolvConf;
  listeners: ListenerFact[];
  sources: {
    interfaces: 'ip' | '/proc' | 'none';
    routes: 'ip' | '/proc' | 'none';
    listeners: 'netstat' | '/proc' | 'none';
    dns: '/etc/resolv.conf' | 'none';
  };
}

/** `eth0@if764` → `eth0` (the peer index is not part of the name). */
const ifName = (raw: string) => raw.replace(/:$/, '').replace(/@.*$/, '');

function getOrAdd(list: InterfaceFact[], name: string): InterfaceFact {
  let found = list.find((i) => i.name === name);
  if (!found) {
    found = { name, addresses: [], mac: null, up: false };
    list.push(found);
  }
  return found;
}

/**
 * `ip addr` (multi-line) and `ip -o addr` / `ip -o link` (one record a line, `\` for newlines).
 * Header `763: eth0@if764: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 … state UP`; then
 * `link/ether MAC`, `inet A/P …`, `inet6 A/P …`. In `-o addr` each line is `N: name    inet A/P …`.
 */
export function parseIpAddr(text: string): InterfaceFact[] {
  const out: InterfaceFact[] = [];
  let current: InterfaceFact | null = null;
  for (const rawLine of text.replace(/\\\s+/g, '\n    ').split('\n')) {
    const line = rawLine.trimEnd();
    const header = /^\d+:\s+(\S+?):?\s+(<([^>]*)>)?(.*)$/.exec(line);
    if (header) {
      current = getOrAdd(out, ifName(header[1]));
      if (header[3] !== undefined) {
        const flags = header[3].split(',');
        current.up = flags.includes('UP') || /\bstate UP\b/.test(header[4]);
      }
      const rest = header[4].trim();
      if (!rest.startsWith('inet') && !rest.startsWith('link/')) continue;
      // `-o addr` shows no flags; an interface listed with an address there counts as up.
      if (header[3] === undefined && rest.startsWith('inet')) current.up = true;
      parseDetail(current, rest);
      continue;
    }
    if (current) parseDetail(current, line.trim());
  }
  return out;
}

function parseDetail(iface: InterfaceFact, line: string): void {
  const link = /^link\/\S+\s+([0-9a-f]{2}(?::[0-9a-f]{2}){5})/i.exec(line);
  if (link) iface.mac = link[1].toLowerCase();
  const addr = /^inet6?\s+(\S+\/\d+)/.exec(line);
  if (addr && !iface.addresses.includes(addr[1])) iface.addresses.push(addr[1]);
}

/** `default via 172.17.0.1 dev eth0`, `172.17.0.0/16 dev eth0 scope link  src 172.17.0.2`. */
export function parseIpRoute(text: string): RouteFact[] {
  const out: RouteFact[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    if (['unreachable', 'blackhole', 'prohibit', 'throw', 'local', 'broadcast', 'multicast', 'unicast'].includes(words[0])) words.shift();
    const dest = words[0];
    if (!dest) continue;
    const at = (k: string) => (words.indexOf(k) >= 0 ? (words[words.indexOf(k) + 1] ?? null) : null);
    const iface = at('dev');
    if (!iface) continue;
    const destination =
      dest === 'default'
        ? line.includes(':') && !/\d+\.\d+/.test(line)
          ? '::/0'
          : '0.0.0.0/0'
        : dest.includes('/')
          ? dest
          : `${dest}/${dest.includes(':') ? 128 : 32}`;
    out.push({ destination, gateway: at('via'), iface });
  }
  return out;
}

/** Splits `127.0.0.1:80`, `:::80`, `[::]:80`, `*:80` into address and port. */
function splitHostPort(text: string): { address: string; port: number } | null {
  const i = text.lastIndexOf(':');
  if (i < 0) return null;
  const port = Number(text.slice(i + 1));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return null;
  let address = text.slice(0, i).replace(/^\[|\]$/g, '');
  if (address === '*' || address === '') address = text.slice(0, i) === '::' ? '::' : '0.0.0.0';
  return { address, port };
}

/**
 * `netstat -tuln`. BusyBox: `tcp 0 0 :::80 :::* LISTEN` (it says `tcp` for IPv6 too);
 * net-tools: `tcp6 0 0 :::80 :::* LISTEN`, `udp 0 0 0.0.0.0:68 0.0.0.0:*`.
 */
export function parseNetstat(text: string): ListenerFact[] {
  const out: ListenerFact[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const proto = /^(tcp|udp)6?$/.exec(f[0] ?? '');
    if (!proto || f.length < 4) continue;
    if (proto[1] === 'tcp' && f[5] !== undefined && f[5] !== 'LISTEN') continue;
    const local = splitHostPort(f[3]);
    if (local) out.push({ protocol: proto[1] as 'tcp' | 'udp', ...local });
  }
  return dedupeListeners(out);
}

/** /proc/net/{tcp,tcp6,udp,udp6}: TCP listeners and bound UDP sockets (hex, little-endian words). */
export function parseProcListeners(tables: { tcp?: string; tcp6?: string; udp?: string; udp6?: string }): ListenerFact[] {
  const rows = [
    ...parseProcNet(tables.tcp ?? '', 'tcp'),
    ...parseProcNet(tables.tcp6 ?? '', 'tcp'),
    ...parseProcNet(tables.udp ?? '', 'udp'),
    ...parseProcNet(tables.udp6 ?? '', 'udp'),
  ];
  return dedupeListeners(rows.map((r) => ({ protocol: r.protocol as 'tcp' | 'udp', address: r.address, port: r.port })));
}

function dedupeListeners(list: ListenerFact[]): ListenerFact[] {
  const seen = new Set<string>();
  return list.filter((l) => {
    const k = `${l.protocol}|${l.address}|${l.port}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const prefixFromMask = (hex: string) => {
  const bytes = decodeProcAddress(hex, endianness()).address.split('.').map(Number);
  return bytes.reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0);
};

/** /proc/net/route: `eth0 00000000 010011AC 0003 … 00000000` (destination, gateway, mask in hex). */
export function parseProcRoute(text: string): RouteFact[] {
  const out: RouteFact[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || !/^[0-9A-Fa-f]{8}$/.test(f[1])) continue;
    const dest = decodeProcAddress(f[1], endianness()).address;
    const gw = decodeProcAddress(f[2], endianness()).address;
    out.push({ destination: `${dest}/${prefixFromMask(f[7])}`, gateway: gw === '0.0.0.0' ? null : gw, iface: f[0] });
  }
  return out;
}

/** /proc/net/if_inet6: `fe80000000000000004 2acfffe110002 02 40 20 80 eth0` (network-order hex). */
export function parseIfInet6(text: string): Array<{ iface: string; cidr: string }> {
  const out: Array<{ iface: string; cidr: string }> = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^[0-9a-f]{32}$/i.test(f[0])) continue;
    const bytes = f[0].match(/../g)!.map((h) => parseInt(h, 16));
    out.push({ iface: f[5], cidr: `${ipv6FromBytes(bytes)}/${parseInt(f[2], 16)}` });
  }
  return out;
}

/** /proc/net/fib_trie: the `/32 host LOCAL` leaves are this container's own IPv4 addresses. */
export function parseFibTrieLocal(text: string): string[] {
  const out = new Set<string>();
  let last: string | null = null;
  for (const line of text.split('\n')) {
    const leaf = /\|--\s+(\d+\.\d+\.\d+\.\d+)/.exec(line);
    if (leaf) last = leaf[1];
    else if (last && /\/32 host LOCAL/.test(line)) out.add(last);
  }
  return [...out];
}

/** /proc/net/dev: the interface names (`  eth0: 1234 …`). */
export function parseProcNetDev(text: string): string[] {
  return text
    .split('\n')
    .map((l) => /^\s*([^\s:]+):/.exec(l)?.[1])
    .filter((n): n is string => !!n && n !== 'Inter-' && n !== 'face');
}

/**
 * Interfaces without `ip`: names from /proc/net/dev, IPv4 from fib_trie matched to the on-link
 * routes in /proc/net/route (loopback is 127.0.0.0/8), IPv6 from if_inet6, MAC and state from /sys.
 */
export function interfacesFromProc(input: {
  names: string[];
  routes: RouteFact[];
  localV4: string[];
  inet6: Array<{ iface: string; cidr: string }>;
  sys: Record<string, { address?: string; operstate?: string }>;
}): InterfaceFact[] {
  const out: InterfaceFact[] = input.names.map((name) => {
    const sys = input.sys[name] ?? {};
    const mac = sys.address && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(sys.address.trim()) ? sys.address.trim().toLowerCase() : null;
    // Loopback's operstate is `unknown` while it is up; anything not `down` carries traffic.
    const up = sys.operstate ? sys.operstate.trim() !== 'down' : true;
    return { name, addresses: [], mac, up };
  });
  const onLink = input.routes.filter((r) => r.gateway === null && !r.destination.endsWith('/0'));
  for (const ip of input.localV4) {
    if (ip.startsWith('127.')) {
      getOrAdd(out, 'lo').addresses.push(`${ip}/8`);
      continue;
    }
    const best = onLink.filter((r) => ipInCidr(ip, r.destination)).sort((a, b) => Number(b.destination.split('/')[1]) - Number(a.destination.split('/')[1]))[0];
    if (best) getOrAdd(out, best.iface).addresses.push(`${ip}/${best.destination.split('/')[1]}`);
  }
  for (const a of input.inet6) getOrAdd(out, a.iface).addresses.push(a.cidr);
  return out;
}

/** A tool that is not in the image: exit 126/127, or the runtime's "executable file not found". */
export function toolMissing(r: { exitCode: number | null; stdout: string; stderr: string }): boolean {
  return (
    r.exitCode === 126 ||
    r.exitCode === 127 ||
    /executable file not found|not found in \$PATH|no such file or directory|applet not found/i.test(`${r.stderr}${r.stdout}`)
  );
}
