/**
 * Router fuzz (issue 10): payloads for every channel, generated from the channel's zod schema —
 * valid ones, valid shapes with hostile values, boundary sizes, wrong shapes, own `__proto__` /
 * `constructor` / `prototype` keys and junk — sent through the real router of a real AppCore with
 * the real Docker and Podman engines behind it. Each channel also gets a fixed set of examples
 * first: a valid request with one reference field at a time replaced by a ref that names nothing
 * (`..`, `x/y`, `x?y`, a control character…, see NOWHERE_REFS), or that reaches an owned object only
 * through an unencoded path (`net/disconnect?`, see detours).
 *
 * Every answer must be the envelope, never INTERNAL, with no stack trace or file path in a
 * message; a ref that names nothing must never get `ok: true`; no answer may hold the event loop
 * for a second; the process must see no uncaught exception or unhandled rejection, and must not
 * try to reach anything but this machine (a network guard refuses and reports it); and the engines
 * hold the same containers and networks afterwards. Channels that change engines, exec into
 * containers or may contact a host only get payloads the contract refuses, or payloads pointed at
 * this test's own objects (see support/fuzz/router-safety.ts).
 *
 * Replay a run with CK_FUZZ_SEED=<the printed seed>; CK_FUZZ_RUNS sets the random runs per channel.
 */
import fc from 'fast-check';
import { setImmediate as nextCheck } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../src/shared/contract';
import { TEST_ENGINES } from './support/test-engines';
import { TestCore } from './support/test-core';
import { Findings, envelopeProblems, fuzzSeed, normalizeMessage, printable, subSeed } from './support/fuzz/findings';
import { FuzzObjects, snapshotDiff, type EngineObjects, type EngineSnapshot } from './support/fuzz/fuzz-objects';
import { installNetworkGuard } from './support/fuzz/network-guard.mjs';
import {
  NOWHERE_REFS,
  REF_FIELDS,
  detours,
  hintsFor,
  namesNothing,
  ownedRefs,
  primaryTargets,
  safetyRules,
  type SafetyContext,
} from './support/fuzz/router-safety';
import { arbitraryFor, junkPayload, withPrototypeKeys, type Path, type Schemaish } from './support/fuzz/zod-arbitrary';

const seed = fuzzSeed();
console.log('fuzz seed', seed, '(replay with CK_FUZZ_SEED)');
const RUNS = Number(process.env.CK_FUZZ_RUNS ?? 30);
/** No single answer may take longer than this. */
const ANSWER_TIMEOUT_MS = 10_000;
/** Nor hold the event loop (every other request, IPC and event of the app) for longer than this. */
const MAX_BLOCK_MS = 1000;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

type Kind = 'valid' | 'hostile' | 'invalid' | 'proto' | 'junk' | 'example';
interface Case {
  kind: Kind;
  payload: unknown;
}

const findings = new Findings();
/** The request in flight (requests go one at a time), to pin a crash or a blocked connection on it. */
let current: { channel: string; repro: string } | null = null;
const crashes: string[] = [];
const onCrash = (what: string) => (err: unknown) => {
  findings.crashes++;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  crashes.push(`${what}: ${text}`);
  findings.add(
    `${what} @ ${current?.channel ?? '?'}: ${normalizeMessage(text)}`,
    current?.channel ?? 'process',
    `${what}: ${text}`,
    current?.repro ?? '(between requests)',
  );
};
const onException = onCrash('uncaughtException');
const onRejection = onCrash('unhandledRejection');
const protoNamesBefore = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
/** Per channel: payloads sent, and how many the contract accepted (i.e. reached a handler). */
const passedSchema = new Map<string, { sent: number; accepted: number }>();

/** Beats every 20 ms; the longest gap between beats is how long the event loop was held. */
let lastBeat = performance.now();
let longestGap = 0;
const heartbeat = setInterval(() => {
  const now = performance.now();
  longestGap = Math.max(longestGap, now - lastBeat);
  lastBeat = now;
}, 20);
heartbeat.unref();

/** The top-level string fields of a request (looking through optional/default/nullable), engineId aside. */
function stringFields(schema: Schemaish): string[] {
  const def = schema._zod.def;
  if (def.type !== 'object') return [];
  const out: string[] = [];
  for (const [key, field] of Object.entries(def.shape as Record<string, Schemaish>)) {
    let s = field;
    while (['optional', 'default', 'nullable', 'prefault'].includes(s._zod.def.type)) s = s._zod.def.innerType as Schemaish;
    if (key !== 'engineId' && s._zod.def.type === 'string') out.push(key);
    if (s._zod.def.type === 'array' && (s._zod.def.element as Schemaish)._zod.def.type === 'string' && key === 'peers') out.push(key);
  }
  return out;
}

describe('router fuzz: every channel, generated from its schema, against real engines', () => {
  let app: TestCore;
  const owners = TEST_ENGINES.map((e) => new FuzzObjects(e, run));
  const objects: EngineObjects[] = [];
  const before: EngineSnapshot[] = [];
  let ctx: SafetyContext;
  let rules: ReturnType<typeof safetyRules>;
  let owned: string[] = [];
  let uninstallGuard: (() => void) | undefined;
  const started = Date.now();

  beforeAll(async () => {
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
    uninstallGuard = installNetworkGuard((what) => {
      findings.add(
        `reached out of the machine @ ${current?.channel ?? '?'}: ${normalizeMessage(what)}`,
        current?.channel ?? 'process',
        `network guard refused: ${what}`,
        current?.repro ?? '(between requests)',
      );
    });
    for (const o of owners) await o.sweepOldRuns();
    for (const o of owners) before.push(await o.snapshot());
    for (const o of owners) objects.push(await o.create());
    ctx = { run, objects };
    rules = safetyRules(ctx);
    owned = ownedRefs(ctx);
    app = new TestCore(TEST_ENGINES);
    await app.start();
    for (const e of TEST_ENGINES) await app.waitForEngine(e.endpoint, 'available', 15_000);
  });

  // A stop or restart of an earlier channel must not leave the exec-ing channels a stopped container.
  beforeEach(async () => {
    for (const [i, o] of owners.entries()) {
      for (const ref of [objects[i]?.isolated, objects[i]?.member]) {
        if (ref)
          await o.docker
            .getContainer(ref.id)
            .start()
            .catch(() => undefined);
      }
    }
  });

  afterAll(async () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
    await app?.dispose();
    uninstallGuard?.();
    for (const o of owners) await o.cleanup();
    const left = (await Promise.all(owners.map((o) => o.leftovers()))).flat();
    console.log(findings.summary(`router fuzz (seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s)`));
    const coverage = [...passedSchema.entries()].map(([c, s]) => `${c} ${s.accepted}/${s.sent}`).join(', ');
    console.log(`payloads that reached a handler (accepted/sent), per channel: ${coverage}`);
    if (findings.list().length > 0) console.log(`router fuzz findings:\n${Findings.format(findings.list())}`);
    if (left.length > 0) throw new Error(`the fuzz could not remove its own objects: ${left.join(', ')}`);
  });

  const schemaOf = (channel: ChannelName) => channels[channel].request as unknown as Schemaish;

  function arbitraries(channel: ChannelName) {
    const hints = hintsFor(channel, ctx);
    const hint = (path: Path): fc.Arbitrary<unknown> | undefined => {
      const key = [...path].reverse().find((k): k is string => typeof k === 'string');
      const values = key === undefined ? undefined : hints[key];
      return values && values.length > 0 ? fc.constantFrom(...values) : undefined;
    };
    const schema = schemaOf(channel);
    return {
      valid: arbitraryFor(schema, 'valid', { hint }),
      hostile: arbitraryFor(schema, 'hostile', { hint }),
      invalid: arbitraryFor(schema, 'invalid', { hint }),
    };
  }

  function caseArbitrary(channel: ChannelName): fc.Arbitrary<Case> {
    const { valid, hostile, invalid } = arbitraries(channel);
    const tag =
      (kind: Kind) =>
      (payload: unknown): Case => ({ kind, payload });
    return fc.oneof(
      { weight: 3, arbitrary: valid.map(tag('valid')) },
      { weight: 4, arbitrary: hostile.map(tag('hostile')) },
      { weight: 3, arbitrary: invalid.map(tag('invalid')) },
      { weight: 1, arbitrary: fc.oneof(valid, hostile).chain(withPrototypeKeys).map(tag('proto')) },
      { weight: 1, arbitrary: junkPayload().map(tag('junk')) },
    );
  }

  /** A valid request at the test's own objects, then the same with one ref field naming nothing. */
  function examples(channel: ChannelName): Array<[Case, number]> {
    const schema = schemaOf(channel);
    // The fields that name something an engine holds (and so may end up in a request path).
    const naming = new Set([...(REF_FIELDS[channel] ?? []), 'id', 'name', 'image', 'network', 'container', 'peers', 'domain']);
    const fields = stringFields(schema).filter((f) => naming.has(f));
    if (fields.length === 0) return [];
    const samples = fc.sample(arbitraries(channel).valid, { seed: subSeed(seed, `${channel}/examples`), numRuns: 40 });
    const shape = schema._zod.def.shape as Record<string, Schemaish>;
    const shapeKeys = Object.keys(shape);
    // One base request per engine, aimed at that engine's own objects and without the optional
    // fields that name nothing (a stray bad IP there would fail every example for its own reason);
    // examples alternate engines.
    const bases = ctx.objects.map((_, engineIndex) => {
      const targets = primaryTargets(channel, ctx, engineIndex);
      const aimed = samples.map((s) => {
        if (!s || typeof s !== 'object') return s;
        const out = { ...(s as Record<string, unknown>) };
        for (const k of Object.keys(out)) if (shape[k]?._zod.optin === 'optional' && !naming.has(k) && k !== 'engineId') delete out[k];
        for (const k of Object.keys(targets)) if (shapeKeys.includes(k)) out[k] = targets[k];
        return out;
      });
      return { targets, base: (aimed.find((s) => schema.safeParse(s).success) ?? aimed[0]) as Record<string, unknown> };
    });
    const out: Array<[Case, number]> = bases.map(({ base }) => [{ kind: 'example', payload: base }, 0]);
    let n = 0;
    for (const field of fields) {
      const values: Array<string | number> = [...NOWHERE_REFS, ...detours('').map((_, i) => i)];
      for (const v of values) {
        const { base, targets } = bases[n++ % bases.length];
        const ownedValue = typeof base[field] === 'string' ? base[field] : targets[field];
        // Numbers stand for "the i-th detour to the owned value this field holds".
        if (typeof v === 'number' && !ownedValue) continue;
        const value = typeof v === 'number' ? detours(ownedValue)[v] : v;
        out.push([{ kind: 'example', payload: { ...base, [field]: field === 'peers' ? [value] : value } }, 0]);
      }
    }
    return out;
  }

  /** The payload to send, or null when it would reach a handler with something the test does not own. */
  function gate(channel: ChannelName, payload: unknown, pick: number): unknown {
    const schema = schemaOf(channel);
    const parse = (p: unknown) => schema.safeParse(p === undefined ? {} : p);
    const rule = rules[channel];
    const first = parse(payload);
    if (!rule || !first.success) return payload;
    if (rule.safe(first.data as Record<string, unknown>)) return payload;
    const fixed = rule.fix(payload as Record<string, unknown>, pick);
    const second = parse(fixed);
    if (!second.success || rule.safe(second.data as Record<string, unknown>)) return fixed;
    return null;
  }

  async function send(channel: ChannelName, c: Case, pick: number): Promise<void> {
    const payload = gate(channel, c.payload, pick);
    if (payload === null) {
      findings.skipped++;
      return;
    }
    const schema = schemaOf(channel);
    const stats = passedSchema.get(channel) ?? { sent: 0, accepted: 0 };
    stats.sent++;
    const accepted = schema.safeParse(payload === undefined ? {} : payload).success;
    if (accepted) stats.accepted++;
    passedSchema.set(channel, stats);

    findings.requests++;
    const repro = `core.invoke(${JSON.stringify(channel)}, ${printable(payload)})`;
    current = { channel, repro };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ANSWER_TIMEOUT_MS)));
    let answer: unknown;
    lastBeat = performance.now();
    longestGap = 0;
    try {
      answer = await Promise.race([app.core.invoke(channel, payload), timeout]);
    } catch (err) {
      findings.countAnswer('threw');
      findings.add(`invoke threw @ ${channel}: ${normalizeMessage(String(err))}`, channel, `invoke() rejected: ${String(err).slice(0, 300)}`, repro);
      return;
    } finally {
      clearTimeout(timer);
    }
    // Two turns of the loop, so an overdue heartbeat runs and records a block that just ended.
    await nextCheck();
    await nextCheck();
    longestGap = Math.max(longestGap, performance.now() - lastBeat);
    if (longestGap > MAX_BLOCK_MS) {
      findings.add(
        `event loop held over ${MAX_BLOCK_MS} ms @ ${channel}`,
        channel,
        `the event loop was blocked for ${Math.round(longestGap)} ms during this request`,
        repro,
      );
    }
    if (answer === 'timeout') {
      findings.countAnswer('no answer');
      findings.add(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s @ ${channel}`, channel, 'the promise did not settle', repro);
      current = null;
      return;
    }
    const a = answer as { ok?: boolean; error?: { code?: string; message?: string } };
    findings.countAnswer(a?.ok === true ? 'ok' : (a?.error?.code ?? 'malformed'));
    for (const p of envelopeProblems(answer, payload)) {
      findings.add(`${p.kind} @ ${channel}: ${normalizeMessage(p.observed)}`, channel, `${p.kind}: ${p.observed}`, repro);
    }
    if (accepted && payload && typeof payload === 'object') {
      for (const field of REF_FIELDS[channel] ?? []) {
        const v = (payload as Record<string, unknown>)[field];
        if (!namesNothing(v, owned)) continue;
        // A ref that names nothing is "no such object" (or refused as input), whatever the engine.
        if (a?.ok === true) {
          findings.add(
            `ok for a ${field} that names nothing @ ${channel}`,
            channel,
            `ok: true although ${field} ${JSON.stringify(v)} names no object (the request reached another one)`,
            repro,
          );
        } else if (a?.error?.code !== 'NOT_FOUND' && a?.error?.code !== 'INVALID_INPUT') {
          findings.add(
            `${a?.error?.code} (not NOT_FOUND/INVALID_INPUT) for a ${field} that names nothing @ ${channel}: ${normalizeMessage(a?.error?.message ?? '')}`,
            channel,
            `${a?.error?.code}: ${a?.error?.message}`,
            repro,
          );
        }
      }
    }
    if (Object.getOwnPropertyNames(Object.prototype).sort().join(',') !== protoNamesBefore || ({} as Record<string, unknown>).polluted !== undefined) {
      findings.add(`Object.prototype polluted @ ${channel}`, channel, Object.getOwnPropertyNames(Object.prototype).join(','), repro);
    }
    current = null;
  }

  for (const channel of CHANNEL_NAMES) {
    it(`${channel}: every answer is a clean envelope`, async () => {
      const fixed = examples(channel);
      await fc.assert(
        fc.asyncProperty(caseArbitrary(channel), fc.nat(), async (c, pick) => {
          await send(channel, c, pick);
        }),
        // fast-check counts the examples in numRuns: they come on top of the random runs here.
        { seed: subSeed(seed, channel), numRuns: RUNS + fixed.length, examples: fixed, endOnFailure: true },
      );
      // Let a late rejection or socket error of this channel's requests surface here.
      await new Promise((r) => setTimeout(r, 50));
      const mine = findings.list((f) => f.where === channel);
      expect(
        mine.map((f) => f.signature),
        `failures of ${channel}:\n${Findings.format(mine)}\n`,
      ).toEqual([]);
    }, 60_000);
  }

  it('the process saw no crash, and the engines hold what they held before', async () => {
    // Let late rejections from fire-and-forget work surface before judging.
    await new Promise((r) => setTimeout(r, 500));
    await app.dispose();
    for (const o of owners) await o.cleanup();
    const diffs: string[] = [];
    for (const [i, o] of owners.entries()) {
      const after = await o.snapshot();
      for (const d of snapshotDiff(before[i], after, () => false)) diffs.push(`${o.engine.kind}: ${d}`);
    }
    console.log(findings.summary(`router fuzz (seed ${seed})`));
    expect.soft(crashes, 'uncaught exceptions / unhandled rejections during the fuzz').toEqual([]);
    expect(diffs, 'containers/networks that changed on the engines').toEqual([]);
  }, 60_000);
});
