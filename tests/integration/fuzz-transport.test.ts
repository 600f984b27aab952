/**
 * Transport fuzz (issue 10): browser mode's HTTP and WebSocket endpoints, as `npm run web` serves
 * them (`node out/main/web.js` in a child process, real AppCore and engines, a temp config dir,
 * port 0 on 127.0.0.1), attacked with raw sockets: resets in the middle of an upgrade, broken
 * WebSocket frames, bodies over 1 MiB, a client that sends its headers one byte at a time, 300
 * connections at once, and random methods, paths, headers and bodies generated with fast-check.
 *
 * After every attack the server process must be alive, answer a valid `POST /api/engines.list`
 * (200 + envelope) and keep a valid event WebSocket open (it answers a ping; at the end it still
 * receives an event); nothing may answer 5xx or leak a stack trace or file path; an upgrade or an
 * API call without the token must never succeed; and the child must not try to reach anything but
 * this machine (the network guard is preloaded into it).
 *
 * Needs the build (`npm run build`); CK_FUZZ_WEB_JS points at another build of web.js.
 * Replay with CK_FUZZ_SEED=<the printed seed>.
 */
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../src/shared/contract';
import { DEFAULT_LIMITS } from '../../src/main/web/web-limits';
import { TEST_ENGINES, TEST_IMAGE, dockerClient } from './support/test-engines';
import { Findings, envelopeProblems, fuzzSeed, normalizeMessage, subSeed } from './support/fuzz/findings';
import { FUZZ_LABEL } from './support/fuzz/fuzz-objects';
import { HOSTILE_STRINGS } from './support/fuzz/hostile';
import { GUARDED_CHANNELS } from './support/fuzz/router-safety';
import {
  LOOPBACK,
  exchange,
  frame,
  openSocket,
  pause,
  rawWebSocket,
  sendThenReset,
  serverCloseCode,
  upgradeRequest,
  waitForClose,
  type RawResponse,
} from './support/fuzz/raw-wire';
import { startWebChild, type WebChild } from './support/fuzz/web-child';
import type { Schemaish } from './support/fuzz/zod-arbitrary';

const seed = fuzzSeed();
console.log('fuzz seed', seed, '(replay with CK_FUZZ_SEED)');
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
/** `npm run web` runs with the default limits: its headers timeout, and what we allow on top of it. */
const HEADERS_TIMEOUT_MS = DEFAULT_LIMITS.headersTimeoutMs;
const SLACK_MS = 3_000;
const GUARD_MARK = '[ck-fuzz-network-guard]';

const findings = new Findings();
let child: WebChild;
let events: WebSocket | null = null;
let restarts = 0;
let stderrSeen = 0;

function openEvents(c: WebChild): Promise<WebSocket> {
  const ws = new WebSocket(`ws://${LOOPBACK}:${c.port}/api/events?token=${encodeURIComponent(c.token)}`);
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('event socket did not open within 3 s')), 3000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** A valid API call, through node:http. */
function validCall(c: WebChild, channel = 'engines.list', body = '{}'): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: LOOPBACK,
        port: c.port,
        method: 'POST',
        path: `/api/${channel}`,
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
        timeout: 5000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    req.end(body);
  });
}

/**
 * New stderr output of the child: a refused outside connection (network guard), or an error it
 * printed — one finding per error (its first line and where in web.js it was thrown), not per
 * stack line.
 */
function checkStderr(where: string, repro: string): void {
  const text = child.stderr().slice(stderrSeen);
  stderrSeen = child.stderr().length;
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.startsWith(GUARD_MARK)) {
      findings.add(`${where}: reached out of the machine: ${normalizeMessage(line)}`, where, line, repro);
      continue;
    }
    const error = /^(?:Uncaught )?((?:[A-Z]\w*)?Error(?: \[\w+\])?: .*)$/.exec(line.trim());
    if (!error) continue;
    const site =
      lines
        .slice(i + 1, i + 12)
        .find((l) => /web\.js|\/src\/main\//.test(l))
        ?.trim() ??
      lines[i + 1]?.trim() ??
      '';
    findings.add(`${where}: the server printed ${normalizeMessage(error[1])}`, where, `${error[1]} ${site}`.slice(0, 400), repro);
  }
}

/** The server is alive, answers a valid call and keeps the valid event socket; restarts it if not, so later attacks still run. */
async function stillServing(where: string, repro = `the attack "${where}"`): Promise<void> {
  await pause(60); // an uncaught exception from the attack lands asynchronously
  checkStderr(where, repro);
  if (!child.alive()) {
    findings.crashes++;
    const last = /((?:[A-Z]\w*)?Error(?: \[\w+\])?: [^\n]*)/.exec(child.stderr())?.[1] ?? `exit ${JSON.stringify(child.exit())}`;
    findings.add(`${where}: server process died (${normalizeMessage(last)})`, where, `exit ${JSON.stringify(child.exit())}: ${last}`, repro);
    await restart();
    return;
  }
  findings.requests++;
  const r = await validCall(child);
  let envelopeOk: boolean;
  try {
    envelopeOk = (JSON.parse(r.body) as { ok?: unknown }).ok === true;
  } catch {
    envelopeOk = false;
  }
  if (r.status !== 200 || !envelopeOk)
    findings.add(`${where}: valid call not served after the attack`, where, `POST /api/engines.list → ${r.status} ${r.body.slice(0, 200)}`, repro);
  if (!events || events.readyState !== WebSocket.OPEN) {
    findings.add(`${where}: valid event socket lost`, where, `readyState ${events?.readyState}`, repro);
    events = await openEvents(child).catch(() => null);
    return;
  }
  const pong = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 2000);
    events!.once('pong', () => {
      clearTimeout(timer);
      resolve(true);
    });
    events!.ping();
  });
  if (!pong) findings.add(`${where}: valid event socket stopped answering`, where, 'no pong within 2 s', repro);
}

/** Past this many server deaths in one test, the test stops attacking: each death is already a finding, and restarts cost seconds. */
const CRASH_BUDGET = 3;
const overBudget = (restartsAtStart: number): boolean => restarts - restartsAtStart >= CRASH_BUDGET;

async function restart(): Promise<void> {
  restarts++;
  events?.terminate();
  await child.stop().catch(() => undefined);
  child = await startWebChild();
  stderrSeen = 0;
  events = await openEvents(child).catch(() => null);
}

/** Status, envelope and leak checks on one response to a raw request. */
function judge(where: string, sent: string, res: RawResponse, opts: { isApi: boolean; authorized: boolean; upgrade?: boolean; wellFramed: boolean }): void {
  findings.countAnswer(res.status === 0 ? (res.closed ? 'closed' : 'no answer') : String(res.status));
  const repro = JSON.stringify(sent.length > 600 ? `${sent.slice(0, 600)}…(${sent.length} bytes)` : sent);
  if (res.status >= 500 && !(opts.upgrade && res.status === 503)) {
    findings.add(`${res.status} answer @ ${where}`, where, res.raw.slice(0, 300), repro);
  }
  if (res.status === 0 && !res.closed && opts.wellFramed) findings.add(`no answer to a complete request @ ${where}`, where, 'nothing within 3 s', repro);
  if (opts.upgrade && res.status === 101 && !opts.authorized)
    findings.add(`upgrade accepted without the right token/host/origin`, where, res.raw.slice(0, 200), repro);
  if (opts.isApi && !opts.upgrade && res.status === 200 && !opts.authorized)
    findings.add(`API answered 200 without the right token/host/origin`, where, res.raw.slice(0, 200), repro);
  if (opts.isApi && (res.headers['content-type'] ?? '').includes('application/json') && res.body.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body.toString('utf8'));
    } catch {
      findings.add(`API answer is not JSON @ ${where}`, where, res.body.toString('utf8').slice(0, 200), repro);
      return;
    }
    for (const p of envelopeProblems(parsed, sent)) findings.add(`${p.kind} @ ${where}: ${normalizeMessage(p.observed)}`, where, p.observed, repro);
  } else if (res.status >= 400) {
    const text = res.body.toString('latin1');
    if (/\n\s+at |\/work\/|\/node_modules\/|file:\/\/|src\/main/.test(text) && !/\/work\/|\/node_modules\/|file:\/\/|src\/main/.test(sent)) {
      findings.add(`error page leaks a stack or path @ ${where}`, where, text.slice(0, 300), repro);
    }
  }
}

/**
 * Which of a request's checked parts are wrong: none, one or two of them, a third of the runs each,
 * so most requests probe one check at a time and a third get everything right.
 */
function breaking<K extends string>(parts: readonly K[]): fc.Arbitrary<Set<K>> {
  const part = fc.constantFrom(...parts);
  return fc
    .oneof(
      fc.constant([] as K[]),
      part.map((k) => [k]),
      fc.tuple(part, part),
    )
    .map((list) => new Set<K>(list));
}
/** A right value, or (when this part is broken) a wrong one. */
const rightOrWrong = <T>(broken: boolean, right: readonly T[], wrong: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...(broken ? wrong : right));

/** `encodeURIComponent`, or every UTF-8 byte escaped where it refuses (a lone surrogate). */
function percentEncoded(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  }
}

/** A body that would reach a guarded handler (engine changes, execs, settings) is never sent. */
function reachesGuardedHandler(path: string, body: string): boolean {
  let channel: string;
  try {
    channel = decodeURIComponent(new URL(path, 'http://localhost').pathname.replace(/^\/api\//, ''));
  } catch {
    return false;
  }
  if (!(GUARDED_CHANNELS as readonly string[]).includes(channel)) return false;
  let payload: unknown;
  try {
    payload = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return false;
  }
  return (channels[channel as ChannelName].request as unknown as Schemaish).safeParse(payload).success;
}

describe('transport fuzz: browser mode over raw HTTP and WebSocket', () => {
  const started = Date.now();
  let slowHeaders: Promise<{ closedAfterMs: number | null; reply: string; restartsBefore: number }>;

  beforeAll(async () => {
    child = await startWebChild();
    events = await openEvents(child);
    // A client that sends its headers one byte at a time, for the whole run: the server must cut
    // it within its headers timeout while serving everyone else (checked by every other test).
    const restartsBefore = restarts;
    slowHeaders = (async () => {
      const socket = await openSocket(child.port);
      const begun = Date.now();
      const text = `GET / HTTP/1.1\r\nHost: ${LOOPBACK}:${child.port}\r\nX-Slow: ${'a'.repeat(200)}`;
      let reply = '';
      let closedAt: number | null = null;
      socket.on('data', (d: Buffer) => (reply += d.toString('latin1')));
      socket.once('close', () => (closedAt = Date.now()));
      findings.requests++;
      for (let i = 0; closedAt === null && Date.now() - begun < HEADERS_TIMEOUT_MS + SLACK_MS; i++) {
        socket.write(text[i % text.length]);
        await pause(100);
      }
      socket.destroy();
      return { closedAfterMs: closedAt === null ? null : (closedAt as number) - begun, reply: reply.slice(0, 200), restartsBefore };
    })();
  }, 30_000);

  afterAll(async () => {
    events?.terminate();
    await child?.stop();
    console.log(findings.summary(`transport fuzz (seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s, server restarts ${restarts})`));
    if (findings.list().length > 0) console.log(`transport fuzz findings:\n${Findings.format(findings.list())}`);
  });

  const expectClean = (where: string) => {
    const mine = findings.list((f) => f.where === where);
    expect(
      mine.map((f) => f.signature),
      `failures of "${where}":\n${Findings.format(mine)}\n`,
    ).toEqual([]);
  };

  it('raw upgrade requests reset mid-handshake (with and without token) do not take the server down', async () => {
    const where = 'upgrade reset';
    const atStart = restarts;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            token: fc.constantFrom<'right' | 'wrong' | 'none'>('right', 'wrong', 'none'),
            host: fc.constantFrom<'right' | 'portless' | 'evil'>('right', 'portless', 'evil'),
            path: fc.constantFrom('/api/events', '/elsewhere', '/api/events/../x'),
            cut: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
            resetAfterMs: fc.constantFrom(0, 0, 5, 30),
          }),
          { minLength: 8, maxLength: 8 },
        ),
        async (batch) => {
          if (overBudget(atStart)) return;
          type Spec = (typeof batch)[number];
          const describe = (b: Spec) =>
            `${b.cut === 1 ? 'the full' : `the first ${Math.round(b.cut * 100)}% of an`} upgrade request (token ${b.token}, host ${b.host}, path ${b.path}), then RST after ${b.resetAfterMs} ms`;
          const attack = async (b: Spec) => {
            const token = b.token === 'right' ? child.token : b.token === 'wrong' ? 'x'.repeat(child.token.length) : null;
            const host = b.host === 'right' ? `${LOOPBACK}:${child.port}` : b.host === 'portless' ? LOOPBACK : 'evil.example';
            const text = upgradeRequest(child.port, { token, host, path: b.path === '/api/events' ? undefined : `${b.path}${token ? `?token=${token}` : ''}` });
            const bytes = text.slice(0, Math.floor(b.cut * text.length));
            findings.requests++;
            if (b.resetAfterMs === 0) return sendThenReset(child.port, bytes).catch(() => undefined);
            const s = await openSocket(child.port).catch(() => null);
            if (!s) return;
            s.write(bytes);
            await pause(b.resetAfterMs);
            s.resetAndDestroy();
          };
          await Promise.all(batch.map(attack));
          await pause(60);
          if (child.alive()) return stillServing(where, `one of: ${batch.map(describe).join(' | ')}`);
          await stillServing(where, `one of: ${batch.map(describe).join(' | ')}`);
          // Which one: replay them one at a time on the restarted server.
          for (const b of batch) {
            await attack(b);
            await pause(80);
            if (!child.alive()) {
              await stillServing(where, describe(b));
              break;
            }
          }
        },
      ),
      { seed: subSeed(seed, 'upgrade-reset'), numRuns: 25, endOnFailure: true },
    );
    expectClean(where);
  }, 60_000);

  it('bad WebSocket frames after a valid upgrade lose only their own connection', async () => {
    const where = 'bad frames';
    const atStart = restarts;
    const text = (s: string) => Buffer.from(s, 'utf8');
    const closeFrame = (code: number, reason: Buffer = Buffer.alloc(0)) => {
      const p = Buffer.alloc(2 + reason.length);
      p.writeUInt16BE(code, 0);
      reason.copy(p, 2);
      return frame({ opcode: 0x8, payload: p });
    };
    const cases: Array<{ name: string; bytes: () => Buffer; mustClose: boolean; thenReset?: boolean }> = [
      { name: 'text frame with invalid UTF-8', bytes: () => frame({ opcode: 0x1, payload: Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]) }), mustClose: true },
      { name: '70 KiB text message', bytes: () => frame({ opcode: 0x1, payload: Buffer.alloc(70 * 1024, 0x78) }), mustClose: true },
      {
        name: '70 KiB message in 7 fragments',
        bytes: () => Buffer.concat(Array.from({ length: 7 }, (_, i) => frame({ opcode: i === 0 ? 0x2 : 0x0, fin: i === 6, payload: Buffer.alloc(10 * 1024) }))),
        mustClose: true,
      },
      { name: 'RSV1 set without an extension', bytes: () => frame({ opcode: 0x1, rsv: 4, payload: text('hi') }), mustClose: true },
      { name: 'RSV2 and RSV3 set', bytes: () => frame({ opcode: 0x1, rsv: 3, payload: text('hi') }), mustClose: true },
      { name: 'unmasked client frame', bytes: () => frame({ opcode: 0x1, payload: text('hi'), masked: false }), mustClose: true },
      { name: 'truncated frame, then FIN', bytes: () => frame({ opcode: 0x1, payload: text('0123456789'), announcedLength: 125n }), mustClose: true },
      {
        name: 'truncated frame, then RST',
        bytes: () => frame({ opcode: 0x2, payload: Buffer.alloc(100), announcedLength: 60_000n }),
        mustClose: false,
        thenReset: true,
      },
      { name: '2^63-byte length', bytes: () => frame({ opcode: 0x2, announcedLength: 2n ** 63n }), mustClose: true },
      { name: '126-byte ping (control frame over 125)', bytes: () => frame({ opcode: 0x9, payload: Buffer.alloc(126) }), mustClose: true },
      { name: 'fragmented ping', bytes: () => frame({ opcode: 0x9, fin: false, payload: text('p') }), mustClose: true },
      { name: 'reserved opcode 0x3', bytes: () => frame({ opcode: 0x3, payload: text('x') }), mustClose: true },
      { name: 'continuation without a first frame', bytes: () => frame({ opcode: 0x0, payload: text('x') }), mustClose: true },
      { name: 'close with code 999', bytes: () => closeFrame(999), mustClose: true },
      { name: 'close with code 1005', bytes: () => closeFrame(1005), mustClose: true },
      { name: 'close with a 1-byte body', bytes: () => frame({ opcode: 0x8, payload: Buffer.from([3]) }), mustClose: true },
      { name: 'close with an invalid UTF-8 reason', bytes: () => closeFrame(1000, Buffer.from([0xff, 0xfe])), mustClose: true },
      {
        name: '2,000 pings in one write',
        bytes: () => Buffer.concat(Array.from({ length: 2000 }, () => frame({ opcode: 0x9, payload: text('p') }))),
        mustClose: false,
      },
    ];
    const attack = async (name: string, bytes: Buffer, mustClose: boolean, thenReset = false) => {
      findings.requests++;
      let ws: Awaited<ReturnType<typeof rawWebSocket>>;
      try {
        ws = await rawWebSocket(child.port, child.token);
      } catch (e) {
        findings.add(`${where}: valid upgrade refused`, where, String(e), name);
        return;
      }
      // A protocol error must close the connection at once; anything else gets a short look.
      const closing = waitForClose(ws.socket, mustClose ? 3000 : 200);
      ws.socket.write(bytes);
      if (thenReset) {
        await pause(20);
        ws.socket.resetAndDestroy();
      } else if (name.includes('then FIN')) ws.socket.end();
      const { closed, data } = await closing;
      findings.countAnswer(closed ? `ws closed ${serverCloseCode(data) ?? 'without close frame'}` : 'ws left open');
      if (mustClose && !closed) findings.add(`${where}: bad frame left the connection open: ${name}`, where, 'still open after 3 s', name);
      ws.socket.destroy();
    };
    for (const c of cases) {
      if (overBudget(atStart)) break;
      await attack(c.name, c.bytes(), c.mustClose, c.thenReset);
      await stillServing(where, `after a valid upgrade (raw socket, token in the query), send: ${c.name}`);
    }
    // Random frames: any opcode, reserved bits, masking, fragmentation and (announced) length.
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            opcode: fc.integer({ min: 0, max: 15 }),
            rsv: fc.integer({ min: 0, max: 7 }),
            fin: fc.boolean(),
            masked: fc.oneof(fc.constant(true), fc.boolean()),
            payload: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
            lie: fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { freq: 4 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (frames) => {
          if (overBudget(atStart)) return;
          const bytes = Buffer.concat(frames.map((f) => frame({ ...f, announcedLength: f.lie ?? undefined })));
          await attack('random frames', bytes, false);
          const described = frames
            .map(
              (f) => `opcode ${f.opcode} rsv ${f.rsv} fin ${f.fin} masked ${f.masked} ${f.payload.length} bytes${f.lie === null ? '' : ` announced ${f.lie}`}`,
            )
            .join(' + ');
          if (!child.alive()) await stillServing(where, `after a valid upgrade, send frames: ${described}`);
        },
      ),
      { seed: subSeed(seed, 'frames'), numRuns: 30, endOnFailure: true },
    );
    await stillServing(where);
    expectClean(where);
  }, 60_000);

  it('bodies over 1 MiB get 413 with the envelope', async () => {
    const where = 'oversized body';
    const head = (extra: string[], withToken = true) =>
      [
        `POST /api/engines.list HTTP/1.1`,
        `Host: ${LOOPBACK}:${child.port}`,
        ...(withToken ? [`Authorization: Bearer ${child.token}`] : []),
        'Content-Type: application/json',
        ...extra,
        '',
        '',
      ].join('\r\n');
    const big = 2 * 1024 * 1024;
    // Built when sent: a restarted server has another port and token.
    const attempts: Array<{ name: string; bytes: () => Buffer; expect413: boolean }> = [
      {
        name: 'Content-Length 2 MiB (announced, 64 KiB sent)',
        bytes: () => Buffer.concat([Buffer.from(head([`Content-Length: ${big}`])), Buffer.alloc(64 * 1024, 0x20)]),
        expect413: true,
      },
      {
        name: 'Content-Length 2 MiB, all sent',
        bytes: () => Buffer.concat([Buffer.from(head([`Content-Length: ${big}`])), Buffer.alloc(big, 0x20)]),
        expect413: true,
      },
      {
        name: 'chunked, 1.2 MiB',
        bytes: () =>
          Buffer.concat([
            Buffer.from(head(['Transfer-Encoding: chunked'])),
            ...Array.from({ length: 20 }, () => Buffer.from(`10000\r\n${' '.repeat(0x10000)}\r\n`)),
            Buffer.from('0\r\n\r\n'),
          ]),
        expect413: true,
      },
      {
        name: 'Content-Length 2 MiB without the token',
        bytes: () => Buffer.concat([Buffer.from(head([`Content-Length: ${big}`], false)), Buffer.alloc(64 * 1024, 0x20)]),
        expect413: false,
      },
      { name: 'Content-Length 99999999999999999999', bytes: () => Buffer.from(head(['Content-Length: 99999999999999999999'])), expect413: false },
    ];
    for (const a of attempts) {
      findings.requests++;
      const res = await exchange(child.port, a.bytes(), 5000);
      judge(where, a.name, res, { isApi: true, authorized: true, wellFramed: false });
      if (a.expect413) {
        let envelope: unknown;
        try {
          envelope = JSON.parse(res.body.toString('utf8'));
        } catch {
          envelope = null;
        }
        const problems = envelope === null ? [{ kind: 'no JSON body' }] : envelopeProblems(envelope, '');
        const isError = (envelope as { ok?: unknown } | null)?.ok === false;
        if (res.status !== 413 || problems.length > 0 || !isError) {
          findings.add(
            `not 413 with the envelope: ${a.name}`,
            where,
            `${res.status || (res.closed ? 'connection closed' : 'no answer')} ${res.raw.slice(0, 200)}`,
            a.name,
          );
        }
      }
      await stillServing(where, a.name);
    }
    expectClean(where);
  }, 60_000);

  it('300 connections at once: the server survives them and serves again after', async () => {
    const where = '300 connections';
    const sockets = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        findings.requests++;
        const s = await openSocket(child.port).catch(() => null);
        // Half hold an unfinished request, half an open upgrade with the token.
        s?.write(i % 2 === 0 ? `GET / HTTP/1.1\r\nHost: ${LOOPBACK}:${child.port}\r\n` : upgradeRequest(child.port, { token: child.token }));
        return s;
      }),
    );
    await pause(300);
    if (!child.alive()) findings.add(`server process died under 300 connections`, where, child.stderr().slice(-400), '300 sockets');
    const open = sockets.filter((s) => s && !s.destroyed).length;
    findings.countAnswer(`flood sockets the server had not closed after 300 ms: ${open}`);
    for (const s of sockets) s?.destroy();
    await pause(200);
    await stillServing(where);
    expectClean(where);
  }, 60_000);

  it('random methods, paths, headers and bodies: no 5xx, no crash, the token always required', async () => {
    const where = 'random HTTP';
    const atStart = restarts;
    const latin1 = (s: string) => Buffer.from(s, 'latin1').toString('latin1');
    const method = fc.oneof(
      { weight: 5, arbitrary: fc.constant('POST') },
      { weight: 3, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND') },
      { weight: 1, arbitrary: fc.constantFrom('CONNECT', 'get', 'G\u00c9T', 'X'.repeat(300), '') },
    );
    const path = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...CHANNEL_NAMES).map((c) => `/api/${c}`) },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          '/',
          '/index.html',
          '/api/',
          '/api',
          '/api/%',
          '/api/%E0%A4%A',
          '/api/..%2f..%2fetc%2fpasswd',
          '/../../etc/passwd',
          '/assets/../../../../etc/passwd',
          '/%2e%2e/%2e%2e/etc/passwd',
          '//etc/passwd',
          '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
          '*',
          'http://127.0.0.1/',
          'http://[x/',
          '/api/__proto__',
          '/api/constructor',
          '/api/toString',
          '/api/engines.list?x=1#y',
          '/api/containers%2Elist',
          '/api/engines.list/../settings.get',
          '/?token=x',
          '/\u00e9\u00ff',
          '/api/containers.list%00',
          `/${'a'.repeat(9000)}`,
        ),
      },
      { weight: 2, arbitrary: fc.webPath() },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map((s) => `/api/${percentEncoded(s)}`) },
    );
    type Part = (p: number, t: string) => string | null;
    const rightHost: Part[] = [(p) => `${LOOPBACK}:${p}`, (p) => `${LOOPBACK}:${p}`, (p) => `localhost:${p}`];
    const wrongHost: Part[] = [() => null, () => 'evil.example', () => LOOPBACK, (p) => `${LOOPBACK}:${p}, evil.example`, () => '', (p) => `[::1]:${p + 1}`];
    const rightAuth: Part[] = [(_, t) => `Bearer ${t}`, (_, t) => `Bearer ${t}`, (_, t) => `bearer ${t}`, (_, t) => `Bearer  ${t}`];
    const wrongAuth: Part[] = [
      () => null,
      (_, t) => `Bearer ${t.slice(0, -1)}x`,
      (_, t) => `Bearer ${t}x`,
      (_, t) => `Bearer ${t.slice(0, 31)}`,
      (_, t) => `Basic ${Buffer.from(`u:${t}`).toString('base64')}`,
      (_, t) => t,
      () => 'Bearer ',
      (_, t) => `Bearer ${t} ${t}`,
    ];
    const rightOrigin: Part[] = [() => null, () => null, (p) => `http://${LOOPBACK}:${p}`];
    const wrongOrigin: Part[] = [
      () => 'http://evil.example',
      () => 'null',
      (p) => `http://${LOOPBACK}:${p}.evil.example`,
      () => 'file://',
      (p) => `https://${LOOPBACK}:${p}`,
    ];
    const access = breaking(['host', 'auth', 'origin'] as const).chain((broken) =>
      fc.record({
        host: rightOrWrong(broken.has('host'), rightHost, wrongHost),
        auth: rightOrWrong(broken.has('auth'), rightAuth, wrongAuth),
        origin: rightOrWrong(broken.has('origin'), rightOrigin, wrongOrigin),
      }),
    );
    const body = fc.oneof(
      fc.constantFrom('', '{}', '{', '[]', 'null', '"x"', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', 'x'.repeat(100_000)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
    );
    const extraHeaders = fc.array(
      fc.oneof(
        fc.constantFrom(
          'Transfer-Encoding: chunked',
          'Expect: 100-continue',
          'Connection: upgrade',
          'Upgrade: websocket',
          'X-Forwarded-For: 10.0.0.1',
          'Content-Encoding: gzip',
          'Accept-Encoding: *',
          'Cookie: token=x',
        ),
        fc
          .tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,19}$/), fc.constantFrom(...HOSTILE_STRINGS).map(latin1))
          .map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, '')}`),
      ),
      { maxLength: 3 },
    );
    const framing = fc.constantFrom<'length' | 'none' | 'short' | 'long'>('length', 'length', 'length', 'none', 'short', 'long');

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ method, path, access, body, extraHeaders, framing, contentType: fc.constantFrom('application/json', 'text/plain', null) }), {
          minLength: 10,
          maxLength: 10,
        }),
        async (batch) => {
          if (overBudget(atStart)) return;
          type Spec = (typeof batch)[number];
          /** The raw request for the server at `port` (a restarted server has a new port and token). */
          const build = (r: Spec, port: number, token: string) => {
            const h = r.access.host(port, token);
            const a = r.access.auth(port, token);
            const o = r.access.origin(port, token);
            // The auth scheme is case-insensitive and may be followed by any whitespace (RFC 7235).
            const bearer = a === null ? null : (/^Bearer\s+(\S+)$/i.exec(a)?.[1] ?? null);
            const authorized =
              h !== null && [`${LOOPBACK}:${port}`, `localhost:${port}`].includes(h) && bearer === token && (o === null || o === `http://${LOOPBACK}:${port}`);
            const b = r.method !== 'GET' && r.method !== 'HEAD' ? r.body : '';
            const bodyBytes = Buffer.from(b, 'utf8');
            const hasChunked = r.extraHeaders.some((x) => /^transfer-encoding/i.test(x));
            const lengthHeader =
              r.framing === 'none' || hasChunked
                ? []
                : [`Content-Length: ${bodyBytes.length + (r.framing === 'long' ? 10 : r.framing === 'short' ? -Math.min(1, bodyBytes.length) : 0)}`];
            const head = [
              `${r.method} ${r.path} HTTP/1.1`,
              ...(h === null ? [] : [`Host: ${h}`]),
              ...(a === null ? [] : [`Authorization: ${a}`]),
              ...(o === null ? [] : [`Origin: ${o}`]),
              ...(r.contentType ? [`Content-Type: ${r.contentType}`] : []),
              ...lengthHeader,
              ...r.extraHeaders,
              'Connection: close',
              '',
              '',
            ].join('\r\n');
            const payload = hasChunked ? Buffer.from(`${bodyBytes.length.toString(16)}\r\n${b}\r\n0\r\n\r\n`, 'utf8') : bodyBytes;
            return {
              bytes: Buffer.concat([Buffer.from(head, 'latin1'), payload]),
              text: `${head}${b.length > 300 ? `${b.slice(0, 300)}…` : b}`,
              body: b,
              authorized,
              isApi: r.path.startsWith('/api/'),
              // A request that announces more body than it sends waits for the server's request timeout.
              wellFramed: r.framing === 'length' && !hasChunked && !r.extraHeaders.some((x) => /^expect/i.test(x)) && r.method !== 'CONNECT',
            };
          };
          const sendable = batch.filter((r) => {
            const req = build(r, child.port, child.token);
            if (req.authorized && r.method === 'POST' && reachesGuardedHandler(r.path, req.body)) {
              findings.skipped++;
              return false;
            }
            return true;
          });
          await Promise.all(
            sendable.map(async (r) => {
              const req = build(r, child.port, child.token);
              findings.requests++;
              const res = await exchange(child.port, req.bytes, req.wellFramed ? 3000 : 500).catch((e: Error) => ({
                status: 0,
                headers: {},
                body: Buffer.alloc(0),
                closed: true,
                raw: String(e),
              }));
              judge(where, req.text, res, req);
            }),
          );
          await pause(100); // the child's exit lands after its last answer
          if (child.alive()) return checkStderr(where, 'one of the requests of this batch');
          await stillServing(where, 'one of the requests of this batch');
          // Which request was it: replay them one at a time on the restarted server.
          for (const r of sendable) {
            const req = build(r, child.port, child.token);
            findings.requests++;
            await exchange(child.port, req.bytes, 500).catch(() => undefined);
            await pause(80);
            if (!child.alive()) {
              await stillServing(where, `raw request ${JSON.stringify(req.text.slice(0, 800))}`);
              break;
            }
          }
        },
      ),
      { seed: subSeed(seed, 'http'), numRuns: 30, endOnFailure: true },
    );
    await stillServing(where);
    expectClean(where);
  }, 60_000);

  it('random upgrade requests: 101 only with the right token, host and origin; no 5xx but the socket cap', async () => {
    const where = 'random upgrade';
    await fc.assert(
      fc.asyncProperty(
        breaking(['path', 'token', 'host', 'origin', 'version', 'key'] as const).chain((broken) =>
          fc.record({
            path: rightOrWrong(
              broken.has('path'),
              ['/api/events', '/api/events', '/api/events/../events'],
              ['/api/events/', '/api/events?token=', '/API/events', '/api/%65vents', '/elsewhere', '/', '/api/events%00'],
            ),
            token: rightOrWrong<'right' | 'wrong' | 'none' | 'twice' | 'encoded'>(
              broken.has('token'),
              ['right', 'right', 'encoded'],
              ['wrong', 'none', 'twice'],
            ),
            host: rightOrWrong<'right' | 'localhost' | 'evil' | 'none'>(broken.has('host'), ['right', 'right', 'localhost'], ['evil', 'none']),
            origin: rightOrWrong<'none' | 'same' | 'evil' | 'null'>(broken.has('origin'), ['none', 'same'], ['evil', 'null']),
            version: rightOrWrong(broken.has('version'), ['13'], ['8', '', 'x', '13, 8']),
            key: rightOrWrong<'good' | 'short' | 'none'>(broken.has('key'), ['good'], ['short', 'none']),
          }),
        ),
        async (u) => {
          const token =
            u.token === 'right' || u.token === 'twice' || u.token === 'encoded' ? child.token : u.token === 'wrong' ? `${child.token.slice(0, -1)}x` : null;
          const query =
            token === null
              ? ''
              : u.token === 'twice'
                ? `?token=x&token=${token}`
                : u.token === 'encoded'
                  ? `?token=${encodeURIComponent(token).replace(/-/g, '%2D')}`
                  : `?token=${token}`;
          const hostValue =
            u.host === 'right' ? `${LOOPBACK}:${child.port}` : u.host === 'localhost' ? `localhost:${child.port}` : u.host === 'evil' ? 'evil.example' : null;
          const lines = [
            `GET ${u.path}${u.path.includes('?') ? '' : query} HTTP/1.1`,
            ...(hostValue === null ? [] : [`Host: ${hostValue}`]),
            'Connection: Upgrade',
            'Upgrade: websocket',
            ...(u.version ? [`Sec-WebSocket-Version: ${u.version}`] : []),
            ...(u.key === 'none' ? [] : [`Sec-WebSocket-Key: ${u.key === 'good' ? Buffer.alloc(16, 7).toString('base64') : 'abc'}`]),
            ...(u.origin === 'none'
              ? []
              : [`Origin: ${u.origin === 'same' ? `http://${LOOPBACK}:${child.port}` : u.origin === 'evil' ? 'http://evil.example' : 'null'}`]),
            '',
            '',
          ].join('\r\n');
          const authorized =
            token === child.token &&
            u.token !== 'twice' &&
            (u.host === 'right' || u.host === 'localhost') &&
            (u.origin === 'none' || u.origin === 'same') &&
            ['/api/events', '/api/events/../events'].includes(u.path);
          findings.requests++;
          const res = await exchange(child.port, lines, 2000);
          judge(where, lines, res, { isApi: false, authorized, upgrade: true, wellFramed: true });
        },
      ),
      { seed: subSeed(seed, 'upgrade'), numRuns: 80, endOnFailure: true },
    );
    await stillServing(where);
    expectClean(where);
  }, 60_000);

  it('a client sending headers one byte at a time is cut by the headers timeout, others served meanwhile', async () => {
    const where = 'slow headers';
    const r = await slowHeaders;
    if (r.restartsBefore !== restarts) {
      findings.add('server restarted during the slow-header client (it died)', where, 'see the other findings', 'slow headers');
    } else if (r.closedAfterMs === null) {
      findings.add(
        `slow-header client not cut within ${(HEADERS_TIMEOUT_MS + SLACK_MS) / 1000} s`,
        where,
        `still open after ${(HEADERS_TIMEOUT_MS + SLACK_MS) / 1000} s; reply so far: ${JSON.stringify(r.reply)}`,
        'GET / HTTP/1.1 + headers, one byte per 100 ms',
      );
    } else {
      findings.countAnswer(`slow-header client cut after ${Math.round(r.closedAfterMs / 1000)} s`);
    }
    await stillServing(where);
    expectClean(where);
  }, 60_000);

  it('the valid event socket still receives events, and the server never crashed or reached out', async () => {
    const where = 'events';
    const engine = TEST_ENGINES[0];
    const docker = dockerClient(engine);
    const received = new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 8000);
      events?.once('message', (d: Buffer) => {
        clearTimeout(timer);
        resolve(d.toString('utf8').slice(0, 120));
      });
    });
    // A container created and removed straight through the engine: the app pushes containers.changed.
    const created = await docker.createContainer({
      name: `ck-fuzz-${run}-ev`,
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: { [FUZZ_LABEL]: run },
      HostConfig: { NetworkMode: 'none' },
    });
    try {
      const message = await received;
      if (message === null)
        findings.add(
          'valid event socket received no event',
          where,
          'no containers.changed within 8 s of a container being created',
          'create a container on the engine',
        );
    } finally {
      await created.remove({ force: true }).catch(() => undefined);
    }
    await stillServing(where);
    const all = findings.list();
    console.log(findings.summary(`transport fuzz (seed ${seed})`));
    expect(restarts, `the server process died ${restarts} time(s):\n${Findings.format(all.filter((f) => f.signature.includes('server process died')))}`).toBe(
      0,
    );
    expectClean(where);
  }, 60_000);
});
