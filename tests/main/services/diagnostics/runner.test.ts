import { describe, expect, it, vi } from 'vitest';
import { runChecks, type CheckResult, type Checker, type DiagnosticsContext } from '../../../../src/main/services/diagnostics/checker';
import { outsideConnectivity } from '../../../../src/main/services/diagnostics/checkers/outside-connectivity';

const ctx = {
  engine: { exec: async () => ({ exitCode: 0, stdout: '', stderr: '', timedOut: false }), getContainer: async () => null },
  engineKind: 'docker',
  container: { id: 'c1', name: 'web', state: 'running', ports: [], networks: [] },
  others: [],
  facts: null,
  hostPorts: null,
} as unknown as DiagnosticsContext;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });

function fake(id: string, ms: number, extra: Partial<Checker> = {}, seen?: { aborted: string[] }): Checker {
  return {
    id,
    title: `check ${id}`,
    applicable: () => true,
    async check(_c, signal) {
      signal.addEventListener('abort', () => seen?.aborted.push(id));
      await sleep(ms, signal);
      return { status: 'pass', summary: `${id} ok`, evidence: [], fixes: [] };
    },
    ...extra,
  };
}

describe('runChecks', () => {
  it('runs checkers in parallel: each one waits for all the others to have started', async () => {
    // Run one after another, the first would wait for the rest forever and time out.
    let started = 0;
    let allStarted!: () => void;
    const everyoneIn = new Promise<void>((resolve) => (allStarted = resolve));
    const waitsForAll = (id: string): Checker =>
      fake(id, 0, {
        async check() {
          if (++started === 4) allStarted();
          await everyoneIn;
          return { status: 'pass', summary: `${id} ok`, evidence: [], fixes: [] };
        },
      });
    const results = await runChecks(['a', 'b', 'c', 'd'].map(waitsForAll), ctx, { timeoutMs: 2000 });
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('streams results as each finishes, and returns them in checker order', async () => {
    const release = new Map<string, () => void>();
    const gated = (id: string): Checker =>
      fake(id, 0, {
        async check() {
          await new Promise<void>((resolve) => release.set(id, resolve));
          return { status: 'pass', summary: `${id} ok`, evidence: [], fixes: [] };
        },
      });
    const streamed: string[] = [];
    const run = runChecks([gated('slow'), gated('fast'), gated('mid')], ctx, { onResult: (r) => streamed.push(r.id) });
    const finish = async (id: string) => {
      await vi.waitFor(() => expect(release.has(id)).toBe(true));
      release.get(id)!();
      await vi.waitFor(() => expect(streamed).toContain(id));
    };
    await finish('fast');
    await finish('mid');
    await finish('slow');
    const results = await run;
    expect(streamed).toEqual(['fast', 'mid', 'slow']);
    expect(results.map((r) => r.id)).toEqual(['slow', 'fast', 'mid']);
    // Each result carries its own duration: the one released last took longest.
    expect(results[0].durationMs).toBeGreaterThanOrEqual(results[1].durationMs);
  });

  it('gives each check its own deadline, reports a timeout as a failure, and aborts it', async () => {
    const seen = { aborted: [] as string[] };
    const streamed: CheckResult[] = [];
    // The hanging check would take 10 s; the test's own 5 s limit fails it if the deadline did not hold.
    const results = await runChecks([fake('hang', 10_000, {}, seen), fake('quick', 10)], ctx, { timeoutMs: 100, onResult: (r) => streamed.push(r) });
    expect(results[0]).toMatchObject({ id: 'hang', title: 'check hang', status: 'fail', summary: 'timed out after 100 ms' });
    expect(results[1].status).toBe('pass');
    expect(streamed.map((r) => r.id)).toEqual(['quick', 'hang']);
    expect(seen.aborted).toEqual(['hang']);
  }, 5000);

  it('uses 2500 ms by default', async () => {
    const results = await runChecks([fake('x', 2600)], ctx);
    expect(results[0].summary).toBe('timed out after 2500 ms');
  }, 5000);

  it('reports non-applicable checkers as skipped and a throwing checker as failed, without stopping the others', async () => {
    const results = await runChecks(
      [fake('na', 10, { applicable: () => false }), fake('boom', 10, { check: async () => Promise.reject(new Error('exec exploded')) }), fake('ok', 10)],
      ctx,
    );
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['na', 'skipped'],
      ['boom', 'fail'],
      ['ok', 'pass'],
    ]);
    expect(results[1].summary).toContain('exec exploded');
  });

  it('outside-connectivity contacts nothing without a target', async () => {
    let calls = 0;
    const c = {
      ...ctx,
      engine: { ...ctx.engine, exec: async () => (calls++, { exitCode: 0, stdout: '', stderr: '', timedOut: false }) },
    } as DiagnosticsContext;
    const [r] = await runChecks([outsideConnectivity], c);
    expect(r).toMatchObject({ status: 'skipped', summary: 'no target set' });
    expect(calls).toBe(0);
  });
});
