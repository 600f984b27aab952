/**
 * Port checks: one read of the kernel's socket tables for 1,000 ports, against binding a test
 * socket on each port (what other tools do); and naming a port's holder, against `lsof -i :PORT`.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { HostPortTable, bindProbe } from '../src/main/services/host-ports/host-port-table';
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
    const table: number[] = [];
    const bind: number[] = [];
    let busyByTable = 0;
    let busyByBind = 0;
    for (let r = 0; r < ROUNDS; r++) {
      table.push(
        await timeIt(async () => {
          const t = await HostPortTable.read();
          busyByTable = ports.filter((p) => !t.isFree('127.0.0.1', p, 'tcp')).length;
        }),
      );
      bind.push(
        await timeIt(async () => {
          let busy = 0;
          for (const p of ports) if (!(await bindProbe('127.0.0.1', p, 'tcp'))) busy++;
          busyByBind = busy;
        }),
      );
    }
    console.log(`\n## host port checks (${PORTS} ports on 127.0.0.1/tcp, ${ROUNDS} rounds, medians)`);
    console.log(`one socket-table read, then lookups   ${ms(median(table)).padStart(10)}   found busy: ${busyByTable}`);
    console.log(`bind a test socket on each port       ${ms(median(bind)).padStart(10)}   found busy: ${busyByBind}`);
    console.log(`speed-up: ${(median(bind) / median(table)).toFixed(1)}x   (target >= 10x)`);

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
