/**
 * Guided troubleshooting: the user picks what is wrong, the service walks that scenario's checks in
 * order, pushes each step as `diagnostics.progress` as it finishes, and stops at the first failure,
 * which it reports as the cause with its fixes and a paste-ready Markdown report.
 */
import type { CheckResult, Container, DiagnosticsProgress, Network, TroubleshootReport, TroubleshootRequest } from '../../../shared/contract';
import { renderTroubleshootMarkdown } from '../../../shared/troubleshoot-markdown';
import { requireAvailable, type EngineRegistry } from '../../engines/engine-registry';
import type { EngineSupervisor } from '../../engines/engine-supervisor';
import { diagnosticsContext } from '../diagnostics/diagnostics';
import type { DiagnosticsService } from '../diagnostics/diagnostics-service';
import { engineCli } from '../../../shared/engine-cli';
import { findSubject, runIdFor } from '../diagnostics/subject';
import type { PortsService } from '../ports/ports-service';
import { CONTAINER_WALKS, SCENARIO_TITLES } from './scenarios';
import { portHolderStep, type PortContext, type PortQuestion } from './steps/port-holder';
import { verdictOf, walk } from './walk';
import type { WalkContext } from './walk-context';

export interface TroubleshootServiceDeps {
  engines: EngineRegistry;
  diagnostics: DiagnosticsService;
  ports: PortsService;
  emitProgress: (p: DiagnosticsProgress) => void;
  /** Deadline of each step, in ms: longer than a diagnosis's, since steps run one at a time. */
  stepTimeoutMs?: number;
  /** For the commands in fixes (ss on Linux, lsof on macOS, netstat on Windows). */
  platform?: NodeJS.Platform;
}

const DEFAULT_STEP_TIMEOUT_MS = 5000;

/** What a walk ran on, for the report and the progress events. */
interface Walked {
  steps: CheckResult[];
  subject: string;
}

export class TroubleshootService {
  constructor(private readonly deps: TroubleshootServiceDeps) {}

  async run(req: TroubleshootRequest): Promise<TroubleshootReport> {
    const runId = runIdFor(req.runId);
    const startedAt = new Date().toISOString();
    const started = performance.now();
    // Steps run one after another: the n-th emitted is the n-th of the walk.
    let position = 0;
    const emit = (engineId: string | null, containerId: string | null) => (result: CheckResult) =>
      this.deps.emitProgress({ runId, engineId, containerId, position: position++, result });
    const walked = req.scenario === 'port-in-use' ? await this.portInUse(req, emit) : await this.containerWalk(req, emit);
    const report = {
      runId,
      scenario: req.scenario,
      title: SCENARIO_TITLES[req.scenario],
      subject: walked.subject,
      ...verdictOf(walked.steps),
      steps: walked.steps,
      startedAt,
      durationMs: Math.round(performance.now() - started),
    };
    return { ...report, markdown: renderTroubleshootMarkdown(report) };
  }

  private async containerWalk(req: TroubleshootRequest, emit: (engineId: string, containerId: string) => (r: CheckResult) => void): Promise<Walked> {
    const scenario = CONTAINER_WALKS[req.scenario as keyof typeof CONTAINER_WALKS];
    // The contract refuses these scenarios without engineId and id.
    const ref = { engineId: req.engineId!, id: req.id! };
    const { supervisor, container } = await findSubject(this.deps.engines, ref);
    const kind = supervisor.snapshot.kind;
    const options = this.deps.diagnostics.contextOptions(kind);
    const [base, networks] = await Promise.all([
      diagnosticsContext(supervisor.engine, container, {
        ...options,
        readHostPorts: scenario.hostPorts ? options.readHostPorts : null,
        peers: req.peers,
        dnsName: req.dnsName,
        outsideTarget: req.outsideTarget,
      }),
      networksFor(supervisor, container),
    ]);
    const narrow = req.scenario === 'web-unreachable' && req.hostPort !== undefined;
    const ctx: WalkContext = {
      ...base,
      // Narrowed to the port asked about, so every port check looks at that one mapping only.
      container: narrow ? { ...base.container, ports: base.container.ports.filter((p) => p.hostPort === req.hostPort) } : base.container,
      cli: engineCli(kind),
      networks,
      allPorts: base.container.ports,
      hostPort: narrow ? req.hostPort : undefined,
    };
    const steps = await walk(scenario.steps, ctx, { timeoutMs: this.stepTimeout(), onStep: emit(ref.engineId, container.id) });
    this.deps.diagnostics.record({ engineId: ref.engineId, containerId: container.id, containerName: container.name }, steps);
    return { steps, subject: `${container.name} (${container.id.slice(0, 12)}) on ${supervisor.snapshot.name}` };
  }

  private async portInUse(req: TroubleshootRequest, emit: (engineId: string | null, containerId: string | null) => (r: CheckResult) => void): Promise<Walked> {
    const found = req.engineId !== undefined && req.id !== undefined ? await findSubject(this.deps.engines, { engineId: req.engineId, id: req.id }) : null;
    const container = found?.container ?? null;
    const asked = req.hostPort !== undefined ? container?.ports.find((p) => p.hostPort === req.hostPort) : undefined;
    const questions: PortQuestion[] =
      req.hostPort !== undefined
        ? [{ hostIp: asked?.hostIp ?? '', hostPort: req.hostPort, protocol: req.protocol, containerPort: asked?.containerPort }]
        : (container?.ports ?? [])
            .filter((p) => p.hostPort !== null)
            .map((p) => ({ hostIp: p.hostIp, hostPort: p.hostPort!, protocol: p.protocol, containerPort: p.containerPort }));
    const ctx: PortContext = {
      owner: (port, protocol, hostIp) => this.deps.ports.owner(port, protocol, hostIp),
      container,
      cliFor: (engineId) => engineCli(engineId ? this.kindOf(engineId) : null),
      platform: this.deps.platform ?? process.platform,
    };
    const steps = questions.length
      ? await walk(questions.map(portHolderStep), ctx, { timeoutMs: this.stepTimeout(), onStep: emit(req.engineId ?? null, container?.id ?? null) })
      : [noPublishedPort(container!)];
    if (!questions.length) emit(req.engineId ?? null, container!.id)(steps[0]);
    if (container) this.deps.diagnostics.record({ engineId: container.engineId, containerId: container.id, containerName: container.name }, steps);
    const ports = questions.map((q) => `${q.hostPort}/${q.protocol}`).join(', ');
    const subject = container
      ? `${container.name} (${container.id.slice(0, 12)}) on ${found!.supervisor.snapshot.name}${ports ? `, host port ${ports}` : ''}`
      : `host port ${ports}`;
    return { steps, subject };
  }

  private kindOf(engineId: string) {
    try {
      return requireAvailable(this.deps.engines, engineId).snapshot.kind;
    } catch {
      return null;
    }
  }

  private stepTimeout(): number {
    return this.deps.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  }
}

/** The supervisor's network cache, re-read when it misses a network the container is on (not every engine reports network events). */
async function networksFor(s: EngineSupervisor, c: Container): Promise<Network[]> {
  const cached = s.networks;
  const known = (name: string) => cached.some((n) => n.name === name);
  if (c.networks.every((a) => a.network === 'none' || known(a.network)) && cached.length) return cached;
  return s.reloadNetworks().catch(() => cached);
}

/** A container with no published port cannot be in a port conflict: said as a passing step. */
function noPublishedPort(c: Container): CheckResult {
  return {
    id: 'published-port',
    title: 'The container publishes a port to the host',
    status: 'pass',
    summary: `${c.name} publishes no host port, so no host port can be in its way. Give the host port that will not bind to look it up.`,
    evidence: [`ports: ${c.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ') || 'none'}`],
    fixes: [],
    durationMs: 0,
    timedOut: false,
  };
}
