/**
 * The quick check after a container starts: once its server had a moment to bind, is there a
 * listener behind every published port, and not one on loopback only? Those two causes explain
 * most "it started but curl fails" reports, and they are cheap (one exec round, no traffic).
 */
import type { ContainersChanged, DiagnosticsAlert } from '../../../shared/contract';
import type { ContainerEngine } from '../../engines/container-engine';
import type { Checker } from './checker';
import { containerRunning } from './checkers/container-running';
import { listenerForEachPort } from './checkers/listener-for-each-port';
import { listenerNotLoopbackOnly } from './checkers/listener-not-loopback-only';
import { diagnoseContainer } from './diagnostics';

export const START_CHECKERS: readonly Checker[] = [containerRunning, listenerForEachPort, listenerNotLoopbackOnly];

export interface StartCheckDeps {
  /** The engine behind an engine id, or null when it is gone or unavailable. */
  engineFor(engineId: string): Pick<ContainerEngine, 'exec' | 'getContainer' | 'listContainers'> | null;
  enabled(): boolean;
  onAlert(alert: DiagnosticsAlert): void;
  /** How long a server gets to bind after the start; servers that take longer are not flagged. */
  graceMs?: number;
  /** Facts/exec deadline of the check itself. */
  timeoutMs?: number;
}

export class StartCheck {
  private readonly states = new Map<string, string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly checked = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: StartCheckDeps) {}

  /** Feed every `containers.changed` here. */
  onContainersChanged(change: ContainersChanged): void {
    if (change.type === 'snapshot') {
      // A (re)connect is not a start: remember states, flag nothing.
      for (const [key] of this.states) if (key.startsWith(`${change.engineId}\n`)) this.states.delete(key);
      for (const c of change.containers) this.states.set(this.key(change.engineId, c.id), c.state);
      return;
    }
    if (change.type === 'remove') {
      const key = this.key(change.engineId, change.id);
      this.states.delete(key);
      this.cancel(key);
      for (const k of this.checked) if (k.startsWith(`${key}\n`)) this.checked.delete(k);
      return;
    }
    const c = change.container;
    const key = this.key(change.engineId, c.id);
    const before = this.states.get(key);
    this.states.set(key, c.state);
    if (c.state !== 'running') {
      this.cancel(key);
      return;
    }
    if (before === 'running' || !c.ports.some((p) => p.hostPort !== null)) return;
    // One check per start: a start is identified by its time when the engine gives it.
    const startKey = `${key}\n${c.startedAt ?? Date.now()}`;
    if (this.checked.has(startKey) || this.stopped || !this.deps.enabled()) return;
    this.checked.add(startKey);
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(change.engineId, c.id);
      }, this.deps.graceMs ?? 2500),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async check(engineId: string, id: string): Promise<void> {
    const engine = this.deps.engineFor(engineId);
    if (!engine || this.stopped) return;
    try {
      const report = await diagnoseContainer(engine, id, {
        checkers: START_CHECKERS,
        readHostPorts: null,
        // These checks look at the container alone: no need to list its neighbours.
        others: [],
        timeoutMs: this.deps.timeoutMs ?? 3000,
        facts: { timeoutMs: this.deps.timeoutMs ?? 3000 },
      });
      // A container stopped during the grace period is not news; its own state says so.
      const cause = report.results.find((r) => r.status === 'fail' && r.id !== containerRunning.id && !r.timedOut);
      if (cause && !this.stopped) {
        this.deps.onAlert({
          engineId,
          containerId: report.containerId,
          containerName: report.containerName,
          checkId: cause.id,
          summary: cause.summary,
          fixes: cause.fixes,
        });
      }
    } catch (err) {
      // Best effort: the container may be gone already. The full diagnostics say more on demand.
      console.warn(`[start-check] ${id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private key(engineId: string, id: string): string {
    return `${engineId}\n${id}`;
  }
}
