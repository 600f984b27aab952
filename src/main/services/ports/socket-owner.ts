/**
 * Linux: which processes hold given socket inodes. /proc/net/* says a port is bound and by which
 * socket inode; only the processes' fd tables say who has that socket open:
 * /proc/<pid>/fd/<n> is a symlink reading `socket:[<inode>]`.
 *
 * One pass over /proc answers a whole batch of inodes, and it runs only when someone asks who
 * holds a port — checking whether ports are free never needs it.
 *
 * Other users' processes: without root (or CAP_SYS_PTRACE) /proc/<pid>/fd is unreadable (EACCES),
 * so their sockets are simply not found and the caller reports pid/command as null. Processes
 * also exit mid-scan (ENOENT, ESRCH); every per-process read tolerates that.
 */
import { promises as nodeFs, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pacer } from '../../core/event-loop';

export interface SocketOwner {
  pid: number;
  /** argv, as the process set it (NUL-separated in /proc/<pid>/cmdline). */
  argv: string[];
  /** argv joined with spaces, or the short name when argv is empty (kernel threads, zombies). */
  command: string;
  /** /proc/<pid>/comm: the kernel's 15-character process name. */
  comm: string;
}

/** The few fs calls the scan makes; injectable so tests can simulate EACCES as root. */
export interface ProcFs {
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
  readFile(path: string): Promise<Buffer>;
}

export interface SocketOwnerOptions {
  procRoot?: string;
  fs?: ProcFs;
  /** Processes scanned in parallel; bounded so a big /proc doesn't open thousands of handles. */
  concurrency?: number;
}

export interface SocketOwnerResult {
  /** inode → every process that has the socket open (a forked child shares its parent's). */
  owners: Map<number, SocketOwner[]>;
  /** Processes whose fd table we were not allowed to read: their sockets cannot be attributed. */
  unreadable: number;
}

/**
 * Synchronous calls behind the async interface: a scan makes thousands of tiny procfs calls, and
 * each trip through libuv's thread pool costs more than the call itself (measured: 66 ms async vs
 * lsof's 43 ms for one owner lookup). The scan is paced instead (see findSocketOwners), so on a
 * host with many processes it still hands the event loop back every few milliseconds.
 */
const defaultFs: ProcFs = {
  readdir: async (p) => readdirSync(p),
  readlink: async (p) => readlinkSync(p),
  readFile: async (p) => readFileSync(p),
};

const SOCKET_LINK = /^socket:\[(\d+)\]$/;

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

async function processInfo(fs: ProcFs, dir: string, pid: number): Promise<SocketOwner> {
  const [cmdline, comm] = await Promise.all([
    fs.readFile(join(dir, 'cmdline')).then(
      (b) => b.toString('utf8'),
      () => '',
    ),
    fs.readFile(join(dir, 'comm')).then(
      (b) => b.toString('utf8').trim(),
      () => '',
    ),
  ]);
  const argv = cmdline.split('\0');
  while (argv.length && argv[argv.length - 1] === '') argv.pop();
  return { pid, argv, comm, command: argv.length ? argv.join(' ') : comm };
}

/** Finds the processes holding `inodes` with one scan of procRoot. */
export async function findSocketOwners(inodes: Iterable<number>, options: SocketOwnerOptions = {}): Promise<SocketOwnerResult> {
  const fs = options.fs ?? defaultFs;
  const procRoot = options.procRoot ?? '/proc';
  const wanted = new Set([...inodes].filter((i) => i > 0));
  const owners = new Map<number, SocketOwner[]>();
  let unreadable = 0;
  if (wanted.size === 0) return { owners, unreadable };

  const pids = (await fs.readdir(procRoot)).filter((name) => /^\d+$/.test(name)).map(Number);
  // One procfs call is one unit: the workers below share the pacer, so they pause together.
  const pace = pacer({ every: 1024 });

  const scan = async (pid: number) => {
    const dir = join(procRoot, String(pid));
    const fds = await fs.readdir(join(dir, 'fd')).catch((err: unknown) => {
      if (errorCode(err) === 'EACCES' || errorCode(err) === 'EPERM') unreadable++;
      return null; // ENOENT/ESRCH: the process exited since we listed /proc
    });
    await pace();
    if (!fds) return;
    const found = new Set<number>();
    for (const fd of fds) {
      const link = await fs.readlink(join(dir, 'fd', fd)).catch(() => null); // null: fd closed meanwhile
      await pace();
      if (link === null) continue;
      const m = SOCKET_LINK.exec(link);
      if (m && wanted.has(Number(m[1]))) found.add(Number(m[1]));
    }
    if (!found.size) return;
    const info = await processInfo(fs, dir, pid);
    for (const inode of found) {
      const list = owners.get(inode) ?? [];
      list.push(info);
      owners.set(inode, list);
    }
  };

  const limit = Math.max(1, options.concurrency ?? 32);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, pids.length) }, async () => {
    while (next < pids.length) await scan(pids[next++]);
  });
  await Promise.all(workers);
  for (const list of owners.values()) list.sort((a, b) => a.pid - b.pid);
  return { owners, unreadable };
}

/** /etc/passwd → uid → login name. Later duplicates don't override the first, like getpwuid. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    if (name && uid && /^\d+$/.test(uid) && !users.has(Number(uid))) users.set(Number(uid), name);
  }
  return users;
}

const passwdCache = new Map<string, Promise<Map<number, string>>>();

/**
 * Parsed once per path for the life of the process: accounts rarely change while the app runs,
 * and a uid missing from it (LDAP/SSSD users) just shows as its number.
 */
export function readPasswd(path = '/etc/passwd'): Promise<Map<number, string>> {
  let cached = passwdCache.get(path);
  if (!cached) {
    cached = nodeFs.readFile(path, 'utf8').then(parsePasswd, () => new Map<number, string>());
    passwdCache.set(path, cached);
  }
  return cached;
}
