/**
 * Port checks: one read of the kernel's socket tables for 1,000 ports, against binding a test
 * socket on each port (what other tools do); and naming a port's holder, against `lsof -i :PORT`.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';
import { bindProbe } from './bind-probe';
import { HostPortTable } from '../src/main/services/ports/host-port-table';
import { median, ms, timeIt } from './bench-stats';

const run = promisify(execFile);
const PORTS = 1000;
const ROUNDS = 15;
const FIRST = 41_000;

async function hasLsof(): Promise<boolean> {
  try {
    await run('lsof', ['-v']);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * How Podman Desktop's form checks a port (packages/main/src/plugin/util/port.ts, isFreePort):
 * bind `localhost`, then `0.0.0.0`, then every IPv4 interface address; busy if any bind fails.
 * Re-implemented here so the comparison runs the same work in the same process.
 */
async function bindLikePodmanDesktop(port: number, interfaces: string[]): Promise<boolean> {
  const bindOnce = (host: string): Promise<boolean> =>
    new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, host, () => s.close(() => resolve(true)));
    });
  if (!(await bindOnce('localhost')) || !(await bindOnce('0.0.0.0'))) return false;
  return (await Promise.all(interfaces.map(bindOnce))).every(Boolean);
}

export async function benchPorts(): Promise<void> {
  // A few of the checked ports are really busy, so both methods have something to find.
  const servers: Server[] = [];
  for (const p of [FIRST + 10, FIRST + 500, FIRST + 999]) {
    const s = createServer();
    await new Promise<void>((resolve) => s.listen(p, '127.0.0.1', () => resolve()));
    servers.push(s);
  }
  try {
    const ports = Array.from({ length: PORTS }, (_, i) => FIRST + i);
    const interfaces = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4')
      .map((i) => i!.address);
    const table: number[] = [];
    const bindOne: number[] = [];
    const bindPd: number[] = [];
    const busy = { table: 0, one: 0, pd: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      // Interleaved, so machine noise hits all three alike.
      table.push(
        await timeIt(async () => {
          const t = await HostPortTable.read({ protocols: ['tcp'] });
          busy.table = ports.filter((p) => !t.isFree('', p, 'tcp')).length;
        }),
      );
      bindOne.push(
        await timeIt(async () => {
          let n = 0;
          for (const p of ports) if (!(await bindProbe('', p, 'tcp'))) n++;
          busy.one = n;
        }),
      );
      bindPd.push(
        await timeIt(async () => {
          let n = 0;
          for (const p of ports) if (!(await bindLikePodmanDesktop(p, interfaces))) n++;
          busy.pd = n;
        }),
      );
    }
    const mTable = median(table);
    console.log(`\n## host port checks (${PORTS} ports, any address, tcp; ${ROUNDS} rounds, medians)`);
    console.log(`Container Kit: one socket-table read      ${ms(mTable).padStart(10)}   found busy: ${busy.table}`);
    console.log(
      `bind one dual-stack socket per port       ${ms(median(bindOne)).padStart(10)}   found busy: ${busy.one}   ${(median(bindOne) / mTable).toFixed(1)}x slower`,
    );
    console.log(
      `bind like Podman Desktop (localhost, 0.0.0.0, ${interfaces.length} IPv4 interfaces) ${ms(median(bindPd)).padStart(10)}   found busy: ${busy.pd}   ${(median(bindPd) / mTable).toFixed(1)}x slower   (target >= 10x)`,
    );

    const port = FIRST + 500;
    const owner: number[] = [];
    const lsof: number[] = [];
    const withLsof = await hasLsof();
    let named = '';
    for (let r = 0; r < ROUNDS; r++) {
      owner.push(
        await timeIt(async () => {
          const t = await HostPortTable.read();
          const holders = await t.holdersOf(port, 'tcp', '127.0.0.1');
          const h = holders[0]?.holder;
          named = h && h.kind === 'process' ? `pid ${h.pid} (${h.command})` : String(h?.kind);
        }),
      );
      if (withLsof) lsof.push(await timeIt(() => run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN']).catch(() => undefined)));
    }
    console.log(`\n## who holds 127.0.0.1:${port}/tcp (${ROUNDS} rounds, medians)`);
    console.log(`Container Kit (socket table + /proc)  ${ms(median(owner)).padStart(10)}   -> ${named.slice(0, 60)}`);
    if (withLsof) {
      console.log(`lsof -nP -iTCP:${port} -sTCP:LISTEN      ${ms(median(lsof)).padStart(10)}`);
      console.log(`ratio to lsof: ${(median(owner) / median(lsof)).toFixed(3)}x`);
    } else console.log('lsof is not installed here: no comparison (apt-get install lsof)');
  } finally {
    for (const s of servers) s.close();
  }
}
