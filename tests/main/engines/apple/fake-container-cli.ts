import { chmodSync, existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFixture } from './fixtures';

/**
 * A stand-in `container` executable for tests: a Node script that answers the commands the
 * engine uses from the 1.2.2 fixtures, keeps its state in a JSON file (so `start` changes what
 * the next `ls` shows) and logs every argv it receives (so tests can prove a call never happened).
 */
export interface FakeCli {
  dir: string;
  binary: string;
  /** argv arrays, one per invocation. */
  calls(): string[][];
  setRunning(running: boolean): void;
  /** Makes `ls` take this long, to test that polls never overlap. */
  setLsDelay(ms: number): void;
  /** True if two `ls` calls ever ran at the same time. */
  sawOverlap(): boolean;
}

const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const dir = __dirname;
const statePath = path.join(dir, 'state.json');
const args = process.argv.slice(2);
fs.appendFileSync(path.join(dir, 'calls.log'), JSON.stringify(args) + '\n');
const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
// Write-then-rename so a concurrent poll never reads a half-written state file.
const save = () => { fs.writeFileSync(statePath + '.tmp', JSON.stringify(state)); fs.renameSync(statePath + '.tmp', statePath); };
const fail = (msg, code = 1) => { process.stderr.write(msg + '\n'); process.exit(code); };
const cmd = args.join(' ');

if (cmd === '--version') {
  console.log('container CLI version 1.2.2 (build: release, commit: af405ff)');
  process.exit(0);
}
if (cmd === 'system status --format json') {
  console.log(state.running ? state.status : state.statusDown);
  process.exit(state.running ? 0 : 1);
}
if (!state.running) fail('Error: interrupted: "XPC connection error: Connection invalid"');

const byId = (id) => state.containers.find((c) => c.id === id);
const [verb, ...rest] = args;
const ids = rest.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a));
switch (verb) {
  case 'ls':
    if (cmd !== 'ls -a --format json') fail('Error: Unknown option ' + cmd, 64);
    if (state.lsDelayMs) {
      // An exclusive lock file shows whether two ls calls ever ran at once.
      const lock = path.join(dir, 'ls.lock');
      try { fs.writeFileSync(lock, '', { flag: 'wx' }); } catch { fs.writeFileSync(path.join(dir, 'overlap'), 'yes'); }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, state.lsDelayMs);
      fs.rmSync(lock, { force: true });
    }
    console.log(JSON.stringify(state.containers));
    break;
  case 'inspect': {
    const missing = ids.filter((id) => !byId(id));
    if (missing.length) fail('Error: container not found: ' + missing.join(', '));
    console.log(JSON.stringify(ids.map(byId), null, 2));
    break;
  }
  case 'start': {
    const c = byId(ids[0]);
    if (!c) fail('Error: notFound: "container ' + ids[0] + ' not found"');
    c.status = {
      state: 'running',
      startedDate: '2026-08-09T10:00:00Z',
      networks: [{ network: 'default', hostname: c.id + '.test.', ipv4Address: '192.168.64.3/24', ipv4Gateway: '192.168.64.1' }],
    };
    save();
    console.log(c.id);
    break;
  }
  case 'stop': {
    const c = byId(ids[0]);
    if (!c) fail('Error: No such container: ' + ids[0]);
    c.status = { state: 'stopped', networks: [], startedDate: c.status.startedDate };
    save();
    console.log(c.id);
    break;
  }
  case 'rm': {
    const c = byId(ids[0]);
    if (!c) fail('Error: notFound: "container ' + ids[0] + ' not found"');
    if (c.status.state === 'running' && !rest.includes('--force')) fail('Error: invalidState: "container ' + c.id + ' is running"');
    state.containers = state.containers.filter((x) => x !== c);
    save();
    console.log(c.id);
    break;
  }
  default:
    fail('Error: Unknown option ' + cmd, 64);
}
`;

export function createFakeCli(): FakeCli {
  const dir = mkdtempSync(path.join(tmpdir(), 'ck-apple-fake-'));
  const binary = path.join(dir, 'container');
  writeFileSync(binary, SCRIPT);
  chmodSync(binary, 0o755);
  // The script is CommonJS; a package.json with no "type" keeps it so under any parent setting.
  writeFileSync(path.join(dir, 'package.json'), '{}');
  const statePath = path.join(dir, 'state.json');
  writeFileSync(
    statePath,
    JSON.stringify({
      running: true,
      status: readFixture('system-status.v1.2.2.json').trim(),
      statusDown: readFixture('system-status.not-running.v1.2.2.json').trim(),
      containers: JSON.parse(readFixture('container-ls-a.v1.2.2.json')),
    }),
  );
  const update = (patch: Record<string, unknown>) => {
    writeFileSync(`${statePath}.tmp`, JSON.stringify({ ...JSON.parse(readFileSync(statePath, 'utf8')), ...patch }));
    renameSync(`${statePath}.tmp`, statePath);
  };
  return {
    dir,
    binary,
    calls() {
      const log = path.join(dir, 'calls.log');
      if (!existsSync(log)) return [];
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]);
    },
    setRunning(running) {
      update({ running });
    },
    setLsDelay(ms) {
      update({ lsDelayMs: ms });
    },
    sawOverlap: () => existsSync(path.join(dir, 'overlap')),
  };
}
