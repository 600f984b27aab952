/**
 * `firewall.status`: the host firewall as detected now, and for every published port of a running
 * container whether other machines can reach it, why, and what changes that.
 */
import type { Container, EngineKind, FirewallStatus, PortReachability } from '../../../shared/contract';
import type { EngineRegistry } from '../../engines/engine-registry';
import { pacer } from '../../core/event-loop';
import { detectFirewall, type FirewallReport } from './firewall-detector';
import { toContractEntry } from './firewall-facts';
import { platformName, platformNotes } from './firewall-notes';
import { explainPortReachability, type FirewallStateInput } from './port-reachability';
import { firewallStateFromReport } from './reachability-input';

export interface FirewallServiceDeps {
  engines: Pick<EngineRegistry, 'get' | 'all'>;
  containers: () => Container[];
  /** Reads the host firewall (runs iptables-save, ufw, netsh… in the app). */
  detect?: () => Promise<FirewallReport>;
  /** How long one detection answers repeated calls: the UI refreshes in bursts. */
  cacheMs?: number;
}

interface Detection {
  at: number;
  report: Promise<FirewallReport>;
}

export class FirewallService {
  private last: Detection | null = null;
  private readonly detect: () => Promise<FirewallReport>;
  private readonly cacheMs: number;

  constructor(private readonly deps: FirewallServiceDeps) {
    this.detect = deps.detect ?? (() => detectFirewall());
    this.cacheMs = deps.cacheMs ?? 5000;
  }

  /** All engines' published ports, or one engine's (NOT_FOUND for an unknown engine id). */
  async status(engineId?: string): Promise<FirewallStatus> {
    if (engineId !== undefined) this.deps.engines.get(engineId);
    const { at, report } = this.detection();
    const r = await report;
    const firewall = firewallStateFromReport(r);
    const kinds = this.engineKinds();
    const ports: PortReachability[] = [];
    // Each port is explained against every rule read: paced, so a host with many of both stays responsive.
    const pace = pacer({ every: 64 });
    for (const c of this.deps.containers()) {
      if (c.state !== 'running' || (engineId !== undefined && c.engineId !== engineId)) continue;
      const explained = this.explainContainer(c, r.platform, firewall, kinds.get(c.engineId) ?? null);
      ports.push(...explained);
      await pace(explained.length);
    }
    return {
      platform: r.platform,
      platformName: platformName(r.platform),
      firewalls: r.firewalls.map(toContractEntry),
      engineChains: r.engineChains,
      ports,
      notes: platformNotes(r, new Set(kinds.values())),
      checkedAt: new Date(at).toISOString(),
    };
  }

  /** One detection serves every call within `cacheMs`, including calls made while it runs. */
  private detection(): Detection {
    const now = Date.now();
    if (this.last && now - this.last.at < this.cacheMs) return this.last;
    const d: Detection = { at: now, report: this.detect() };
    // A failed detection must not be served from the cache.
    d.report.catch(() => {
      if (this.last === d) this.last = null;
    });
    this.last = d;
    return d;
  }

  private engineKinds(): Map<string, EngineKind> {
    const kinds = new Map<string, EngineKind>();
    for (const s of this.deps.engines.all()) if (s.snapshot.kind) kinds.set(s.snapshot.id, s.snapshot.kind);
    return kinds;
  }

  private explainContainer(c: Container, platform: string, firewall: FirewallStateInput, kind: EngineKind | null): PortReachability[] {
    // An engine that never said what it is has no containers in the list; nothing to explain.
    if (!kind) return [];
    return c.ports.flatMap((p) => {
      if (p.hostPort === null) return [];
      // The engine reports '' when it listens on every address.
      const hostIp = p.hostIp === '' ? '0.0.0.0' : p.hostIp;
      const r = explainPortReachability({
        platform,
        port: { hostIp, hostPort: p.hostPort, protocol: p.protocol, containerName: c.name, engineKind: kind },
        firewall,
      });
      return [
        {
          engineId: c.engineId,
          containerId: c.id,
          containerName: c.name,
          hostIp,
          hostPort: p.hostPort,
          containerPort: p.containerPort,
          protocol: p.protocol,
          ...r,
        },
      ];
    });
  }
}
