import { NullEngine } from '../../support/null-engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Container, ContainerDetails, ContainersChanged } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import type { ContainerEngine, EngineIdentity, EventHandlers, EventSubscription } from '../../../../src/main/engines/container-engine';
import { EngineRegistry } from '../../../../src/main/engines/engine-registry';
import { ContainersService } from '../../../../src/main/services/containers/containers-service';

/**
 * The service runs on a real registry and real supervisors; only the engines are fakes, so
 * "available", the caches and the pushed events are the real ones.
 */

const DOCKER = 'unix:///fake/docker.sock';
const PODMAN = 'unix:///fake/podman.sock';
const DOWN = 'unix:///fake/down.sock';

function container(engineId: string, id: string, name: string, state: Container['state']): Container {
  return {
    engineId,
    id,
    name,
    image: 'localhost/ck-test:latest',
    state,
    status: state === 'running' ? 'Up 1 minute' : 'Exited (0) 1 minute ago',
    createdAt: null,
    startedAt: null,
    ports: [],
    networks: [],
    networkMode: 'bridge',
    labels: {},
  };
}

class FakeEngine extends NullEngine implements ContainerEngine {
  readonly endpoint: string;
  readonly data = new Map<string, Container>();
  up = true;
  readonly calls: Array<[string, ...unknown[]]> = [];
  constructor(
    readonly id: string,
    initial: Container[],
  ) {
    super();
    this.endpoint = id;
    for (const c of initial) this.data.set(c.id, c);
  }
  private find(idOrName: string): Container | undefined {
    return this.data.get(idOrName) ?? [...this.data.values()].find((c) => c.name === idOrName);
  }
  private need(idOrName: string): Container {
    const c = this.find(idOrName);
    if (!c) throw new AppError('NOT_FOUND', `No such container ${idOrName}`);
    return c;
  }
  async probe(): Promise<EngineIdentity> {
    if (!this.up) throw new AppError('ENGINE_UNAVAILABLE', `The engine at ${this.id} is not answering (ECONNREFUSED).`);
    return this.id === PODMAN
      ? { kind: 'podman', product: 'Podman', version: '4.3.1', apiVersion: '1.41' }
      : { kind: 'docker', product: 'Docker', version: '20.10.24', apiVersion: '1.41' };
  }
  async listContainers(): Promise<Container[]> {
    return [...this.data.values()];
  }
  async getContainer(id: string): Promise<Container | null> {
    this.calls.push(['getContainer', id]);
    return this.find(id) ?? null;
  }
  async inspectContainer(id: string): Promise<ContainerDetails> {
    this.calls.push(['inspectContainer', id]);
    return {
      ...this.need(id),
      command: ['sleep', '100'],
      hostname: 'h',
      env: [],
      restartPolicy: null,
      exitCode: null,
      dns: { servers: [], search: [], options: [] },
    };
  }
  async startContainer(id: string): Promise<void> {
    this.calls.push(['startContainer', id]);
    const c = this.need(id);
    this.data.set(c.id, { ...c, state: 'running', status: 'Up Less than a second' });
  }
  async stopContainer(id: string, timeoutSeconds?: number): Promise<void> {
    this.calls.push(['stopContainer', id, timeoutSeconds]);
    const c = this.need(id);
    this.data.set(c.id, { ...c, state: 'exited', status: 'Exited (0) Less than a second ago' });
  }
  async restartContainer(id: string, timeoutSeconds?: number): Promise<void> {
    this.calls.push(['restartContainer', id, timeoutSeconds]);
    const c = this.need(id);
    this.data.set(c.id, { ...c, state: 'running', status: 'Up Less than a second' });
  }
  async removeContainer(id: string, force?: boolean): Promise<void> {
    this.calls.push(['removeContainer', id, force]);
    this.data.delete(this.need(id).id);
  }
  async createContainer(): Promise<string> {
    throw new Error('not used');
  }
  watch(_h: EventHandlers): EventSubscription {
    return { close: () => undefined };
  }
  dispose(): void {}
}

const registries: EngineRegistry[] = [];
afterEach(() => {
  for (const r of registries.splice(0)) r.stop();
});

async function setup() {
  const engines = new Map<string, FakeEngine>([
    [DOCKER, new FakeEngine(DOCKER, [container(DOCKER, 'd-web', 'web', 'running'), container(DOCKER, 'd-db', 'db', 'exited')])],
    [PODMAN, new FakeEngine(PODMAN, [container(PODMAN, 'p-web', 'web', 'running'), container(PODMAN, 'p-api', 'api', 'exited')])],
    [DOWN, new FakeEngine(DOWN, [container(DOWN, 'x-ghost', 'ghost', 'running')])],
  ]);
  engines.get(DOWN)!.up = false;
  const changes: ContainersChanged[] = [];
  const registry = new EngineRegistry(
    {
      createApiEngine: (endpoint) => engines.get(endpoint)!,
      discovery: () => ({ env: {}, platform: 'linux', home: '/nonexistent-home', extraSockets: [DOCKER, PODMAN, DOWN], exists: () => false }),
      timing: { heartbeatMs: 1000, pingTimeoutMs: 500, probeTimeoutMs: 500, backoffInitialMs: 10_000, backoffMaxMs: 10_000 },
    },
    { enginesChanged: () => undefined, containersChanged: (c) => void changes.push(c) },
  );
  registries.push(registry);
  await registry.rescan();
  await vi.waitFor(() => {
    expect(registry.get(DOCKER).available).toBe(true);
    expect(registry.get(PODMAN).available).toBe(true);
    expect(registry.get(DOWN).snapshot.status).toBe('unavailable');
  });
  changes.length = 0;
  return { service: new ContainersService(registry), registry, engines, changes };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('list', () => {
  it('merges every available engine, sorted by name then engine, skipping the unavailable one', async () => {
    const { service } = await setup();
    expect(service.list().map((c) => `${c.name}@${c.engineId}`)).toEqual([`api@${PODMAN}`, `db@${DOCKER}`, `web@${DOCKER}`, `web@${PODMAN}`]);
  });

  it('filters running containers only', async () => {
    const { service } = await setup();
    expect(service.list({ runningOnly: true }).map((c) => c.id)).toEqual(['d-web', 'p-web']);
    expect(service.list({ runningOnly: false })).toHaveLength(4);
  });

  it('filters by engine', async () => {
    const { service } = await setup();
    expect(service.list({ engineId: PODMAN }).map((c) => c.id)).toEqual(['p-api', 'p-web']);
    expect(service.list({ engineId: PODMAN, runningOnly: true }).map((c) => c.id)).toEqual(['p-web']);
    expect(service.list({ engineId: DOWN })).toEqual([]);
  });

  it('throws NOT_FOUND for an unknown engine', async () => {
    const { service } = await setup();
    expect(() => service.list({ engineId: 'unix:///nope.sock' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('actions', () => {
  it.each([
    ['inspect', (s: ContainersService) => s.inspect({ engineId: DOWN, id: 'ghost' })],
    ['start', (s: ContainersService) => s.start({ engineId: DOWN, id: 'ghost' })],
    ['stop', (s: ContainersService) => s.stop({ engineId: DOWN, id: 'ghost' })],
    ['restart', (s: ContainersService) => s.restart({ engineId: DOWN, id: 'ghost' })],
    ['remove', (s: ContainersService) => s.remove({ engineId: DOWN, id: 'ghost' })],
  ])('%s on an unavailable engine → ENGINE_UNAVAILABLE naming the engine and why', async (_name, act) => {
    const { service, engines } = await setup();
    const err = await rejection(act(service));
    expect(err.code).toBe('ENGINE_UNAVAILABLE');
    expect(err.message).toContain(DOWN);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.details).toEqual({ engineId: DOWN });
    expect(engines.get(DOWN)!.calls).toEqual([]);
  });

  it('actions on an unknown engine → NOT_FOUND', async () => {
    const { service } = await setup();
    const err = await rejection(service.start({ engineId: 'unix:///nope.sock', id: 'web' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('unix:///nope.sock');
  });

  it('start returns the re-read snapshot and puts it in the cache, pushing an upsert', async () => {
    const { service, registry, engines, changes } = await setup();
    const result = await service.start({ engineId: DOCKER, id: 'db' });
    expect(engines.get(DOCKER)!.calls).toEqual([
      ['startContainer', 'db'],
      ['getContainer', 'db'],
    ]);
    expect(result).toMatchObject({ id: 'd-db', name: 'db', state: 'running', status: 'Up Less than a second' });
    expect(registry.get(DOCKER).containers.find((c) => c.id === 'd-db')).toEqual(result);
    expect(changes).toEqual([{ type: 'upsert', engineId: DOCKER, container: result }]);
    expect(service.list({ runningOnly: true }).map((c) => c.id)).toContain('d-db');
  });

  it('stop and restart pass the timeout on and return the new snapshot', async () => {
    const { service, engines } = await setup();
    expect(await service.stop({ engineId: DOCKER, id: 'd-web', timeoutSeconds: 3 })).toMatchObject({ id: 'd-web', state: 'exited' });
    expect(await service.restart({ engineId: DOCKER, id: 'd-web', timeoutSeconds: 0 })).toMatchObject({ id: 'd-web', state: 'running' });
    expect(engines.get(DOCKER)!.calls.filter(([m]) => m !== 'getContainer')).toEqual([
      ['stopContainer', 'd-web', 3],
      ['restartContainer', 'd-web', 0],
    ]);
  });

  it('an action on a container that vanished right after → NOT_FOUND', async () => {
    const { service, engines } = await setup();
    const engine = engines.get(DOCKER)!;
    engine.startContainer = async () => void engine.data.delete('d-db');
    const err = await rejection(service.start({ engineId: DOCKER, id: 'd-db' }));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('d-db');
  });

  it('engine errors reach the caller unchanged', async () => {
    const { service } = await setup();
    const err = await rejection(service.start({ engineId: DOCKER, id: 'missing' }));
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'No such container missing' });
  });

  it('remove (by name) forgets the container at once and says { ok: true }', async () => {
    const { service, registry, engines, changes } = await setup();
    expect(await service.remove({ engineId: PODMAN, id: 'api', force: true })).toEqual({ ok: true });
    expect(engines.get(PODMAN)!.calls).toEqual([['removeContainer', 'api', true]]);
    expect(registry.get(PODMAN).containers.map((c) => c.id)).toEqual(['p-web']);
    expect(changes).toEqual([{ type: 'remove', engineId: PODMAN, id: 'p-api' }]);
  });

  it('remove defaults force to false', async () => {
    const { service, engines } = await setup();
    await service.remove({ engineId: DOCKER, id: 'd-db' });
    expect(engines.get(DOCKER)!.calls).toEqual([['removeContainer', 'd-db', false]]);
  });

  it('inspect reads from the engine', async () => {
    const { service } = await setup();
    expect(await service.inspect({ engineId: PODMAN, id: 'p-web' })).toMatchObject({ id: 'p-web', command: ['sleep', '100'] });
  });
});
