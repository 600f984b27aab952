/**
 * The host's routing table, read so a new container network is not given a subnet the host
 * already routes somewhere else (the LAN, a VPN): packets from containers to that range would go
 * to the bridge instead, and the network becomes unreachable from inside every container.
 *
 * Linux: /proc/net/route and /proc/net/ipv6_route (no tool needed, works in minimal hosts).
 * macOS: `netstat -rn` (there is no /proc; the routing socket needs native code).
 * Fixtures and their sources: tests/fixtures/host-network/README.md.
 */
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { formatIp, parseCidr, parseIp, type IpFamily } from '../../../shared/cidr';

export interface HostRoute {
  /** Canonical CIDR of the destination (`0.0.0.0/0` / `::/0` for default routes). */
  destination: string;
  iface: string;
  /** Next hop as an address; null for on-link routes (and macOS `link#N` / MAC gateways). */
  gateway: string | null;
}

export type ByteOrder = 'LE' | 'BE';

// include/uapi/linux/route.h and ipv6_route.h flags.
const RTF_UP = 0x0001;
const RTF_REJECT = 0x0200;
const RTF_CACHE = 0x01000000;
const RTF_LOCAL = 0x80000000;

/** Multicast prefixes appear once per interface and are not destinations a subnet could shadow. */
const isMulticast = (family: IpFamily, network: bigint) => (family === 4 ? network >> 28n === 0xen : network >> 120n === 0xffn);

/**
 * One `%08X` word of /proc/net/route → the address value. The kernel prints the __be32 as the CPU
 * holds it, so on little-endian hosts the bytes appear reversed: 0100A8C0 is 192.168.0.1.
 */
function procWord(hex: string, order: ByteOrder): bigint {
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16));
  if (order === 'LE') bytes.reverse();
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/** Prefix length of a contiguous mask, or null for a non-contiguous one. */
function maskPrefix(mask: bigint, bits: number): number | null {
  let prefix = 0;
  while (prefix < bits && ((mask >> BigInt(bits - 1 - prefix)) & 1n) === 1n) prefix++;
  const rest = mask & ((1n << BigInt(bits - prefix)) - 1n);
  return rest === 0n ? prefix : null;
}

function route(family: IpFamily, network: bigint, prefix: number, iface: string, gateway: string | null): HostRoute | null {
  if (isMulticast(family, network)) return null;
  return { destination: `${formatIp(family, network)}/${prefix}`, iface, gateway };
}

/** /proc/net/route: `Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT`. */
export function parseProcNetRoute(text: string, order: ByteOrder = endianness()): HostRoute[] {
  const out: HostRoute[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || f[0] === 'Iface' || !/^[0-9A-Fa-f]{8}$/.test(f[1]) || !/^[0-9A-Fa-f]{8}$/.test(f[7])) continue;
    const flags = parseInt(f[3], 16);
    if (!(flags & RTF_UP) || flags & RTF_REJECT) continue;
    const prefix = maskPrefix(procWord(f[7], order), 32);
    if (prefix === null) continue;
    const gw = procWord(f[2], order);
    const r = route(4, procWord(f[1], order), prefix, f[0], gw === 0n ? null : formatIp(4, gw));
    if (r) out.push(r);
  }
  return out;
}

/**
 * /proc/net/ipv6_route: `dest dest_plen src src_plen next_hop metric refcnt use flags iface`, the
 * addresses as 32 hex digits in network order (unlike /proc/net/route), lengths in hex.
 * Local (the host's own addresses), cached and reject (unreachable) entries are left out, matching
 * what /proc/net/route shows for IPv4 (the main table only).
 */
export function parseProcNetIpv6Route(text: string): HostRoute[] {
  const out: HostRoute[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || !/^[0-9a-fA-F]{32}$/.test(f[0])) continue;
    const flags = parseInt(f[8], 16);
    if (!(flags & RTF_UP) || flags & (RTF_REJECT | RTF_CACHE | RTF_LOCAL)) continue;
    const nextHop = BigInt(`0x${f[4]}`);
    const r = route(6, BigInt(`0x${f[0]}`), parseInt(f[1], 16), f[9], nextHop === 0n ? null : formatIp(6, nextHop));
    if (r) out.push(r);
  }
  return out;
}

/** An address with an optional `%zone` → canonical text, zone kept (a link-local next hop needs it). */
function gatewayText(token: string): string | null {
  const [addr, zone] = token.split('%');
  try {
    const ip = parseIp(addr);
    return zone ? `${ip.text}%${zone}` : ip.text;
  } catch {
    return null; // link#4, a MAC address, an interface name: on-link
  }
}

/**
 * A netstat destination → CIDR. BSD netstat prints IPv4 networks the classful way (netname() in
 * network_cmds netstat.tproj/route.c): trailing zero octets are dropped and `/len` is omitted when
 * the mask is the address's natural class mask, so `127` is 127.0.0.0/8, `169.254` is /16,
 * `192.168.1` is /24 and `192.168.52/23` carries its length. Host routes (flag H) have no mask.
 */
export function netstatDestination(text: string, family: IpFamily, flags: string): string | null {
  if (text === 'default') return family === 4 ? '0.0.0.0/0' : '::/0';
  const [addrWithZone, len] = text.split('/');
  const addr = addrWithZone.split('%')[0];
  let prefix: number;
  let full = addr;
  if (family === 4) {
    const octets = addr.split('.');
    if (octets.length > 4) return null;
    full = [...octets, '0', '0', '0'].slice(0, 4).join('.');
    const first = Number(octets[0]);
    prefix = len !== undefined ? Number(len) : flags.includes('H') ? 32 : first < 128 ? 8 : first < 192 ? 16 : 24;
  } else {
    prefix = len !== undefined ? Number(len) : 128;
  }
  try {
    return parseCidr(`${full}/${prefix}`, { allowHostBits: true }).text;
  } catch {
    return null;
  }
}

/**
 * `netstat -rn` (or `-rn -f inet` / `-f inet6`) on macOS. Columns are found from the header,
 * because macOS ≤ 10.14 prints `Refs Use` between Flags and Netif and 10.15+ does not.
 * Cloned host entries (flag W: the ARP/ND cache), broadcast (b) and multicast (m) rows are left
 * out: they are neighbours on a network whose own route is listed anyway.
 */
export function parseNetstatRoutes(text: string): HostRoute[] {
  const out: HostRoute[] = [];
  let family: IpFamily | null = null;
  let cols: { flags: number; netif: number } | null = null;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (/^Internet:/.test(t)) [family, cols] = [4, null];
    else if (/^Internet6:/.test(t)) [family, cols] = [6, null];
    else if (/^Destination\s+Gateway/.test(t)) {
      const head = t.split(/\s+/);
      cols = { flags: head.indexOf('Flags'), netif: head.indexOf('Netif') };
      if (cols.flags < 0 || cols.netif < 0) cols = null;
    } else if (family && cols && t) {
      const f = t.split(/\s+/);
      if (f.length <= cols.netif) continue;
      const flags = f[cols.flags];
      if (/[Wbm]/.test(flags)) continue;
      const destination = netstatDestination(f[0], family, flags);
      if (!destination) continue;
      const c = parseCidr(destination);
      if (isMulticast(c.family, c.network)) continue;
      out.push({ destination, iface: f[cols.netif], gateway: gatewayText(f[1]) });
    }
  }
  return out;
}

export interface ReadHostRoutesOptions {
  platform?: NodeJS.Platform;
  /** Linux: where /proc is (tests point it at a fixture directory). */
  procRoot?: string;
  /** macOS: runs netstat with the given arguments and returns stdout. */
  runNetstat?: (args: string[]) => Promise<string>;
}

export const NETSTAT_ROUTE_ARGS = ['-rn'];

async function netstat(args: string[]): Promise<string> {
  const r = await execa('netstat', args, { reject: false, timeout: 10_000 });
  if (r.failed && !r.stdout) throw new Error(`netstat ${args.join(' ')} failed: ${r.shortMessage}`);
  return r.stdout;
}

/** The host's routes; an empty list on platforms we cannot read (the check is then skipped). */
export async function readHostRoutes(options: ReadHostRoutesOptions = {}): Promise<HostRoute[]> {
  const platform = options.platform ?? process.platform;
  let routes: HostRoute[];
  if (platform === 'linux') {
    const root = options.procRoot ?? '/proc';
    const v4 = await readFile(join(root, 'net', 'route'), 'utf8');
    // Absent when IPv6 is disabled in the kernel: that is not an error.
    const v6 = await readFile(join(root, 'net', 'ipv6_route'), 'utf8').catch(() => '');
    routes = [...parseProcNetRoute(v4), ...parseProcNetIpv6Route(v6)];
  } else if (platform === 'darwin') {
    routes = parseNetstatRoutes(await (options.runNetstat ?? netstat)(NETSTAT_ROUTE_ARGS));
  } else {
    return [];
  }
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.destination} ${r.iface}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
