/**
 * One entry point: read a container's facts and the host's socket table once, then run every
 * checker in parallel, streaming results as they finish.
 */
import type { Container } from '../../../shared/contract';
import type { ContainerEngine } from '../../engines/container-engine';
import { AppError } from '../../../shared/errors';
import { HostPortTable } from '../ports/host-port-table';
import type { HostPortSnapshot } from '../ports/host-port-snapshot';
import { runChecks, type CheckResult, type Checker, type DiagnosticsContext } from './checker';
import { containerRunning } from './checkers/container-running';
import { dnsResolver } from './checkers/dns-resolver';
import { hostPortAnswers } from './checkers/host-port-answers';
import { hostPortHeldByMapping } from './checkers/host-port-held-by-mapping';
import { listenerForEachPort } from './checkers/listener-for-each-port';
import { listenerNotLoopbackOnly } from './checkers/listener-not-loopback-only';
import { outsideConnectivity } from './checkers/outside-connectivity';
import { peerConnectivity } from './checkers/peer-connectivity';
import { gatherFacts, type GatherFactsOptions } from './facts';

export const ALL_CHECKERS: readonly Checker[] = [
  containerRunning,
  listenerForEachPort,
  listenerNotLoopbackOnly,
  hostPortAnswers,
  hostPortHeldByMapping,
  peerConnectivity,
  dnsResolver,
  outsideConnectivity,
];

/** What a diagnosis context is built from; the troubleshoot walks build one too, then run their own steps over it. */
export interface ContextOptions extends Pick<DiagnosticsContext, 'peers' | 'dnsName' | 'outsideTarget'> {
  engineKind?: DiagnosticsContext['engineKind'];
  facts?: GatherFactsOptions;
  /** Read the host's sockets here (default) or not at all (`null`); the app passes its own reader. */
  readHostPorts?: (() => Promise<HostPortSnapshot>) | null;
  /** The neighbours to consider, when the caller knows none are needed or has them fresh; listed from the engine otherwise. */
  others?: readonly Container[];
}

export interface DiagnoseOptions extends ContextOptions {
  checkers?: readonly Checker[];
  /** Per check. */
  timeoutMs?: number;
  onResult?: (r: CheckResult) => void;
}

export interface DiagnosisReport {
  containerId: string;
  containerName: string;
  context: Pick<DiagnosticsContext, 'facts'>;
  results: CheckResult[];
  durationMs: number;
}

type DiagnosisEngine = Pick<ContainerEngine, 'exec' | 'getContainer' | 'listContainers'>;

/**
 * Reads the container (unless the caller just did), its facts (when running) and the host's
 * sockets (when it publishes ports), at once.
 */
export async function diagnosticsContext(engine: DiagnosisEngine, subject: string | Container, options: ContextOptions = {}): Promise<DiagnosticsContext> {
  const container = typeof subject === 'string' ? await engine.getContainer(subject) : subject;
  if (!container) throw new AppError('NOT_FOUND', `No container ${typeof subject === 'string' ? subject : subject.name}.`);
  const running = container.state === 'running';
  const readHost = options.readHostPorts === undefined ? () => HostPortTable.read({ protocols: ['tcp', 'udp'] }) : options.readHostPorts;
  const [others, facts, hostPorts] = await Promise.all([
    (options.others ? Promise.resolve(options.others) : engine.listContainers()).then((list) => list.filter((o) => o.id !== container.id)),
    running ? gatherFacts(engine, container.id, { timeoutMs: 2000, ...options.facts }) : Promise.resolve(null),
    running && readHost && container.ports.some((p) => p.hostPort !== null) ? readHost().catch(() => null) : Promise.resolve(null),
  ]);
  return {
    engine,
    engineKind: options.engineKind ?? null,
    container,
    others,
    facts,
    hostPorts,
    peers: options.peers,
    dnsName: options.dnsName,
    outsideTarget: options.outsideTarget,
  };
}

export async function diagnoseContainer(engine: DiagnosisEngine, subject: string | Container, options: DiagnoseOptions = {}): Promise<DiagnosisReport> {
  const started = performance.now();
  const ctx = await diagnosticsContext(engine, subject, options);
  const results = await runChecks(options.checkers ?? ALL_CHECKERS, ctx, { timeoutMs: options.timeoutMs, onResult: options.onResult });
  return {
    containerId: ctx.container.id,
    containerName: ctx.container.name,
    context: { facts: ctx.facts },
    results,
    durationMs: Math.round(performance.now() - started),
  };
}
