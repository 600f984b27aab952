import type {
  CheckResult,
  Container,
  ContainerFacts,
  DiagnosticsReport,
  EventName,
  EventOf,
  FirewallStatus,
  NetworkSample,
  RequestOf,
  TroubleshootReport,
} from '../../../src/shared/contract';
import type { diagnosticsChannels } from '../../../src/shared/contract/diagnostics';
import { AppError } from '../../../src/shared/errors';
import { DOCKER } from './fixtures';

/** The state the fake keeps for diagnostics, troubleshooting, the firewall and the monitor. */
export interface FakeDiagnosticsState {
  containers: Container[];
  /** The results `diagnostics.run` streams (in this order) and then reports. */
  checkResults: CheckResult[];
  /** The steps `troubleshoot.run` streams; the cause is the first failed one. */
  troubleshootSteps: CheckResult[];
  firewall: FirewallStatus;
  /** How long a `monitor.watch` lease lasts. */
  leaseMs: number;
  push<E extends EventName>(event: E, payload: EventOf<E>): void;
}

type Handler = (request: any) => unknown;

/** The main process's checker order; a check it does not know goes after them. */
const RUN_ORDER = [
  'container-running',
  'listener-for-each-port',
  'listener-not-loopback-only',
  'host-port-answers',
  'host-port-held-by-mapping',
  'peer-connectivity',
  'dns-resolver',
  'outside-connectivity',
];
const runOrder = (id: string) => (RUN_ORDER.includes(id) ? RUN_ORDER.indexOf(id) : RUN_ORDER.length);

export function checkResult(id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    title: `Check ${id}`,
    status,
    summary: `${id} is ${status}`,
    evidence: [`evidence of ${id}`],
    fixes: status === 'fail' ? [`docker fix ${id}`] : [],
    durationMs: 5,
    timedOut: false,
    ...extra,
  };
}

export function facts(c: Pick<Container, 'engineId' | 'id' | 'name'>, extra: Partial<ContainerFacts> = {}): ContainerFacts {
  return {
    engineId: c.engineId,
    containerId: c.id,
    containerName: c.name,
    addresses: ['172.17.0.2/16'],
    gateway: '172.17.0.1',
    dns: { nameservers: ['127.0.0.11'], search: ['example.internal'], options: [] },
    ports: [],
    interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16'], mac: '02:42:ac:11:00:02', up: true }],
    routes: [
      { destination: 'default', gateway: '172.17.0.1', iface: 'eth0' },
      { destination: '172.17.0.0/16', gateway: null, iface: 'eth0' },
    ],
    listeners: [{ protocol: 'tcp', address: '0.0.0.0', port: 80 }],
    sources: { interfaces: '/proc', routes: '/proc', listeners: 'netstat', dns: '/etc/resolv.conf' },
    ...extra,
  };
}

export function firewallStatus(extra: Partial<FirewallStatus> = {}): FirewallStatus {
  return {
    platform: 'linux',
    platformName: 'Linux',
    firewalls: [
      {
        name: 'ufw',
        installed: true,
        active: true,
        summary: 'ufw is active; incoming denied by default',
        error: null,
        facts: [{ label: 'Default incoming', value: 'deny' }],
      },
      { name: 'nftables', installed: true, active: null, summary: 'Could not read the ruleset', error: 'permission denied', facts: [] },
    ],
    engineChains: ['DOCKER', 'DOCKER-USER'],
    ports: [
      {
        engineId: DOCKER,
        containerId: 'a1',
        containerName: 'web',
        hostIp: '0.0.0.0',
        hostPort: 8080,
        containerPort: 80,
        protocol: 'tcp',
        reachableFromOutside: 'yes',
        reasons: ["Docker's published ports bypass ufw"],
        commands: ['sudo iptables -I DOCKER-USER -p tcp --dport 80 -j DROP'],
      },
      {
        engineId: DOCKER,
        containerId: 'b2',
        containerName: 'api',
        hostIp: '127.0.0.1',
        hostPort: 9000,
        containerPort: 9000,
        protocol: 'tcp',
        reachableFromOutside: 'no',
        reasons: ['Bound to 127.0.0.1 only'],
        commands: [],
      },
    ],
    notes: ["Docker's published ports bypass ufw rules."],
    checkedAt: '2024-05-01T10:00:00Z',
    ...extra,
  };
}

export function sample(containerId: string, n: number, extra: Partial<NetworkSample> = {}): NetworkSample {
  return {
    engineId: DOCKER,
    containerId,
    at: new Date(Date.UTC(2024, 4, 1, 10, 0, n)).toISOString(),
    rxBytesPerSec: n === 0 ? null : 1000 * n,
    txBytesPerSec: n === 0 ? null : 500 * n,
    rxBytes: 10_000 + 1000 * n,
    txBytes: 5_000 + 500 * n,
    rxErrors: 0,
    txErrors: 0,
    rxDropped: 0,
    txDropped: 0,
    connections: { established: n, listening: 1, other: 0 },
    dnsFailures: 0,
    networkErrors: 0,
    ...extra,
  };
}

const TITLES: Record<TroubleshootReport['scenario'], string> = {
  'web-unreachable': "I can't reach the web service in my container",
  'port-in-use': 'Port already in use',
  'no-internet': 'My container has no internet',
  'containers-cant-talk': "My containers can't reach each other",
  'dns-broken': "DNS doesn't work in my container",
};

/**
 * Default fakes for the six diagnostics channels: a run streams its results as
 * `diagnostics.progress` (with the request's runId) before answering, like the main process.
 */
export function diagnosticsHandlers(s: FakeDiagnosticsState): Record<keyof typeof diagnosticsChannels, Handler> {
  const find = (engineId: string, id: string): Container => {
    const c = s.containers.find((x) => x.engineId === engineId && (x.id === id || x.name === id));
    if (!c) throw new AppError('NOT_FOUND', `No container ${id}`);
    return c;
  };
  return {
    'diagnostics.facts': (r: RequestOf<'diagnostics.facts'>) => facts(find(r.engineId, r.id)),
    'diagnostics.run': (r: RequestOf<'diagnostics.run'>): DiagnosticsReport => {
      const c = find(r.engineId, r.id);
      const runId = r.runId ?? 'fake-run';
      // Streamed in the order the checks finish (as listed), each with its place in the run.
      for (const result of s.checkResults)
        s.push('diagnostics.progress', { runId, engineId: c.engineId, containerId: c.id, position: runOrder(result.id), result });
      return {
        runId,
        engineId: c.engineId,
        containerId: c.id,
        containerName: c.name,
        results: s.checkResults,
        facts: facts(c),
        startedAt: '2024-05-01T10:00:00Z',
        durationMs: 42,
      };
    },
    'troubleshoot.run': (r: RequestOf<'troubleshoot.run'>): TroubleshootReport => {
      const runId = r.runId ?? 'fake-run';
      const c = r.engineId && r.id ? find(r.engineId, r.id) : null;
      const steps: CheckResult[] = [];
      for (const step of s.troubleshootSteps) {
        steps.push(step);
        s.push('diagnostics.progress', { runId, engineId: c?.engineId ?? null, containerId: c?.id ?? null, position: steps.length - 1, result: step });
        if (step.status === 'fail') break;
      }
      const cause = steps.find((x) => x.status === 'fail') ?? null;
      const verdict = cause ? 'cause-found' : steps.every((x) => x.status === 'pass') ? 'no-problem' : 'inconclusive';
      return {
        runId,
        scenario: r.scenario,
        title: TITLES[r.scenario],
        subject: c ? c.name : `port ${r.hostPort}`,
        verdict,
        steps,
        cause: cause ? { stepId: cause.id, summary: cause.summary, fixes: cause.fixes } : null,
        markdown: `# ${TITLES[r.scenario]}\n\n${steps.map((x) => `- ${x.status}: ${x.title}`).join('\n')}\n`,
        startedAt: '2024-05-01T10:00:00Z',
        durationMs: 42,
      };
    },
    'firewall.status': () => s.firewall,
    'monitor.watch': () => ({ expiresAt: new Date(Date.now() + s.leaseMs).toISOString(), intervalMs: 1000 }),
    'monitor.unwatch': () => ({ ok: true as const }),
  };
}
