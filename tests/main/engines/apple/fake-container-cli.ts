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
  /** Makes `system dns ls --format json` fail as 0.5 did (no `--format`). */
  setDnsLegacy(legacy: boolean): void;
  /** Makes `network ls` fail (a transient CLI error), to show a blip removes nothing. */
  setNetworkLsFails(fails: boolean): void;
  /** argv of every `system dns create/delete` that ran as (fake) root. */
  adminCalls(): string[][];
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
  case 'network':
    network(rest);
    break;
  case 'exec':
    exec(rest);
    break;
  case 'system':
    if (rest[0] === 'dns') dns(rest.slice(1));
    else fail('Error: Unknown option ' + cmd, 64);
    break;
  default:
    fail('Error: Unknown option ' + cmd, 64);
}

function network([sub, ...a]) {
  const find = (name) => state.networks.find((n) => n.id === name);
  if (sub === 'ls') {
    if (a.join(' ') !== '--format json') fail('Error: Unknown option ' + cmd, 64);
    if (state.networkLsFails) fail('Error: internalError: "failed to list networks"');
    return console.log(JSON.stringify(state.networks));
  }
  if (sub === 'inspect') {
    const missing = a.filter((n) => !find(n));
    if (missing.length) fail('Error: network not found: ' + missing.join(', '));
    return console.log(JSON.stringify(a.map(find), null, 2));
  }
  if (sub === 'create') {
    const config = { creationDate: '2026-08-09T10:00:00Z', labels: {}, mode: 'nat', options: {}, plugin: 'container-network-vmnet' };
    let name;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === '--internal') config.mode = 'hostOnly';
      else if (a[i] === '--subnet') config.ipv4Subnet = a[++i];
      else if (a[i] === '--subnet-v6') config.ipv6Subnet = a[++i];
      else if (a[i] === '--label') { const [k, ...v] = a[++i].split('='); config.labels[k] = v.join('='); }
      else if (a[i].startsWith('-')) fail("Error: Unknown option '" + a[i] + "'", 64);
      else if (name) fail('Error: Unexpected argument ' + a[i], 64);
      else name = a[i];
    }
    if (!name) fail('Error: Missing expected argument <name>', 64);
    if (find(name)) fail('Error: exists: "network ' + name + ' already exists"');
    config.name = name;
    const v4 = config.ipv4Subnet || '192.168.' + (200 + state.networks.length) + '.0/24';
    const status = { ipv4Gateway: v4.replace(/\.0\/\d+$/, '.1'), ipv4Subnet: v4 };
    if (config.ipv6Subnet) status.ipv6Subnet = config.ipv6Subnet;
    state.networks.push({ configuration: config, id: name, status });
    state.networks.sort((x, y) => (x.id < y.id ? -1 : 1));
    save();
    return console.log(name);
  }
  if (sub === 'rm' || sub === 'delete') {
    const name = a[0];
    if (!find(name)) fail('Error: notFound: "failed to delete one or more networks: [\\"' + name + '\\"]"');
    if (name === 'default') fail('Error: invalidArgument: "cannot delete the default network"');
    state.networks = state.networks.filter((n) => n.id !== name);
    save();
    return console.log(name);
  }
  fail('Error: Unknown option ' + cmd, 64);
}

// exec <id> <argv…>: a few stand-in programs inside the "container".
function exec([id, prog, ...a]) {
  const c = byId(id);
  if (!c) fail('Error: notFound: "container ' + id + ' not found"');
  if (c.status.state !== 'running') fail('Error: invalidState: "container ' + id + ' is not running"');
  if (prog === 'argv') return console.log(JSON.stringify(a));
  if (prog === 'cat' && a[0] === '/etc/resolv.conf') return process.stdout.write('nameserver 192.168.100.1\nsearch test\n');
  if (prog === 'sleep') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(a[0]) * 1000); return; }
  if (prog === 'fail') { process.stdout.write('partial\n'); fail(a.slice(1).join(' '), Number(a[0])); }
  fail('exec: "' + prog + '": executable file not found in $PATH', 127);
}

// system dns …: create/delete need root, which only the fake administrator prompt grants.
function dns([sub, ...a]) {
  if (sub === 'ls' || sub === 'list') {
    if (a.join(' ') === '--format json') {
      if (state.dnsLegacy) fail("Error: Unknown option '--format'", 64);
      return console.log(JSON.stringify([...state.dnsDomains].sort()));
    }
    if (a.length) fail('Error: Unknown option ' + cmd, 64);
    return process.stdout.write(state.dnsDomains.map((d) => d + '\n').join(''));
  }
  if (process.env.FAKE_ADMIN !== '1') fail('Error: invalidState: "cannot ' + sub + ' domain (try sudo?)"');
  fs.appendFileSync(path.join(dir, 'admin.log'), JSON.stringify(args) + '\n');
  const domain = a[a.length - 1];
  if (sub === 'create') {
    if (state.dnsDomains.includes(domain)) fail('Error: exists: "domain ' + domain + ' already exists"');
    state.dnsDomains.push(domain);
  } else if (sub === 'delete' || sub === 'rm') {
    if (!state.dnsDomains.includes(domain)) fail('Error: notFound: "domain ' + domain + ' not found"');
    state.dnsDomains = state.dnsDomains.filter((d) => d !== domain);
  } else fail('Error: Unknown option ' + cmd, 64);
  save();
  console.log(domain);
}
`;

function readLog(log: string): string[][] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);
}

/** `dirPrefix` lets a test put shell-hostile characters in the binary's path. */
export function createFakeCli(options: { dirPrefix?: string } = {}): FakeCli {
  const dir = mkdtempSync(path.join(tmpdir(), options.dirPrefix ?? 'ck-apple-fake-'));
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
      networks: JSON.parse(readFixture('network-ls.v1.2.2.json')),
      dnsDomains: JSON.parse(readFixture('system-dns-ls.v1.2.2.json')),
    }),
  );
  const update = (patch: Record<string, unknown>) => {
    writeFileSync(`${statePath}.tmp`, JSON.stringify({ ...JSON.parse(readFileSync(statePath, 'utf8')), ...patch }));
    renameSync(`${statePath}.tmp`, statePath);
  };
  return {
    dir,
    binary,
    calls: () => readLog(path.join(dir, 'calls.log')),
    setRunning(running) {
      update({ running });
    },
    setLsDelay(ms) {
      update({ lsDelayMs: ms });
    },
    sawOverlap: () => existsSync(path.join(dir, 'overlap')),
    setDnsLegacy(legacy) {
      update({ dnsLegacy: legacy });
    },
    setNetworkLsFails(fails) {
      update({ networkLsFails: fails });
    },
    adminCalls: () => readLog(path.join(dir, 'admin.log')),
  };
}
