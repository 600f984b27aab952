import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { ContainerDetailsSchema, ContainerSchema } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import type { ContainerEvent, EventSubscription } from '../../../../src/main/engines/container-engine';
import { AppleContainerEngine } from '../../../../src/main/engines/apple/apple-engine';
import { createFakeCli, type FakeCli } from './fake-container-cli';

let fake: FakeCli;
let engine: AppleContainerEngine;
const subscriptions: EventSubscription[] = [];

beforeEach(() => {
  fake = createFakeCli();
  engine = new AppleContainerEngine({ binary: fake.binary, pollIntervalMs: 50 });
});

afterEach(() => {
  for (const s of subscriptions.splice(0)) s.close();
  engine.dispose();
  rmSync(fake.dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}
const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).code;

/** Collects watch() output and resolves once an event matching `pred` arrives. */
function watchFor(pred: (e: ContainerEvent) => boolean, timeoutMs = 5000) {
  const seen: ContainerEvent[] = [];
  let ended: Error | null | undefined;
  let resolve!: (e: ContainerEvent) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<ContainerEvent>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = setTimeout(() => reject(new Error(`no matching event in ${timeoutMs}ms; saw ${JSON.stringify(seen)}`)), timeoutMs);
  const sub = engine.watch({
    onEvent(e) {
      seen.push(e);
      if (pred(e)) {
        clearTimeout(timer);
        resolve(e);
      }
    },
    onEnd(err) {
      ended = err;
    },
  });
  subscriptions.push(sub);
  // A test that only needs the subscription never awaits the promise: its deadline must not turn
  // into an unhandled rejection after that test has ended (and fail the whole run).
  promise.catch(() => undefined);
  const close = sub.close.bind(sub);
  sub.close = () => {
    clearTimeout(timer);
    close();
  };
  return { promise, seen, sub, ended: () => ended };
}

const polls = () => fake.calls().filter((a) => a[0] === 'ls').length;
async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('AppleContainerEngine against a fake `container` executable', () => {
  it('has the cli: id and endpoint', () => {
    expect(engine.id).toBe(`cli:${fake.binary}`);
    expect(engine.endpoint).toBe(fake.binary);
  });

  it('probe reports Apple container with the API server version', async () => {
    await expect(engine.probe()).resolves.toEqual({ kind: 'apple', product: 'Apple container', version: '1.2.2', apiVersion: null });
  });

  it('probe throws ENGINE_UNAVAILABLE telling the user to run `container system start`', async () => {
    fake.setRunning(false);
    const err = await errorOf(engine.probe());
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toContain('container system start');
    expect(err.message).toContain('not running');
  });

  it('lists containers sorted by name, valid against the shared schema', async () => {
    const list = await engine.listContainers();
    expect(list.map((c) => [c.id, c.state])).toEqual([
      ['db', 'exited'],
      ['web', 'running'],
    ]);
    for (const c of list) expect(ContainerSchema.parse(c).engineId).toBe(engine.id);
  });

  it('gets and inspects one container; unknown ids are null / NOT_FOUND', async () => {
    expect((await engine.getContainer('web'))?.networks[0].ipAddress).toBe('192.168.100.2');
    const details = await engine.inspectContainer('web');
    expect(ContainerDetailsSchema.parse(details).command).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(await engine.getContainer('nope')).toBeNull();
    expect(await codeOf(engine.inspectContainer('nope'))).toBe('NOT_FOUND');
    expect(await codeOf(engine.startContainer('nope'))).toBe('NOT_FOUND');
    expect(await codeOf(engine.stopContainer('nope'))).toBe('NOT_FOUND');
  });

  it.each(['--help', '-a', 'a;rm -rf /', '../web', 'a b', '', '$(id)', 'web\n'])(
    'rejects hostile id %j with INVALID_INPUT without running the binary',
    async (id) => {
      for (const op of [
        () => engine.getContainer(id),
        () => engine.inspectContainer(id),
        () => engine.startContainer(id),
        () => engine.stopContainer(id),
        () => engine.restartContainer(id),
        () => engine.removeContainer(id, true),
      ]) {
        expect(await codeOf(op())).toBe('INVALID_INPUT');
      }
      expect(fake.calls()).toEqual([]);
    },
  );

  it('passes --time to stop and --force to rm as separate arguments', async () => {
    await engine.stopContainer('web', 3);
    await engine.removeContainer('db', true);
    expect(fake.calls()).toEqual([
      ['stop', '--time', '3', 'web'],
      ['rm', '--force', 'db'],
    ]);
    expect(await codeOf(engine.stopContainer('web', -1))).toBe('INVALID_INPUT');
  });

  it('restart stops a running container, then starts it', async () => {
    await engine.restartContainer('web');
    expect(fake.calls().map((a) => a[0])).toEqual(['inspect', 'stop', 'start']);
    expect((await engine.getContainer('web'))?.state).toBe('running');
  });

  it('maps other CLI failures to ENGINE_ERROR with stderr', async () => {
    const err = await errorOf(engine.removeContainer('web'));
    expect(err.code).toBe('ENGINE_ERROR');
    expect(err.message).toContain('is running');
  });

  it('watch: first poll is a baseline, start emits an upsert, rm emits a remove', async () => {
    const w = watchFor((e) => e.id === 'db' && e.action === 'upsert');
    await waitFor(() => polls() >= 2); // baseline taken and one more quiet poll
    expect(w.seen).toEqual([]);

    await engine.startContainer('db');
    const up = await w.promise;
    expect(up).toMatchObject({ id: 'db', action: 'upsert', raw: 'poll' });
    expect(up.container?.state).toBe('running');
    expect(up.container?.networks[0].ipAddress).toBe('192.168.64.3');

    const gone = watchFor((e) => e.id === 'db' && e.action === 'remove');
    await waitFor(() => polls() >= 5);
    await engine.removeContainer('db', true);
    expect(await gone.promise).toEqual({ id: 'db', action: 'remove', raw: 'poll' });
    expect(w.seen.filter((e) => e.id === 'web')).toEqual([]);
  });

  it('watch ends once with ENGINE_UNAVAILABLE when the services stop, and stops polling', async () => {
    const w = watchFor(() => false);
    await waitFor(() => polls() >= 1);
    fake.setRunning(false);
    await waitFor(() => w.ended() !== undefined);
    expect((w.ended() as AppError).code).toBe('ENGINE_UNAVAILABLE');
    const after = polls();
    await new Promise((r) => setTimeout(r, 250));
    expect(polls()).toBe(after);
  });

  it('polls never overlap, even when ls is slower than the interval', async () => {
    fake.setLsDelay(150);
    watchFor(() => false);
    await waitFor(() => polls() >= 4);
    expect(fake.sawOverlap()).toBe(false);
  });

  it('close() stops polling', async () => {
    const w = watchFor(() => false);
    await waitFor(() => polls() >= 3);
    w.sub.close();
    await new Promise((r) => setTimeout(r, 150)); // let an in-flight poll finish
    const after = polls();
    await new Promise((r) => setTimeout(r, 250));
    expect(polls()).toBe(after);
    expect(w.ended()).toBeUndefined();
  });

  it('dispose() stops every watcher and later calls fail as unavailable', async () => {
    const a = watchFor(() => false);
    const b = watchFor(() => false);
    await waitFor(() => polls() >= 2);
    engine.dispose();
    await new Promise((r) => setTimeout(r, 150));
    const after = polls();
    await new Promise((r) => setTimeout(r, 250));
    expect(polls()).toBe(after);
    expect(a.ended()).toBeUndefined();
    expect(b.ended()).toBeUndefined();
    expect(await codeOf(engine.listContainers())).toBe('ENGINE_UNAVAILABLE');
  });

  it('a missing binary is ENGINE_UNAVAILABLE', async () => {
    const gone = new AppleContainerEngine({ binary: `${fake.dir}/does-not-exist/container` });
    expect(await codeOf(gone.probe())).toBe('ENGINE_UNAVAILABLE');
    expect(await codeOf(gone.listContainers())).toBe('ENGINE_UNAVAILABLE');
  });
});
