import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { findSocketOwners, parsePasswd, type ProcFs } from '../../../../src/main/services/ports/socket-owner';
import { addFakeProcess, buildFakeProc, removeFakeProc } from './fake-proc';

const realFs: ProcFs = { readdir: (p) => fs.readdir(p), readlink: (p) => fs.readlink(p), readFile: (p) => fs.readFile(p) };

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

describe('finding socket owners in a fake /proc (captured linux/ scenario)', () => {
  let proc: string;
  beforeEach(async () => {
    proc = await buildFakeProc('linux');
  });
  afterEach(() => removeFakeProc(proc));

  it('maps inodes to pid, argv and command line', async () => {
    const { owners, unreadable } = await findSocketOwners([136908, 136932, 136917], { procRoot: proc });
    expect(unreadable).toBe(0);
    expect(owners.get(136908)).toEqual([{ pid: 12702, argv: ['node', 'listeners.cjs'], command: 'node listeners.cjs', comm: 'node' }]);
    expect(owners.get(136917)?.[0].pid).toBe(12702);
    expect(owners.get(136932)?.[0]).toMatchObject({
      pid: 12712,
      command: "node -e require('net').createServer().listen(18088,'127.0.0.1'); setInterval(()=>{},1000)",
    });
  });

  it('leaves out inodes no process holds (port 2024: no visible owner)', async () => {
    const { owners } = await findSocketOwners([666], { procRoot: proc });
    expect(owners.size).toBe(0);
  });

  it("reports other users' unreadable fd tables instead of failing (EACCES as a non-root user)", async () => {
    const denying: ProcFs = {
      ...realFs,
      readdir: (p) => (p === join(proc, '12712', 'fd') ? Promise.reject(errno('EACCES')) : realFs.readdir(p)),
    };
    const { owners, unreadable } = await findSocketOwners([136908, 136932], { procRoot: proc, fs: denying });
    expect(unreadable).toBe(1);
    expect(owners.has(136908)).toBe(true);
    expect(owners.has(136932)).toBe(false);
  });

  it('survives processes that exit mid-scan (ENOENT on fd/, on a link, on cmdline)', async () => {
    await fs.mkdir(join(proc, '99999')); // listed, but its fd/ is already gone
    await addFakeProcess(proc, 4242, ['/usr/bin/short-lived'], [555001]);
    const racing: ProcFs = {
      ...realFs,
      readlink: (p) => (p === join(proc, '12702', 'fd', '19') ? Promise.reject(errno('ENOENT')) : realFs.readlink(p)),
      readFile: (p) => (p.startsWith(join(proc, '4242')) ? Promise.reject(errno('ESRCH')) : realFs.readFile(p)),
    };
    const { owners, unreadable } = await findSocketOwners([136908, 136909, 555001], { procRoot: proc, fs: racing });
    expect(unreadable).toBe(0);
    expect(owners.has(136908)).toBe(false); // its only fd vanished
    expect(owners.get(136909)?.[0].pid).toBe(12702);
    expect(owners.get(555001)).toEqual([{ pid: 4242, argv: [], command: '', comm: '' }]);
  });

  it('lists every process sharing a socket (a forked child inherits it), by pid', async () => {
    await addFakeProcess(proc, 13000, ['node', 'worker.js'], [136908]);
    const { owners } = await findSocketOwners([136908], { procRoot: proc });
    expect(owners.get(136908)?.map((o) => o.pid)).toEqual([12702, 13000]);
  });

  it('falls back to comm when cmdline is empty (kernel threads, zombies)', async () => {
    await addFakeProcess(proc, 77, [], [555]);
    await fs.writeFile(join(proc, '77', 'comm'), 'kworker/0:1\n');
    const { owners } = await findSocketOwners([555], { procRoot: proc });
    expect(owners.get(555)).toEqual([{ pid: 77, argv: [], command: 'kworker/0:1', comm: 'kworker/0:1' }]);
  });

  it('does not touch /proc when no inode is asked for', async () => {
    let calls = 0;
    const counting: ProcFs = { ...realFs, readdir: (p) => (calls++, realFs.readdir(p)) };
    await findSocketOwners([], { procRoot: proc, fs: counting });
    await findSocketOwners([0], { procRoot: proc, fs: counting });
    expect(calls).toBe(0);
  });

  it('scans /proc once for a whole batch', async () => {
    const listed: string[] = [];
    const counting: ProcFs = { ...realFs, readdir: (p) => (listed.push(p), realFs.readdir(p)) };
    await findSocketOwners([136908, 136909, 136910, 136932, 136915], { procRoot: proc, fs: counting });
    expect(listed.filter((p) => p === proc)).toHaveLength(1);
  });
});

describe('/etc/passwd', () => {
  it('maps uids to names, first entry wins, comments and junk skipped', () => {
    const users = parsePasswd('# comment\nroot:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/:/bin/false\ntoor:x:0:0::/:/bin/sh\nbroken\n+::::::\n');
    expect([...users]).toEqual([
      [0, 'root'],
      [65534, 'nobody'],
    ]);
  });
});

describe('a scan of a big /proc', () => {
  /** 3,000 processes of 8 sockets each, answered at once: only the scan's own pacing can let the loop turn. */
  function bigProc(): ProcFs {
    const pids = Array.from({ length: 3000 }, (_, i) => String(1000 + i));
    const fds = Array.from({ length: 8 }, (_, i) => String(i + 3));
    return {
      readdir: async (p) => (p === '/fakeproc' ? [...pids, 'self', 'net'] : fds),
      readlink: async (p) => {
        const [, pid, , fd] = p.slice('/fakeproc'.length).split('/');
        return `socket:[${Number(pid) * 100 + Number(fd)}]`;
      },
      readFile: async (p) => Buffer.from(p.endsWith('cmdline') ? `proc-${p.split('/')[2]}\0` : 'proc\n'),
    };
  }

  it('hands the event loop back while it walks thousands of fd tables, and still finds every owner', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const { owners } = await findSocketOwners([1000 * 100 + 3, 3999 * 100 + 10], { procRoot: '/fakeproc', fs: bigProc() });
    // Before pacing, the whole scan ran in microtasks (its reads answer at once) and this was false.
    expect(turned).toBe(true);
    expect(owners.get(100_003)?.map((o) => o.pid)).toEqual([1000]);
    expect(owners.get(399_910)?.map((o) => o.command)).toEqual(['proc-3999']);
  });
});
