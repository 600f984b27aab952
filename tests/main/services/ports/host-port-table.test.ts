import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { promises as fs } from 'node:fs';
import { PortHolderSchema } from '../../../../src/shared/contract/ports';
import { HostPortTable, LSOF_ARGS, NETSTAT_ARGS, TASKLIST_ARGS } from '../../../../src/main/services/ports/host-port-table';
import type { ProcFs } from '../../../../src/main/services/ports/socket-owner';
import { buildFakeProc, fixture, removeFakeProc, writePasswd } from './fake-proc';

const roots: string[] = [];
async function linuxTable(scenario: string, procFs?: ProcFs) {
  const procRoot = await buildFakeProc(scenario);
  roots.push(procRoot);
  return HostPortTable.read({ platform: 'linux', procRoot, passwdPath: await writePasswd(procRoot), procFs });
}
afterAll(() => Promise.all(roots.map(removeFakeProc)));

describe('HostPortTable on Linux, read from a fake /proc (linux/ capture)', () => {
  let table: HostPortTable;
  beforeAll(async () => {
    table = await linuxTable('linux');
  });

  it('lists every listening/bound socket once, with its user', () => {
    const all = table.listeners();
    expect(all).toHaveLength(14);
    expect(all.find((l) => l.port === 18088)).toMatchObject({ address: '127.0.0.1', uid: 65534, user: 'nobody', pid: null, inode: 136932 });
  });

  it.each<[string, number, boolean, string]>([
    // request, port, busy?, why
    ['127.0.0.1', 18086, true, 'a 0.0.0.0 listener holds every IPv4 address'],
    ['0.0.0.0', 18081, true, 'binding 0.0.0.0 fails while 127.0.0.1 is held'],
    ['', 18081, true, "the engines' default ('') asks for every address"],
    ['127.0.0.2', 18081, false, 'another specific address of the same family is free'],
    ['::1', 18081, false, 'an IPv4-only listener does not hold IPv6'],
    ['::', 18081, false, 'a :: request is IPv6 (engines bind it v6only)'],
    ['127.0.0.1', 18082, true, 'a :: listener is assumed dual-stack'],
    ['0.0.0.0', 18084, true, 'even the v6only one: /proc cannot tell them apart'],
    ['127.0.0.1', 18085, true, 'an IPv4-mapped listener is an IPv4 bind'],
    ['::ffff:127.0.0.1', 18081, true, 'an IPv4-mapped request is an IPv4 bind'],
    ['::1', 18083, true, 'same address'],
    ['[::1]', 18083, true, 'brackets are accepted'],
    ['fd00::2', 18083, false, 'different IPv6 address'],
    ['::', 18087, true, 'a :: request collides with a specific IPv6 listener'],
    ['localhost', 18081, true, 'localhost means 127.0.0.1'],
    ['0.0.0.0', 2024, true, 'a listener whose process is invisible still makes the port busy'],
    ['0.0.0.0', 18099, false, 'nothing there'],
  ])('tcp %s:%d busy=%s — %s', (hostIp, port, busy) => {
    expect(table.isFree(hostIp, port, 'tcp')).toBe(!busy);
  });

  it('keeps protocols apart and counts connected UDP sockets', () => {
    expect(table.isFree('127.0.0.1', 18091, 'udp')).toBe(false);
    expect(table.isFree('127.0.0.1', 18091, 'tcp')).toBe(true);
    expect(table.isFree('', 18095, 'udp')).toBe(false);
    expect(table.isFree('127.0.0.1', 18093, 'udp')).toBe(false); // udp :: listener, dual-stack
    expect(table.isFree('127.0.0.1', 18094, 'udp')).toBe(true);
  });

  it('names the process holding a port, as a contract PortHolder', async () => {
    const holders = await table.holdersOf(18081, 'tcp', '127.0.0.1');
    expect(holders).toEqual([
      { holder: { kind: 'process', pid: 12702, command: 'node listeners.cjs', user: 'root', hostIp: '127.0.0.1', hostPort: 18081, protocol: 'tcp' } },
    ]);
    expect(PortHolderSchema.parse(holders[0].holder)).toEqual(holders[0].holder);
  });

  it("reports a port's holder with pid/command null when no visible process has it", async () => {
    expect(await table.holdersOf(2024, 'tcp')).toEqual([
      { holder: { kind: 'process', pid: null, command: null, user: 'root', hostIp: '0.0.0.0', hostPort: 2024, protocol: 'tcp' } },
    ]);
  });

  it('a wildcard request finds every listener of the port', async () => {
    const holders = await table.holdersOf(18082, 'tcp');
    expect(holders.map((h) => h.holder.hostIp)).toEqual(['::']);
    const udp = await table.holdersOf(18091, 'udp', '0.0.0.0');
    expect(udp).toHaveLength(1);
    expect(udp[0].holder).toMatchObject({ pid: 12702, protocol: 'udp', hostIp: '0.0.0.0' });
  });

  it('another user’s process: user from the socket table even when the process is unreadable', async () => {
    const procRoot = roots[0];
    const denying: ProcFs = {
      readdir: (p) => (p.endsWith('/12712/fd') ? Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })) : fs.readdir(p)),
      readlink: (p) => fs.readlink(p),
      readFile: (p) => fs.readFile(p),
    };
    const t = await HostPortTable.read({ platform: 'linux', procRoot, passwdPath: `${procRoot}/passwd`, procFs: denying });
    expect(await t.holdersOf(18088, 'tcp')).toEqual([
      { holder: { kind: 'process', pid: null, command: null, user: 'nobody', hostIp: '127.0.0.1', hostPort: 18088, protocol: 'tcp' } },
    ]);
    expect(t.unattributable).toBe(1);
  });
});

describe('one read serves many questions', () => {
  it('checks 1,000 ports with no further file access', async () => {
    const table = await linuxTable('linux');
    const spy = vi.spyOn(fs, 'readFile');
    let free = 0;
    for (let port = 18000; port < 19000; port++) if (table.isFree('', port, 'tcp')) free++;
    expect(free).toBe(1000 - 8); // 18081-18088 are taken
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('owners() resolves a batch with one /proc scan, and caches it', async () => {
    let scans = 0;
    const procRoot = await buildFakeProc('linux');
    roots.push(procRoot);
    const procFs: ProcFs = { readdir: (p) => (p === procRoot && scans++, fs.readdir(p)), readlink: (p) => fs.readlink(p), readFile: (p) => fs.readFile(p) };
    const table = await HostPortTable.read({ platform: 'linux', procRoot, passwdPath: await writePasswd(procRoot), procFs });
    const result = await table.owners([
      { hostIp: '127.0.0.1', hostPort: 18081, protocol: 'tcp' },
      { hostPort: 18088, protocol: 'tcp' },
      { hostPort: 18093, protocol: 'udp' },
      { hostPort: 18099, protocol: 'tcp' },
    ]);
    expect(scans).toBe(1);
    expect(result.map((r) => r.holders.map((h) => h.holder.pid))).toEqual([[12702], [12712], [12702], []]);
    expect(result[1]).toMatchObject({ hostIp: '', hostPort: 18088, protocol: 'tcp' });
    await table.holdersOf(18081, 'tcp');
    expect(scans).toBe(1);
  });
});

describe('engine proxies (captured docker-proxy and conmon scenarios)', () => {
  it('docker-proxy: one engine-proxy holder per family, pointing at the container', async () => {
    const table = await linuxTable('docker-proxy');
    const tcp = await table.holdersOf(18997, 'tcp');
    expect(tcp).toEqual([
      {
        holder: {
          kind: 'engine-proxy',
          proxy: 'docker-proxy',
          pid: 14493,
          command: expect.stringContaining('-host-ip 0.0.0.0 -host-port 18997'),
          hostIp: '0.0.0.0',
          hostPort: 18997,
          protocol: 'tcp',
          engineId: null,
          containerId: null,
          containerName: null,
        },
        proxyTarget: { containerIp: '172.17.0.3', containerPort: 80 },
      },
      {
        holder: {
          kind: 'engine-proxy',
          proxy: 'docker-proxy',
          pid: 14498,
          command: expect.stringContaining('-host-ip :: -host-port 18997'),
          hostIp: '::',
          hostPort: 18997,
          protocol: 'tcp',
          engineId: null,
          containerId: null,
          containerName: null,
        },
        proxyTarget: { containerIp: '172.17.0.3', containerPort: 80 },
      },
    ]);
    for (const h of tcp) expect(() => PortHolderSchema.parse(h.holder)).not.toThrow();
    expect((await table.holdersOf(18996, 'udp')).map((h) => h.proxyTarget)).toEqual([
      { containerIp: '172.17.0.3', containerPort: 53 },
      { containerIp: '172.17.0.3', containerPort: 53 },
    ]);
    expect((await table.holdersOf(18999, 'tcp', '127.0.0.1'))[0]).toMatchObject({
      holder: { pid: 14301 },
      proxyTarget: { containerIp: '172.17.0.2', containerPort: 80 },
    });
  });

  it('rootful Podman: conmon holds the port and names the container', async () => {
    const table = await linuxTable('podman-conmon');
    expect(await table.holdersOf(18998, 'tcp', '127.0.0.1')).toEqual([
      {
        holder: expect.objectContaining({ kind: 'engine-proxy', proxy: 'conmon', pid: 14874, hostIp: '127.0.0.1', hostPort: 18998 }),
        proxyTarget: { containerId: '2bd35372ee7f68c6e9e3b839658706688b8b869ff2042617cfe87b3e19a99721', containerName: 'ck-hp-probe2' },
      },
    ]);
    expect((await table.holdersOf(18994, 'udp'))[0].proxyTarget?.containerName).toBe('ck-hp-probe2b');
  });
});

describe('macOS: one lsof run', () => {
  it('runs lsof once with the field flags, and ps only for the pids asked about', async () => {
    const runLsof = vi.fn(async () => fixture('linux/lsof-tcp-udp-F-full.txt'));
    const runPs = vi.fn(async () => '12702 /usr/local/bin/node /Users/me/listeners.cjs\n');
    const table = await HostPortTable.read({ platform: 'darwin', runLsof, runPs });
    expect(runLsof).toHaveBeenCalledExactlyOnceWith(LSOF_ARGS);
    expect(table.isFree('127.0.0.1', 18082, 'tcp')).toBe(false);
    expect(table.isFree('127.0.0.1', 18094, 'udp')).toBe(true);
    expect(runPs).not.toHaveBeenCalled();
    expect(await table.holdersOf(18081, 'tcp', '127.0.0.1')).toEqual([
      {
        holder: {
          kind: 'process',
          pid: 12702,
          command: '/usr/local/bin/node /Users/me/listeners.cjs',
          user: 'root',
          hostIp: '127.0.0.1',
          hostPort: 18081,
          protocol: 'tcp',
        },
      },
    ]);
    expect(runPs).toHaveBeenCalledExactlyOnceWith(['-ww', '-o', 'pid=,args=', '-p', '12702']);
  });

  it('recognises gvproxy from the documented listing, with lsof’s short name when ps fails', async () => {
    const table = await HostPortTable.read({
      platform: 'darwin',
      runLsof: () => fixture('macos/lsof-i-P-gvproxy.podman-28047.txt'),
      runPs: () => Promise.reject(new Error('ps: not permitted')),
    });
    expect(await table.holdersOf(9411, 'tcp')).toEqual([
      {
        holder: {
          kind: 'engine-proxy',
          proxy: 'gvproxy',
          pid: 41394,
          command: 'gvproxy',
          hostIp: '::',
          hostPort: 9411,
          protocol: 'tcp',
          engineId: null,
          containerId: null,
          containerName: null,
        },
      },
    ]);
  });
});

describe('Windows: one netstat run', () => {
  it('runs netstat once and tasklist only when holders are asked for', async () => {
    const runNetstat = vi.fn(() => fixture('windows/netstat-aon-findstr-80.docker-for-win-12474.txt'));
    const runTasklist = vi.fn(() => fixture('windows/tasklist-csv.constructed.txt'));
    const table = await HostPortTable.read({ platform: 'win32', runNetstat, runTasklist });
    expect(runNetstat).toHaveBeenCalledExactlyOnceWith(NETSTAT_ARGS);
    expect(table.isFree('127.0.0.1', 80, 'tcp')).toBe(false);
    expect(runTasklist).not.toHaveBeenCalled();
    const holders = await table.holdersOf(80, 'tcp');
    expect(runTasklist).toHaveBeenCalledExactlyOnceWith(TASKLIST_ARGS);
    expect(holders.map((h) => [h.holder.kind, h.holder.pid, h.holder.command, h.holder.hostIp])).toEqual([
      ['engine-proxy', 4332, 'com.docker.backend.exe', '0.0.0.0'],
      ['process', 9676, 'svchost.exe', '0.0.0.0'],
      ['engine-proxy', 4332, 'com.docker.backend.exe', '::'],
      ['process', 2672, null, '::1'],
    ]);
    await table.holdersOf(80, 'tcp', '::1');
    expect(runTasklist).toHaveBeenCalledOnce();
  });
});

describe('big socket tables and repeated owner lookups (the event loop stays free)', () => {
  /** Set once the loop has turned: a setImmediate callback only runs after the current microtasks. */
  function loopTurns(): { readonly turned: boolean } {
    const state = { turned: false };
    setImmediate(() => (state.turned = true));
    return state;
  }

  it('asking about a second port does not scan /proc again: the first scan resolved every socket', async () => {
    let scans = 0;
    const procRoot = await buildFakeProc('linux');
    roots.push(procRoot);
    const procFs: ProcFs = { readdir: (p) => (p === procRoot && scans++, fs.readdir(p)), readlink: (p) => fs.readlink(p), readFile: (p) => fs.readFile(p) };
    const table = await HostPortTable.read({ platform: 'linux', procRoot, passwdPath: await writePasswd(procRoot), procFs });
    expect((await table.holdersOf(18081, 'tcp', '127.0.0.1')).map((h) => h.holder.pid)).toEqual([12702]);
    expect((await table.holdersOf(18088, 'tcp')).map((h) => h.holder.pid)).toEqual([12712]);
    expect((await table.holdersOf(18093, 'udp')).map((h) => h.holder.pid)).toEqual([12702]);
    expect(scans).toBe(1);
  });

  it('Windows: a netstat of 40,000 sockets is parsed in slices, and every listener is kept', async () => {
    const lines = ['Active Connections', '  Proto  Local Address          Foreign Address        State           PID'];
    for (let i = 0; i < 40_000; i++) {
      const listening = i % 10 === 0;
      lines.push(
        `  TCP    127.0.0.1:${10_000 + (i % 50_000)}        ${listening ? '0.0.0.0:0' : '127.0.0.1:443'}         ${listening ? 'LISTENING' : 'ESTABLISHED'}     ${100 + i}`,
      );
    }
    const loop = loopTurns();
    const table = await HostPortTable.read({ platform: 'win32', runNetstat: async () => lines.join('\r\n') });
    expect(loop.turned).toBe(true);
    expect(table.listeners()).toHaveLength(4_000);
  });

  it('macOS: lsof field output is cut between process records, and no socket is lost at a cut', async () => {
    const record = (pid: number) =>
      [
        `p${pid}`,
        'cnode',
        'u0',
        'Lroot',
        'f19',
        'tIPv4',
        'PTCP',
        `n127.0.0.1:${20_000 + (pid % 40_000)}`,
        'TST=LISTEN',
        'f20',
        'tIPv4',
        'PTCP',
        `n127.0.0.1:${20_000 + (pid % 40_000)}->127.0.0.1:443`,
        'TST=ESTABLISHED',
      ].join('\n');
    const text = Array.from({ length: 20_000 }, (_, i) => record(i + 1)).join('\n') + '\n';
    const loop = loopTurns();
    const table = await HostPortTable.read({ platform: 'darwin', runLsof: async () => text, runPs: async () => '' });
    expect(loop.turned).toBe(true);
    const all = table.listeners();
    expect(all).toHaveLength(20_000);
    expect(new Set(all.map((l) => l.pid)).size).toBe(20_000);
    expect(all.every((l) => l.command === 'node' && l.user === 'root')).toBe(true);
  });

  it('Linux: a /proc/net/tcp of 30,000 connections is read whole, across its slices', async () => {
    const procRoot = await buildFakeProc('linux');
    roots.push(procRoot);
    const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode';
    const rows = Array.from({ length: 30_000 }, (_, i) => {
      const port = (20_000 + i).toString(16).toUpperCase().padStart(4, '0');
      const state = i % 3 === 0 ? '0A' : '01';
      return `${String(i).padStart(5)}: 0100007F:${port} 0100007F:D2B0 ${state} 00000000:00000000 00:00000000 00000000     0        0 ${500_000 + i} 1 0000000000000000 20 4 30 10 -1`;
    });
    await fs.writeFile(`${procRoot}/net/tcp`, [header, ...rows].join('\n') + '\n');
    await fs.writeFile(`${procRoot}/net/tcp6`, '');
    const table = await HostPortTable.read({ platform: 'linux', procRoot, passwdPath: await writePasswd(procRoot), protocols: ['tcp'] });
    expect(table.listeners()).toHaveLength(10_000);
    expect(table.isFree('127.0.0.1', 20_000, 'tcp')).toBe(false);
    expect(table.isFree('127.0.0.1', 20_001, 'tcp')).toBe(true); // established only: not a listener
    expect(table.isFree('127.0.0.1', 20_000 + 29_997, 'tcp')).toBe(false);
  });
});
