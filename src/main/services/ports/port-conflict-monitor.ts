import type { Container, PortConflictEvent } from '../../../shared/contract';
import { configuredSpecs } from '../containers/container-creator';
import { conflictEvent, type PortsService } from './ports-service';

/**
 * Notices a host process grabbing a port that a stopped container needs, before the user tries to
 * start it. Polls the socket tables (one cheap read) only while such containers exist, and reports
 * each clash once until it clears.
 */
export class PortConflictMonitor {
  private timer: NodeJS.Timeout | null = null;
  private readonly active = new Set<string>();
  private running = false;

  constructor(
    private readonly ports: PortsService,
    private readonly containers: () => Container[],
    private readonly emit: (event: PortConflictEvent) => void,
    private readonly intervalMs = 5000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.scan(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async scan(): Promise<PortConflictEvent[]> {
    if (this.running) return [];
    this.running = true;
    try {
      const stopped = this.containers().filter((c) => (c.state === 'exited' || c.state === 'created') && configuredSpecs(c).length > 0);
      const results = await this.ports.checkEach(stopped.map((c) => ({ specs: configuredSpecs(c), exclude: { engineId: c.engineId, id: c.id } })));
      const seen = new Set<string>();
      const fresh: PortConflictEvent[] = [];
      for (const [i, c] of stopped.entries()) {
        for (const check of results[i]) {
          for (const conflict of check.conflicts) {
            // Only host-side holders: two containers sharing a port is shown, not notified, until one starts.
            const host = conflict.holders.filter((h) => h.kind !== 'container');
            if (host.length === 0) continue;
            const event = conflictEvent('host-grab', { ...conflict, holders: host }, { engineId: c.engineId, containerId: c.id, containerName: c.name });
            seen.add(event.key);
            if (!this.active.has(event.key)) {
              this.active.add(event.key);
              fresh.push(event);
              this.emit(event);
            }
          }
        }
      }
      for (const key of this.active) if (!seen.has(key)) this.active.delete(key);
      return fresh;
    } finally {
      this.running = false;
    }
  }
}
