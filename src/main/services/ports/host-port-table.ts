/**
 * One read of the host's socket tables, answering "is this port free?" for any number of ports
 * without touching the OS again, and "who holds it?" with one more pass only when asked.
 *
 *   Linux    /proc/net/{tcp,tcp6,udp,udp6} (+ /proc/net/sctp/eps), owners via /proc/<pid>/fd
 *   macOS    `lsof -nP -iTCP -iUDP -FpcuLftPTn` once (see lsof.ts for why these flags)
 *   Windows  `netstat -ano` once, process names via `tasklist /fo csv /nh` when asked
 *
 * Conflict rules (what makes the engine's bind fail, or steal the traffic):
 * - same family: the same address, or either side a wildcard (0.0.0.0 / ::). So a 127.0.0.1 request
 *   is blocked by a 0.0.0.0 listener, and a 0.0.0.0 request by a 127.0.0.1 listener (Linux refuses
 *   that bind; where another OS allows it, connections to 127.0.0.1 would still reach the old owner).
 * - a `::` listener counts as holding IPv4 too. /proc cannot show IPV6_V6ONLY, and the default
 *   (net.ipv6.bindv6only=0, and Node's) is dual-stack — so we assume it, like Docker binding both
 *   families for one published port. A v6only `::` listener is then reported busy for IPv4: a
 *   false "busy" costs the user a different port; a false "free" costs a failed container start.
 * - an IPv4-mapped listener (::ffff:127.0.0.1) is an IPv4 bind of that address.
 * - a request with hostIp '' (the engines' default) asks for both 0.0.0.0 and ::.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { PortHolder } from '../../../shared/contract/ports';
import type { Protocol } from '../../../shared/contract/model';
import { portKey } from '../../../shared/port-spec';
import { IPV4_ANY, IPV6_ANY, isWildcard, parseAddress, unmapIPv4, type Family, type ParsedAddress } from './addresses';
import { recogniseEngineProxy } from './engine-proxies';
import { parseLsof } from './lsof';
import { parseNetstatWindows, parseTasklistCsv } from './netstat-windows';
import { parseProcNet, parseSctpEps } from './proc-net';
import { findSocketOwners, readPasswd, type ProcFs, type SocketOwner } from './socket-owner';
import { pacer, type Pace } from '../../core/event-loop';
import type { ReadHostPorts } from './host-port-snapshot';

export type ProcessHolder = Extract<PortHolder, { kind: 'process' }>;
export type EngineProxyHolder = Extract<PortHolder, { kind: 'engine-proxy' }>;

/** Where an engine proxy forwards to, from its command line; the caller maps it to a container. */
export interface ProxyTarget {
  containerIp?: string;
  containerPort?: number;
  containerId?: string;
  containerName?: string;
}

export interface PortHolderLike {
  holder: ProcessHolder | EngineProxyHolder;
  proxyTarget?: ProxyTarget;
}

export interface HostListener {
  protocol: Protocol;
  /** null only for lsof's `*` without a type, which then holds both families. */
  family: Family | null;
  address: string;
  port: number;
  /** Linux socket inode; null elsewhere. */
  inode: number | null;
  uid: number | null;
  user: string | null;
  /** Known at read time on macOS/Windows; on Linux null until owners()/holdersOf() resolve it. */
  pid: number | null;
  command: string | null;
}

export interface PortQuery {
  hostIp?: string;
  hostPort: number;
  protocol: Protocol;
}

export interface PortOwners {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
  holders: PortHolderLike[];
}

export type CommandRunner = (args: string[]) => Promise<string>;

export interface HostPortTableOptions {
  platform?: NodeJS.Platform;
  procRoot?: string;
  passwdPath?: string;
  runLsof?: CommandRunner;
  runNetstat?: CommandRunner;
  runTasklist?: CommandRunner;
  /** macOS: full command lines for the pids asked about (lsof only knows the short name). */
  runPs?: CommandRunner;
  procFs?: ProcFs;
  /** Linux: read only these protocols' tables (each /proc/net file costs milliseconds on a big host). */
  protocols?: readonly Protocol[];
}

export const LSOF_ARGS = ['-nP', '-iTCP', '-iUDP', '-FpcuLftPTn'];
export const NETSTAT_ARGS = ['-ano'];
export const TASKLIST_ARGS = ['/fo', 'csv', '/nh'];

/** Runs a tool with an argument array (no shell). lsof exits 1 when it finds nothing: not an error. */
function runner(file: string): CommandRunner {
  return async (args) => {
    const r = await execa(file, args, { reject: false, timeout: 15_000, windowsHide: true, stripFinalNewline: false });
    if (r.failed && !r.stdout) throw new Error(`${file} ${args.join(' ')} failed: ${r.shortMessage}`);
    return r.stdout;
  };
}

/** About 1,700 lines of /proc/net/tcp: a few milliseconds of parsing. */
const SLICE_CHARS = 256 * 1024;

/**
 * Parses a socket table slice by slice, handing the loop back between slices when due: on a busy
 * host /proc/net/tcp lists every connection, and 50,000 of them take 150 ms to parse in one go.
 * Slices are cut right before `boundary` (a line; a process record in lsof's field output), so
 * each one parses on its own.
 */
async function parseInSlices<T>(text: string, parse: (slice: string) => T[], pace: Pace, boundary = '\n'): Promise<T[]> {
  if (text.length <= SLICE_CHARS) return parse(text);
  const out: T[] = [];
  for (let start = 0; start < text.length;) {
    const cut = text.indexOf(boundary, start + SLICE_CHARS);
    const end = cut < 0 ? text.length : cut + 1;
    for (const row of parse(text.slice(start, end))) out.push(row);
    await pace(end - start);
    start = end;
  }
  return out;
}

/** The addresses a bind request occupies. */
function requested(hostIp: string): ParsedAddress[] {
  const t = hostIp.trim();
  if (t === 'localhost') return [{ address: '127.0.0.1', family: 4 }];
  const parsed = t === '' || t === '*' ? null : parseAddress(t);
  if (!parsed)
    return [
      { address: IPV4_ANY, family: 4 },
      { address: IPV6_ANY, family: 6 },
    ];
  const unmapped = unmapIPv4(parsed.address);
  return [unmapped === parsed.address ? parsed : { address: unmapped, family: 4 }];
}

/** The addresses a listener occupies (see the rules above). */
function occupied(l: HostListener): ParsedAddress[] {
  if (l.address === '*' || (l.family === 6 && l.address === IPV6_ANY)) {
    return [
      { address: IPV4_ANY, family: 4 },
      { address: IPV6_ANY, family: 6 },
    ];
  }
  const unmapped = unmapIPv4(l.address);
  if (unmapped !== l.address) return [{ address: unmapped, family: 4 }];
  return [{ address: l.address, family: l.family ?? (l.address.includes(':') ? 6 : 4) }];
}

const overlaps = (a: ParsedAddress, b: ParsedAddress) => a.family === b.family && (a.address === b.address || isWildcard(a.address) || isWildcard(b.address));

export class HostPortTable {
  private readonly byPort = new Map<number, HostListener[]>();
  private readonly inodeOwners = new Map<number, SocketOwner[]>();
  private readonly pidCommands = new Map<number, string>();
  private namesLoaded = false;
  private unreadableProcesses = 0;

  private constructor(
    private readonly all: HostListener[],
    private readonly options: HostPortTableOptions,
    readonly platform: NodeJS.Platform,
    readonly readAt: Date,
  ) {
    for (const l of all) {
      const list = this.byPort.get(portKey(l.protocol, l.port)) ?? [];
      list.push(l);
      this.byPort.set(portKey(l.protocol, l.port), list);
    }
  }

  static async read(options: HostPortTableOptions = {}): Promise<HostPortTable> {
    const platform = options.platform ?? process.platform;
    const readAt = new Date();
    const pace = pacer({ every: SLICE_CHARS });
    if (platform === 'win32') {
      const text = await (options.runNetstat ?? runner('netstat'))(NETSTAT_ARGS);
      const rows = (await parseInSlices(text, parseNetstatWindows, pace)).map((s) => ({ ...s, inode: null, uid: null, user: null, command: null }));
      return new HostPortTable(rows, options, platform, readAt);
    }
    if (platform !== 'linux') {
      const text = await (options.runLsof ?? runner('lsof'))(LSOF_ARGS);
      // Field output (-F) is records of one process each, started by a `p<pid>` line.
      const rows = (await parseInSlices(text, (t) => parseLsof(t), pace, '\np')).map((s) => ({ ...s, inode: null }));
      return new HostPortTable(rows, options, platform, readAt);
    }
    const procRoot = options.procRoot ?? '/proc';
    // A missing file means that family/protocol is absent (no IPv6, no sctp module), not an error.
    const want = new Set<Protocol>(options.protocols ?? ['tcp', 'udp', 'sctp']);
    const file = (protocol: Protocol, name: string) =>
      want.has(protocol) ? fs.readFile(join(procRoot, 'net', name), 'utf8').catch(() => '') : Promise.resolve('');
    const [tcp, tcp6, udp, udp6, sctp, users] = await Promise.all([
      file('tcp', 'tcp'),
      file('tcp', 'tcp6'),
      file('udp', 'udp'),
      file('udp', 'udp6'),
      file('sctp', 'sctp/eps'),
      readPasswd(options.passwdPath),
    ]);
    const sockets = [
      ...(await parseInSlices(tcp, (t) => parseProcNet(t, 'tcp'), pace)),
      ...(await parseInSlices(tcp6, (t) => parseProcNet(t, 'tcp'), pace)),
      ...(await parseInSlices(udp, (t) => parseProcNet(t, 'udp'), pace)),
      ...(await parseInSlices(udp6, (t) => parseProcNet(t, 'udp'), pace)),
      ...(await parseInSlices(sctp, parseSctpEps, pace)),
    ];
    const rows = sockets.map((s) => ({ ...s, user: users.get(s.uid) ?? null, pid: null, command: null }));
    return new HostPortTable(rows, options, platform, readAt);
  }

  /** Every socket that holds a port (TCP listeners, bound UDP, SCTP endpoints). */
  listeners(): HostListener[] {
    return this.all.map((l) => ({ ...l }));
  }

  /** The listeners that a bind of hostIp:hostPort would collide with. Pure: one Map lookup. */
  conflicts(hostIp: string, hostPort: number, protocol: Protocol): HostListener[] {
    const candidates = this.byPort.get(portKey(protocol, hostPort));
    if (!candidates) return [];
    const want = requested(hostIp);
    return candidates.filter((l) => occupied(l).some((o) => want.some((w) => overlaps(o, w))));
  }

  isFree(hostIp: string, hostPort: number, protocol: Protocol): boolean {
    return this.conflicts(hostIp, hostPort, protocol).length === 0;
  }

  /** Processes whose sockets could not be attributed (other users' processes without root). */
  get unattributable(): number {
    return this.unreadableProcesses;
  }

  async holdersOf(hostPort: number, protocol: Protocol, hostIp = ''): Promise<PortHolderLike[]> {
    const [result] = await this.owners([{ hostIp, hostPort, protocol }]);
    return result.holders;
  }

  /** Holders for many ports, resolving process details once for all of them. */
  async owners(queries: PortQuery[]): Promise<PortOwners[]> {
    const hits = queries.map((q) => ({ q, listeners: this.conflicts(q.hostIp ?? '', q.hostPort, q.protocol) }));
    await this.resolve(hits.flatMap((h) => h.listeners));
    return hits.map(({ q, listeners }) => ({
      hostIp: q.hostIp ?? '',
      hostPort: q.hostPort,
      protocol: q.protocol,
      holders: dedupe(listeners.flatMap((l) => this.holdersFor(l))),
    }));
  }

  private async resolve(listeners: HostListener[]): Promise<void> {
    if (this.platform === 'linux') {
      if (listeners.every((l) => l.inode === null || this.inodeOwners.has(l.inode))) return;
      // A scan walks every process's fd table whatever it looks for, so one scan resolves every
      // socket of the table: the next port asked about (a check names up to 32) costs nothing.
      const missing = this.all.map((l) => l.inode).filter((i): i is number => i !== null && !this.inodeOwners.has(i));
      const { owners, unreadable } = await findSocketOwners(missing, { procRoot: this.options.procRoot, fs: this.options.procFs });
      this.unreadableProcesses = unreadable;
      for (const inode of missing) this.inodeOwners.set(inode, owners.get(inode) ?? []);
    } else if (this.platform === 'win32') {
      if (this.namesLoaded || !listeners.length) return;
      this.namesLoaded = true;
      const names = await (this.options.runTasklist ?? runner('tasklist'))(TASKLIST_ARGS).then(parseTasklistCsv, () => new Map<number, string>());
      for (const l of this.all) if (l.pid !== null) l.command = names.get(l.pid) ?? null;
    } else {
      const pids = [...new Set(listeners.map((l) => l.pid))].filter((p): p is number => p !== null && !this.pidCommands.has(p));
      if (!pids.length) return;
      const ps = this.options.runPs ?? runner('ps');
      const text = await ps(['-ww', '-o', 'pid=,args=', '-p', pids.join(',')]).catch(() => '');
      for (const line of text.split('\n')) {
        const m = /^\s*(\d+)\s+(.+)$/.exec(line);
        if (m) this.pidCommands.set(Number(m[1]), m[2].trim());
      }
      for (const p of pids) if (!this.pidCommands.has(p)) this.pidCommands.set(p, '');
    }
  }

  private holdersFor(l: HostListener): PortHolderLike[] {
    if (this.platform === 'linux') {
      const procs = l.inode !== null ? (this.inodeOwners.get(l.inode) ?? []) : [];
      if (!procs.length) return [makeHolder(l, null)];
      return procs.map((p) => makeHolder(l, { pid: p.pid, command: p.command, argv: p.argv, name: p.comm }));
    }
    if (l.pid === null) return [makeHolder(l, null)];
    const full = this.pidCommands.get(l.pid) || null;
    return [makeHolder(l, { pid: l.pid, command: full ?? l.command, argv: full ?? l.command, name: l.command })];
  }
}

interface ProcessInfo {
  pid: number;
  command: string | null;
  argv: string[] | string | null;
  name: string | null;
}

function makeHolder(l: HostListener, proc: ProcessInfo | null): PortHolderLike {
  const base = { pid: proc?.pid ?? null, command: proc?.command ?? null, hostIp: l.address, hostPort: l.port, protocol: l.protocol };
  const proxy = proc ? recogniseEngineProxy(proc.argv, proc.name) : null;
  if (!proxy) return { holder: { kind: 'process', ...base, user: l.user } };
  const { containerIp, containerPort, containerId, containerName } = proxy;
  const target = Object.fromEntries(
    Object.entries({ containerIp, containerPort, containerId, containerName }).filter(([, v]) => v !== undefined),
  ) as ProxyTarget;
  return {
    holder: { kind: 'engine-proxy', proxy: proxy.proxy, ...base, engineId: null, containerId: null, containerName: null },
    ...(Object.keys(target).length ? { proxyTarget: target } : {}),
  };
}

function dedupe(list: PortHolderLike[]): PortHolderLike[] {
  const seen = new Set<string>();
  return list.filter(({ holder: h }) => {
    const k = `${h.kind}|${h.pid}|${h.hostIp}|${h.hostPort}|${h.protocol}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The real kernel tables: /proc/net on Linux, one lsof call on macOS, one netstat call on Windows. */
export const readHostPortTable: ReadHostPorts = (protocols) => HostPortTable.read({ protocols });
