import { NullEngine } from '../support/null-engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Container, ContainersChanged, Engine } from '../../../src/shared/contract';
import { AppError } from '../../../src/shared/errors';
import type { ContainerEngine, ContainerEvent, EngineIdentity, EventHandlers, EventSubscription } from '../../../src/main/engines/container-engine';
import { EngineSupervisor, type SupervisorTiming } from '../../../src/main/engines/engine-supervisor';

const TIMING: SupervisorTiming = { heartbeatMs: 50, pingTimeoutMs: 50, probeTimeoutMs: 50, backoffInitialMs: 20, backoffMaxMs: 100 };
const IDENTITY: EngineIdentity = { kind: 'docker', product: 'Docker', version: '20.10.24', apiVersion: '1.41' };
const ENDPOINT = 'unix:///fake/docker.sock';

function container(id: string, name: string, state: Container['state'] = 'running'): Container {
  return {
    engineId: ENDPOINT,
    id,
    name,
    image: 'localhost/ck-test:latest',
    state,
    status: state === 'running' ? 'Up 3 minutes' : 'Exited (0) 1 minute ago',
    createdAt: '2026-11-28T12:18:43.363Z',
    startedAt: '2026-11-28T12:18:43.946Z',
    ports: [],
    networks: [],
    networkMode: 'bridge',
    labels: {},
  };
}

const unavailable = () => new AppError('ENGINE_UNAVAILABLE', 'The engine at unix:///fake/docker.sock is not answering (ECONNREFUSED).');

/** A scriptable engine: the test decides what it answers and when its stream ends. */
class FakeEngine extends NullEngine implements ContainerEngine {
  readonly id = ENDPOINT;
  readonly endpoint = ENDPOINT;
  up = true;
  readonly data = new Map<string, Container>();
  probeCalls: number[] = [];
  pingCalls = 0;
  listCalls = 0;
  getCalls: string[] = [];
  disposed = 0;
  closed = 0;
  handlers: EventHandlers | null = null;
  /** When set, listContainers takes its snapshot at once but answers only when the gate opens. */
  listGate: Promise<void> | null = null;
  /** When set, ping never answers on its own (honours the abort signal, as DockerEngine does). */
  pingHangs = false;

  constructor(initial: Container[] = []) {
    super();
    for (const c of initial) this.data.set(c.id, c);
  }

  async probe(): Promise<EngineIdentity> {
    this.probeCalls.push(Date.now());
    if (!this.up) throw unavailable();
    return IDENTITY;
  }

  ping(signal?: AbortSignal): Promise<void> {
    this.pingCalls++;
    if (this.pingHangs) {
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new AppError('ENGINE_UNAVAILABLE', 'stopped answering'))));
    }
    return this.up ? Promise.resolve() : Promise.reject(unavailable());
  }

  async listContainers(): Promise<Container[]> {
    this.listCalls++;
    const snapshot = [...this.data.values()];
    if (this.listGate) await this.listGate;
    if (!this.up) throw unavailable();
    return snapshot;
  }

  async getContainer(id: string): Promise<Container | null> {
    this.getCalls.push(id);
    if (!this.up) throw unavailable();
    return this.data.get(id) ?? null;
  }

  async inspectContainer(): Promise<never> {
    throw new Error('not used');
  }
  async startContainer(): Promise<void> {}
  async stopContainer(): Promise<void> {}
  async restartContainer(): Promise<void> {}
  async removeContainer(): Promise<void> {}

  async createContainer(): Promise<string> {
    throw new Error('not used');
  }

  watch(handlers: EventHandlers): EventSubscription {
    this.handlers = handlers;
    return {
      close: () => {
        this.closed++;
        if (this.handlers === handlers) this.handlers = null;
      },
    };
  }

  emit(event: ContainerEvent): void {
    this.handlers?.onEvent(event);
  }

  /** The engine goes away: its stream ends and it stops answering. */
  crash(): void {
    this.up = false;
    const h = this.handlers;
    this.handlers = null;
    h?.onEnd(new Error('socket closed'));
  }

  dispose(): void {
    this.disposed++;
  }
}

class Recorder {
  engines: Engine[] = [];
  changes: ContainersChanged[] = [];
  engineChanged = (e: Engine) => void this.engines.push(e);
  containersChanged = (c: ContainersChanged) => void this.changes.push(c);
  of<T extends ContainersChanged['type']>(type: T) {
    return this.changes.filter((c): c is Extract<ContainersChanged, { type: T }> => c.type === type);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = (fn: () => void, timeout = 2000) => vi.waitFor(fn, { timeout, interval: 5 });

const supervisors: EngineSupervisor[] = [];
function setup(initial: Container[] = [container('aaa111', 'web'), container('bbb222', 'db', 'exited')]) {
  const engine = new FakeEngine(initial);
  const rec = new Recorder();
  const sup = new EngineSupervisor(engine, 'discovered', rec, TIMING);
  supervisors.push(sup);
  return { engine, rec, sup };
}

afterEach(() => {
  for (const s of supervisors.splice(0)) s.stop();
  vi.useRealTimers();
});

describe('connecting', () => {
  it('starts as connecting, named after its endpoint', () => {
    const { sup } = setup();
    expect(sup.snapshot).toMatchObject({ id: ENDPOINT, status: 'connecting', kind: null, name: ENDPOINT, source: 'discovered' });
    expect(sup.available).toBe(false);
  });

  it('becomes available with what the engine said, and pushes one snapshot of its containers', async () => {
    const { sup, rec, engine } = setup();
    sup.start();
    await until(() => expect(sup.available).toBe(true));
    expect(sup.snapshot).toMatchObject({
      status: 'available',
      kind: 'docker',
      name: 'Docker 20.10.24',
      version: '20.10.24',
      apiVersion: '1.41',
      error: null,
    });
    expect(rec.engines.at(-1)).toEqual(sup.snapshot);
    expect(rec.changes).toEqual([{ type: 'snapshot', engineId: ENDPOINT, containers: [...engine.data.values()] }]);
    expect(sup.containers.map((c) => c.id).sort()).toEqual(['aaa111', 'bbb222']);
    expect(engine.listCalls).toBe(1);
  });

  it('is unavailable, with the reason, when the first probe fails', async () => {
    const { sup, rec, engine } = setup();
    engine.up = false;
    sup.start();
    await until(() => expect(sup.snapshot.status).toBe('unavailable'));
    expect(sup.snapshot.error).toMatch(/ECONNREFUSED/);
    // Nothing was cached, so there is nothing to clear.
    expect(rec.changes).toEqual([]);
  });
});

describe('events', () => {
  async function connected() {
    const s = setup();
    s.sup.start();
    await until(() => expect(s.sup.available).toBe(true));
    s.rec.changes.length = 0;
    return s;
  }

  it('re-reads only the container an event names and pushes an upsert (no list refetch)', async () => {
    const { sup, rec, engine } = await connected();
    const stopped = { ...container('aaa111', 'web', 'exited'), status: 'Exited (137) 1 second ago' };
    engine.data.set('aaa111', stopped);
    engine.emit({ id: 'aaa111', action: 'upsert', raw: 'kill' });
    await until(() => expect(rec.of('upsert')).toHaveLength(1));
    expect(engine.getCalls).toEqual(['aaa111']);
    expect(engine.listCalls).toBe(1);
    expect(rec.changes).toEqual([{ type: 'upsert', engineId: ENDPOINT, container: stopped }]);
    expect(sup.containers.find((c) => c.id === 'aaa111')).toEqual(stopped);
  });

  it('pushes nothing when the re-read snapshot is identical', async () => {
    const { rec, engine } = await connected();
    engine.emit({ id: 'aaa111', action: 'upsert', raw: 'update' });
    await until(() => expect(engine.getCalls).toEqual(['aaa111']));
    await sleep(20);
    expect(rec.changes).toEqual([]);
  });

  it('adds a container it did not know', async () => {
    const { sup, rec, engine } = await connected();
    const fresh = container('ccc333', 'cache');
    engine.data.set('ccc333', fresh);
    engine.emit({ id: 'ccc333', action: 'upsert', raw: 'create' });
    await until(() => expect(rec.changes).toEqual([{ type: 'upsert', engineId: ENDPOINT, container: fresh }]));
    expect(sup.containers).toHaveLength(3);
  });

  it('pushes a remove for a remove event, by full id, short id or name', async () => {
    const { sup, rec, engine } = await connected();
    engine.data.clear();
    engine.emit({ id: 'aaa111', action: 'remove', raw: 'destroy' });
    expect(rec.changes).toEqual([{ type: 'remove', engineId: ENDPOINT, id: 'aaa111' }]);
    engine.emit({ id: 'db', action: 'remove', raw: 'remove' });
    expect(rec.changes.at(-1)).toEqual({ type: 'remove', engineId: ENDPOINT, id: 'bbb222' });
    expect(sup.containers).toEqual([]);
    // Removing what is already gone says nothing.
    engine.emit({ id: 'aaa111', action: 'remove', raw: 'destroy' });
    expect(rec.changes).toHaveLength(2);
    expect(engine.getCalls).toEqual([]);
  });

  it('a re-read that finds the container gone pushes a remove', async () => {
    const { rec, engine } = await connected();
    engine.data.delete('bbb222');
    engine.emit({ id: 'bbb222', action: 'upsert', raw: 'die' });
    await until(() => expect(rec.changes).toEqual([{ type: 'remove', engineId: ENDPOINT, id: 'bbb222' }]));
  });

  it('applies a state patch at once, before the re-read lands', async () => {
    const { sup, rec, engine } = await connected();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const realGet = engine.getContainer.bind(engine);
    engine.getContainer = async (id) => {
      await gate;
      return realGet(id);
    };
    const final = { ...container('aaa111', 'web', 'exited'), status: 'Exited (137) 1 second ago' };
    engine.data.set('aaa111', final);
    engine.emit({ id: 'aaa111', action: 'upsert', statePatch: { state: 'exited', exitCode: 137 }, raw: 'die' });
    expect(rec.changes).toHaveLength(1);
    // The event says the state, not the engine's status words: those come with the follow-up read.
    expect(rec.changes[0]).toMatchObject({ type: 'upsert', container: { id: 'aaa111', state: 'exited', status: '' } });
    expect(sup.containers.find((c) => c.id === 'aaa111')?.state).toBe('exited');
    release();
    await until(() => expect(rec.changes.at(-1)).toEqual({ type: 'upsert', engineId: ENDPOINT, container: final }));
  });

  it('takes a snapshot carried by the event without reading', async () => {
    const { rec, engine } = await connected();
    const carried = container('aaa111', 'web-renamed');
    engine.emit({ id: 'aaa111', action: 'upsert', container: carried, raw: 'poll' });
    expect(rec.changes).toEqual([{ type: 'upsert', engineId: ENDPOINT, container: carried }]);
    expect(engine.getCalls).toEqual([]);
  });

  it('re-reads, after the list lands, the containers events named while it was loading', async () => {
    const { sup, rec, engine } = setup();
    let release!: () => void;
    engine.listGate = new Promise<void>((r) => (release = r));
    sup.start();
    await until(() => expect(engine.listCalls).toBe(1));
    // While the (stale) list is on its way, web stops and a new container appears.
    const stopped = container('aaa111', 'web', 'exited');
    const fresh = container('ccc333', 'cache');
    engine.data.set('aaa111', stopped);
    engine.data.set('ccc333', fresh);
    engine.emit({ id: 'aaa111', action: 'upsert', statePatch: { state: 'exited', exitCode: 0 }, raw: 'die' });
    engine.emit({ id: 'ccc333', action: 'upsert', raw: 'create' });
    await sleep(10);
    expect(engine.getCalls).toEqual([]); // nothing to patch yet: the list is not there
    expect(rec.changes).toEqual([]);
    release();
    await until(() => expect(engine.getCalls.sort()).toEqual(['aaa111', 'ccc333']));
    await until(() => {
      expect(sup.containers.find((c) => c.id === 'aaa111')).toEqual(stopped);
      expect(sup.containers.find((c) => c.id === 'ccc333')).toEqual(fresh);
    });
    expect(rec.changes[0]).toMatchObject({ type: 'snapshot' });
    expect(rec.of('upsert').map((u) => u.container)).toEqual(expect.arrayContaining([stopped, fresh]));
    expect(engine.listCalls).toBe(1);
  });

  it('a re-read that finds the engine gone marks it unavailable', async () => {
    const { sup, engine } = await connected();
    engine.up = false; // stream still open, but the engine no longer answers
    engine.emit({ id: 'aaa111', action: 'upsert', raw: 'start' });
    await until(() => expect(sup.snapshot.status).toBe('unavailable'));
  });
});

describe('losing the engine and getting it back', () => {
  it('stream end → unavailable, containers emptied with an empty snapshot, then reconnects', async () => {
    const { sup, rec, engine } = setup();
    sup.start();
    await until(() => expect(sup.available).toBe(true));
    rec.changes.length = 0;

    engine.crash();
    expect(sup.snapshot.status).toBe('unavailable');
    expect(sup.snapshot.error).toBe('socket closed');
    expect(sup.available).toBe(false);
    expect(sup.containers).toEqual([]);
    expect(rec.changes).toEqual([{ type: 'snapshot', engineId: ENDPOINT, containers: [] }]);
    expect(engine.closed).toBe(1);

    const probesBefore = engine.probeCalls.length;
    await until(() => expect(engine.probeCalls.length).toBeGreaterThanOrEqual(probesBefore + 3));
    expect(sup.snapshot.status).toBe('unavailable');

    engine.up = true;
    await until(() => expect(sup.available).toBe(true));
    expect(sup.snapshot.error).toBeNull();
    expect(rec.changes.at(-1)).toEqual({ type: 'snapshot', engineId: ENDPOINT, containers: [...engine.data.values()] });
    expect(sup.containers).toHaveLength(2);
    expect(engine.listCalls).toBe(2);
  });

  it('an onEnd without an error still says the stream ended', async () => {
    const { sup, engine } = setup();
    sup.start();
    await until(() => expect(sup.available).toBe(true));
    engine.handlers?.onEnd(null);
    expect(sup.snapshot.status).toBe('unavailable');
    expect(sup.snapshot.error).toContain(ENDPOINT);
  });

  it('retries with exponential backoff capped at backoffMaxMs, reset after a success', async () => {
    vi.useFakeTimers({ now: 0 });
    const { sup, engine } = setup();
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sup.available).toBe(true);

    engine.crash();
    engine.probeCalls = [];
    const lostAt = Date.now();
    await vi.advanceTimersByTimeAsync(20 + 40 + 80 + 100 + 100 + 1);
    const times = [lostAt, ...engine.probeCalls];
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps).toEqual([20, 40, 80, 100, 100]);

    engine.up = true;
    await vi.advanceTimersByTimeAsync(100);
    expect(sup.available).toBe(true);

    // After a successful connect the next loss starts again from backoffInitialMs.
    engine.crash();
    engine.probeCalls = [];
    await vi.advanceTimersByTimeAsync(19);
    expect(engine.probeCalls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.probeCalls).toHaveLength(1);
  });

  it('heartbeat: a failing ping → unavailable, with the events of a loss', async () => {
    const { sup, rec, engine } = setup();
    sup.start();
    await until(() => expect(sup.available).toBe(true));
    await until(() => expect(engine.pingCalls).toBeGreaterThanOrEqual(1), 1000);
    expect(sup.available).toBe(true);
    rec.changes.length = 0;
    engine.up = false; // no stream end: only the heartbeat can notice
    await until(() => expect(sup.snapshot.status).toBe('unavailable'), 1000);
    expect(sup.snapshot.error).toMatch(/ECONNREFUSED/);
    expect(rec.changes).toEqual([{ type: 'snapshot', engineId: ENDPOINT, containers: [] }]);
    expect(engine.closed).toBe(1);
  });

  it('heartbeat: a ping that hangs past pingTimeoutMs → unavailable', async () => {
    const { sup, engine } = setup();
    sup.start();
    await until(() => expect(sup.available).toBe(true));
    engine.pingHangs = true;
    await until(() => expect(sup.snapshot.status).toBe('unavailable'), 1000);
    expect(sup.snapshot.error).toBe('stopped answering');
  });

  it('an engine without ping gets no heartbeat', async () => {
    const engine = new FakeEngine([container('aaa111', 'web')]);
    (engine as { ping?: unknown }).ping = undefined;
    const rec = new Recorder();
    const sup = new EngineSupervisor(engine, 'discovered', rec, TIMING);
    supervisors.push(sup);
    sup.start();
    await until(() => expect(sup.available).toBe(true));
    engine.up = false;
    await sleep(150);
    expect(sup.available).toBe(true);
    expect(engine.pingCalls).toBe(0);
  });
});

describe('stop', () => {
  it('stops the heartbeat, closes the stream and disposes the engine', async () => {
    const { sup, engine } = setup();
    sup.start();
    await until(() => expect(engine.pingCalls).toBeGreaterThanOrEqual(1), 1000);
    sup.stop();
    expect(engine.closed).toBe(1);
    expect(engine.disposed).toBe(1);
    const pings = engine.pingCalls;
    const probes = engine.probeCalls.length;
    await sleep(200);
    expect(engine.pingCalls).toBe(pings);
    expect(engine.probeCalls).toHaveLength(probes);
  });

  it('stops reconnecting when stopped during backoff, and ignores a late stream end', async () => {
    const { sup, rec, engine } = setup();
    sup.start();
    await until(() => expect(sup.available).toBe(true));
    const handlers = engine.handlers!;
    engine.crash();
    const probes = engine.probeCalls.length;
    sup.stop();
    const events = rec.changes.length + rec.engines.length;
    handlers.onEnd(new Error('late'));
    await sleep(200);
    expect(engine.probeCalls).toHaveLength(probes);
    expect(rec.changes.length + rec.engines.length).toBe(events);
  });

  it('ignores a list that lands after stop', async () => {
    const { sup, rec, engine } = setup();
    let release!: () => void;
    engine.listGate = new Promise<void>((r) => (release = r));
    sup.start();
    await until(() => expect(engine.listCalls).toBe(1));
    sup.stop();
    release();
    await sleep(20);
    expect(rec.changes).toEqual([]);
    expect(sup.available).toBe(false);
  });
});
