/**
 * Diagnostics for one container: its network facts, and every checker run at once with results
 * pushed as `diagnostics.progress` while the run goes on. Failures are tallied for the monitor.
 */
import type { CheckResult, ContainerFacts, ContainerRef, DiagnosticsProgress, DiagnosticsReport, ParsedRequestOf } from '../../../shared/contract';
import type { EngineRegistry } from '../../engines/engine-registry';
import type { ReadHostPorts } from '../ports/host-port-snapshot';
import { ALL_CHECKERS, diagnoseContainer, type ContextOptions } from './diagnostics';
import { factsReport } from './facts-report';
import { gatherFacts } from './facts';
import { FailureTally, type Tally, type TallySubject } from './failure-tally';
import { findSubject, requireRunning, runIdFor } from './subject';

export interface DiagnosticsServiceDeps {
  engines: EngineRegistry;
  emitProgress: (p: DiagnosticsProgress) => void;
  readHostPorts?: ReadHostPorts;
  /** Deadline of each check, in ms (the runner's default when unset). */
  checkTimeoutMs?: number;
}

export class DiagnosticsService {
  private readonly tallies = new FailureTally();

  constructor(private readonly deps: DiagnosticsServiceDeps) {}

  async facts(ref: ContainerRef, disableTools?: ReadonlyArray<'ip' | 'netstat'>): Promise<ContainerFacts> {
    const { supervisor, container } = await findSubject(this.deps.engines, ref);
    requireRunning(container);
    return factsReport(ref.engineId, container, await gatherFacts(supervisor.engine, container.id, { disableTools }));
  }

  /** A stopped container still gets a report: "container is running" fails and the rest are skipped. */
  async run(req: ParsedRequestOf<'diagnostics.run'>): Promise<DiagnosticsReport> {
    const runId = runIdFor(req.runId);
    const startedAt = new Date().toISOString();
    const { supervisor, container } = await findSubject(this.deps.engines, req);
    // Passed as read, not looked up again. Its neighbours are listed fresh, like the container
    // itself: a peer created a moment ago may not be in the supervisor's cache yet.
    const report = await diagnoseContainer(supervisor.engine, container, {
      ...this.contextOptions(supervisor.snapshot.kind),
      peers: req.peers,
      dnsName: req.dnsName,
      outsideTarget: req.outsideTarget,
      timeoutMs: this.deps.checkTimeoutMs,
      onResult: (result) =>
        this.deps.emitProgress({
          runId,
          engineId: req.engineId,
          containerId: container.id,
          position: ALL_CHECKERS.findIndex((c) => c.id === result.id),
          result,
        }),
    });
    this.record({ engineId: req.engineId, containerId: container.id, containerName: container.name }, report.results);
    const facts = report.context.facts;
    return {
      runId,
      engineId: req.engineId,
      containerId: report.containerId,
      containerName: report.containerName,
      results: report.results,
      facts: facts ? factsReport(req.engineId, container, facts) : null,
      startedAt,
      durationMs: report.durationMs,
    };
  }

  /** How a context is read for this engine: the troubleshoot walks build theirs the same way. */
  contextOptions(engineKind: ContextOptions['engineKind']): Pick<ContextOptions, 'engineKind' | 'readHostPorts'> {
    const read = this.deps.readHostPorts;
    // Unset: diagnoseContainer reads the kernel tables itself.
    return { engineKind, readHostPorts: read ? () => read(['tcp', 'udp']) : undefined };
  }

  /** Troubleshoot runs count too: a DNS failure found there is one the user has seen. */
  record(subject: TallySubject, results: readonly CheckResult[]): void {
    this.tallies.record(subject, results);
  }

  tally(ref: { engineId: string; id: string }): Tally {
    return this.tallies.get(ref);
  }
}
