/**
 * Builds a fake /proc in a temp dir from the captured fixtures (tests/fixtures/host-ports/*):
 * net/{tcp,tcp6,udp,udp6} from proc-net-*.txt, and for every proc-pid-<pid>/ a <pid>/ with
 * cmdline, comm and fd/<n> symlinks re-created from fd-links.txt (dangling `socket:[inode]`
 * links read back exactly as the kernel's do).
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/host-ports');

export async function buildFakeProc(scenario: string): Promise<string> {
  const src = join(FIXTURES, scenario);
  const root = await mkdtemp(join(tmpdir(), 'ck-fake-proc-'));
  await mkdir(join(root, 'net'));
  for (const name of ['tcp', 'tcp6', 'udp', 'udp6']) {
    await cp(join(src, `proc-net-${name}.txt`), join(root, 'net', name));
  }
  for (const entry of await readdir(src)) {
    const m = /^proc-pid-(\d+)$/.exec(entry);
    if (m) await addProcess(root, Number(m[1]), join(src, entry));
  }
  return root;
}

async function addProcess(root: string, pid: number, from: string): Promise<void> {
  const dir = join(root, String(pid));
  await mkdir(join(dir, 'fd'), { recursive: true });
  await cp(join(from, 'cmdline'), join(dir, 'cmdline'));
  await cp(join(from, 'comm'), join(dir, 'comm'));
  for (const line of (await readFile(join(from, 'fd-links.txt'), 'utf8')).split('\n')) {
    const [fd, ...target] = line.split(' ');
    if (fd && target.length) await symlink(target.join(' '), join(dir, 'fd', fd));
  }
}

/** A process of our own making: argv and the sockets (inodes) it holds. */
export async function addFakeProcess(root: string, pid: number, argv: string[], inodes: number[]): Promise<void> {
  const dir = join(root, String(pid));
  await mkdir(join(dir, 'fd'), { recursive: true });
  await writeFile(join(dir, 'cmdline'), argv.map((a) => `${a}\0`).join(''));
  await writeFile(join(dir, 'comm'), `${argv[0]?.split('/').pop() ?? ''}\n`);
  for (const [i, inode] of inodes.entries()) await symlink(`socket:[${inode}]`, join(dir, 'fd', String(i + 3)));
}

export async function writePasswd(root: string): Promise<string> {
  const path = join(root, 'passwd');
  await writeFile(path, 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n');
  return path;
}

export const removeFakeProc = (root: string) => rm(root, { recursive: true, force: true });

export const fixture = (path: string) => readFile(join(FIXTURES, path), 'utf8');
