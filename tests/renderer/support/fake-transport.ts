import type {
  ChannelName,
  Container,
  Engine,
  Envelope,
  EventName,
  EventOf,
  RequestOf,
  ResultOf,
  Settings,
} from '../../../src/shared/contract';
import type { AppErrorShape } from '../../../src/shared/errors';
import type { Transport } from '../../../src/renderer/api/transport';

type Handler = (request: any) => unknown;

/**
 * An in-memory engine host implementing the bridge: answers channels from its own state, records
 * every call, pushes events on demand and can be told to fail a channel.
 */
export class FakeTransport implements Transport {
  engines: Engine[] = [];
  containers: Container[] = [];
  settings: Settings = { engineSockets: [] };
  readonly calls: { channel: ChannelName; request: unknown }[] = [];
  private readonly failures = new Map<ChannelName, AppErrorShape>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly reconnectListeners = new Set<() => void>();

  private readonly handlers: Record<ChannelName, Handler> = {
    'engines.list': () => this.engines,
    'containers.list': () => this.containers,
    'containers.inspect': (r) => ({
      ...this.find(r),
      command: ['nginx', '-g', 'daemon off;'],
      hostname: 'web-host',
      env: [],
      restartPolicy: null,
      exitCode: null,
      dns: { servers: ['10.0.0.53'], search: [], options: [] },
    }),
    'containers.start': (r) => this.setState(r, 'running'),
    'containers.stop': (r) => this.setState(r, 'exited'),
    'containers.restart': (r) => this.setState(r, 'running'),
    'containers.remove': (r) => {
      this.containers = this.containers.filter((c) => c !== this.find(r));
      return { ok: true };
    },
    'settings.get': () => this.settings,
    'settings.update': (r) => (this.settings = { ...this.settings, ...r }),
  };

  async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Envelope<ResultOf<C>>> {
    this.calls.push({ channel, request });
    const failure = this.failures.get(channel);
    if (failure) return { ok: false, error: failure };
    try {
      return { ok: true, data: structuredClone(this.handlers[channel](request)) as ResultOf<C> };
    } catch (e) {
      return { ok: false, error: { code: 'NOT_FOUND', message: (e as Error).message } };
    }
  }

  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => {
      this.reconnectListeners.delete(listener);
    };
  }

  push<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(structuredClone(payload));
  }

  reconnect(): void {
    for (const listener of this.reconnectListeners) listener();
  }

  fail(channel: ChannelName, error: AppErrorShape): void {
    this.failures.set(channel, error);
  }

  callsTo(channel: ChannelName): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request);
  }

  private find(ref: { engineId: string; id: string }): Container {
    const found = this.containers.find((c) => c.engineId === ref.engineId && (c.id === ref.id || c.name === ref.id));
    if (!found) throw new Error(`No such container: ${ref.id}`);
    return found;
  }

  private setState(ref: { engineId: string; id: string }, state: Container['state']): Container {
    const c = this.find(ref);
    const next = { ...c, state, status: state === 'running' ? 'Up 1 second' : 'Exited (0) 1 second ago' };
    this.containers = this.containers.map((x) => (x === c ? next : x));
    return next;
  }
}
