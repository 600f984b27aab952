import type {
  ChannelName,
  CheckResult,
  FirewallStatus,
  Container,
  Engine,
  Envelope,
  EventName,
  EventOf,
  Network,
  PortCheck,
  PortHolder,
  PortWarning,
  RequestOf,
  ResultOf,
  Settings,
} from '../../../src/shared/contract';
import { AppError, type AppErrorShape } from '../../../src/shared/errors';
import type { PortSpec } from '../../../src/shared/port-spec';
import type { Transport } from '../../../src/renderer/api/transport';
import { networkHandlers, type FakeNetworkState } from './fake-networks';
import { checkResult, diagnosticsHandlers, firewallStatus, type FakeDiagnosticsState } from './fake-diagnostics';

type Handler = (request: any) => unknown;

export const DEFAULT_SETTINGS: Settings = {
  engineSockets: [],
  portEnvironment: 'development',
  portRanges: { development: [8000, 8999], staging: [9000, 9999] },
  quickCheckOnStart: true,
};

const wildcard = (ip: string): boolean => ip === '' || ip === '0.0.0.0' || ip === '::';

/**
 * An in-memory engine host implementing the bridge: answers channels from its own state, records
 * every call, pushes events on demand and can be told to fail a channel. Host ports are taken by
 * `portHolders`; `handle()` swaps in a channel's handler (e.g. one answering later).
 */
export class FakeTransport implements Transport, FakeNetworkState, FakeDiagnosticsState {
  engines: Engine[] = [];
  containers: Container[] = [];
  networks: Network[] = [];
  dnsAnswers: Record<string, string[]> = {};
  resolvConf: FakeNetworkState['resolvConf'] = {
    nameservers: ['127.0.0.11'],
    search: ['example.internal'],
    options: ['ndots:0'],
    raw: 'nameserver 127.0.0.11\nsearch example.internal\noptions ndots:0\n',
  };
  domains: string[] = [];
  settings: Settings = structuredClone(DEFAULT_SETTINGS);
  /** What `ports.check` and `ports.owner` find on the host and in the engines. */
  portHolders: PortHolder[] = [];
  /** The warnings `ports.check` attaches to a spec. */
  warningsFor: (spec: PortSpec) => PortWarning[] = () => [];
  exportResult: ResultOf<'ports.export'> = { yaml: 'ports: []\n', fileName: 'container-kit-ports.yaml' };
  checkResults: CheckResult[] = [checkResult('container-running', 'pass'), checkResult('listener-for-each-port', 'pass')];
  troubleshootSteps: CheckResult[] = [checkResult('container-running', 'pass'), checkResult('listener-for-each-port', 'fail')];
  firewall: FirewallStatus = firewallStatus();
  leaseMs = 15_000;
  readonly calls: { channel: ChannelName; request: unknown }[] = [];
  private readonly failures = new Map<ChannelName, AppErrorShape>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly reconnectListeners = new Set<() => void>();
  private created = 0;

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
    'ports.check': (r: RequestOf<'ports.check'>) => ({ checks: r.specs.map((s) => this.checkSpec(s)) }),
    'ports.owner': (r: RequestOf<'ports.owner'>) => ({
      holders: this.holdersAt(r.hostIp ?? '', r.hostPort, r.protocol ?? 'tcp'),
    }),
    'ports.suggest': (r: RequestOf<'ports.suggest'>) => ({
      ports: [this.freeFrom(r.hostIp ?? '', 8000, 1, r.protocol ?? 'tcp')],
      reason: 'development range',
    }),
    'ports.export': () => this.exportResult,
    'containers.create': (r: RequestOf<'containers.create'>) => {
      const c: Container = {
        engineId: r.engineId,
        id: `new${++this.created}`,
        name: r.name ?? `created-${this.created}`,
        image: r.image,
        state: r.start === false ? 'created' : 'running',
        status: r.start === false ? 'Created' : 'Up 1 second',
        createdAt: null,
        startedAt: null,
        ports: (r.ports ?? []).map((p) => ({
          hostIp: p.hostIp,
          hostPort: p.hostPortStart,
          containerPort: p.containerPortStart,
          protocol: p.protocol,
        })),
        networks: [],
        networkMode: r.network ?? 'bridge',
        labels: {},
      };
      this.containers = [...this.containers, c];
      return { container: c, warnings: [] };
    },
    ...networkHandlers(this),
    ...diagnosticsHandlers(this),
  };

  async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Envelope<ResultOf<C>>> {
    this.calls.push({ channel, request });
    const failure = this.failures.get(channel);
    if (failure) return { ok: false, error: failure };
    try {
      return { ok: true, data: structuredClone(await this.handlers[channel](request)) as ResultOf<C> };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.toJSON() };
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

  /** Replaces a channel's handler; it may return a promise (to answer out of order). */
  handle<C extends ChannelName>(channel: C, handler: (request: RequestOf<C>) => ResultOf<C> | Promise<ResultOf<C>>): void {
    this.handlers[channel] = handler as Handler;
  }

  /** Holds a channel's answers until the returned function is called; what the handler pushes meanwhile still goes out. */
  hold(channel: ChannelName): () => void {
    const inner = this.handlers[channel];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    this.handlers[channel] = async (request) => {
      const result = await inner(request);
      await gate;
      return result;
    };
    return release;
  }

  callsTo(channel: ChannelName): unknown[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request);
  }

  /** What the default `ports.check` answers for one spec. */
  checkSpec(spec: PortSpec): PortCheck {
    const conflicts: PortCheck['conflicts'] = [];
    if (spec.hostPortStart !== null) {
      for (let p = spec.hostPortStart; p <= (spec.hostPortEnd ?? spec.hostPortStart); p++) {
        const holders = this.holdersAt(spec.hostIp, p, spec.protocol);
        if (holders.length) conflicts.push({ hostIp: spec.hostIp, hostPort: p, protocol: spec.protocol, holders });
      }
    }
    let suggestion: PortSpec | null = null;
    if (conflicts.length && spec.hostPortStart !== null) {
      const length = (spec.hostPortEnd ?? spec.hostPortStart) - spec.hostPortStart + 1;
      const start = this.freeFrom(spec.hostIp, spec.hostPortStart + 1, length, spec.protocol);
      suggestion = { ...spec, hostPortStart: start, hostPortEnd: start + length - 1 };
    }
    return { spec, ok: conflicts.length === 0, conflicts, suggestion, warnings: this.warningsFor(spec) };
  }

  private holdersAt(hostIp: string, hostPort: number, protocol: string): PortHolder[] {
    return this.portHolders.filter(
      (h) => h.hostPort === hostPort && h.protocol === protocol && (h.hostIp === hostIp || wildcard(h.hostIp) || wildcard(hostIp)),
    );
  }

  private freeFrom(hostIp: string, from: number, length: number, protocol: string): number {
    let start = from;
    while ([...Array(length).keys()].some((i) => this.holdersAt(hostIp, start + i, protocol).length)) start++;
    return start;
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
