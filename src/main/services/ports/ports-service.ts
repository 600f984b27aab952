import type {
  Container,
  ContainerRef,
  PortCheck,
  PortConflict,
  PortConflictEvent,
  PortHolder,
  PortEnvironment,
  Protocol,
  Settings,
} from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { matchesContainerRef } from '../../../shared/host-address';
import { describeHolders } from '../../../shared/port-holder-text';
import { portWarnings } from '../../../shared/port-rules';
import { formatPortSpec, portKey, type PortSpec } from '../../../shared/port-spec';
import { suggestHostPorts, suggestSpec } from '../../../shared/port-suggest';
import { pacer, type Pace } from '../../core/event-loop';
import { CandidatePorts } from './candidate-ports';
import type { HostHolder, HostPortSnapshot, ReadHostPorts } from './host-port-snapshot';
import { ClaimIndex, containerHolders, specClaims, type PortClaim } from './port-claims';

export interface PortsServiceDeps {
  readHostPorts: ReadHostPorts;
  /** Every container of every available engine. */
  containers: () => Container[];
  settings: () => Settings;
  emitConflict: (event: PortConflictEvent) => void;
}

/** Owner lookups walk /proc per port; past this many conflicting ports we say "busy" without names. */
const MAX_OWNER_LOOKUPS = 32;

const sameRef = (c: Container, ref?: ContainerRef): boolean => !!ref && c.engineId === ref.engineId && matchesContainerRef(c, ref.id);

/**
 * Knows which host ports are taken and by whom: one read of the host's socket tables plus every
 * engine's containers (running ones hold their ports, stopped ones will claim theirs on start).
 */
export class PortsService {
  constructor(private readonly deps: PortsServiceDeps) {}

  async check(specs: readonly PortSpec[], exclude?: ContainerRef): Promise<{ checks: PortCheck[] }> {
    return this.checkWith(await this.deps.readHostPorts(protocolsOf(specs)), specs, exclude);
  }

  /** Several checks against one read of the socket tables. */
  async checkEach(requests: ReadonlyArray<{ specs: readonly PortSpec[]; exclude?: ContainerRef }>): Promise<PortCheck[][]> {
    if (requests.length === 0) return [];
    const table = await this.deps.readHostPorts(protocolsOf(requests.flatMap((r) => r.specs)));
    const pace = pacer();
    const out: PortCheck[][] = [];
    for (const r of requests) out.push((await this.checkWith(table, r.specs, r.exclude, pace)).checks);
    return out;
  }

  /**
   * Work grows with the ports the specs expand into (the contract caps them) and with each
   * suggestion's search, so it is paced by both: other calls get the loop between slices.
   */
  private async checkWith(table: HostPortSnapshot, specs: readonly PortSpec[], exclude?: ContainerRef, pace: Pace = pacer()): Promise<{ checks: PortCheck[] }> {
    const containers = this.deps.containers().filter((c) => !sameRef(c, exclude));
    const claimed = new ClaimIndex(containerHolders(containers));
    // Ports this request already uses (by protocol and port), so two rows never get the same suggestion.
    const requested = new Set<number>();
    for (const s of specs) for (const c of specClaims(s).claims) requested.add(portKey(c.protocol, c.hostPort));
    const isFree = (hostIp: string, port: number, protocol: Protocol): boolean => table.isFree(hostIp, port, protocol) && !claimed.has(hostIp, port, protocol);
    const candidates = new CandidatePorts((hostIp, port, protocol) => !requested.has(portKey(protocol, port)) && isFree(hostIp, port, protocol), pace);
    let lookups = 0;
    const checks: PortCheck[] = [];
    for (const spec of specs) {
      const { claims, anyOf } = specClaims(spec);
      const busy: PortClaim[] = [];
      for (const c of claims) {
        if (!isFree(c.hostIp, c.hostPort, c.protocol)) busy.push(c);
        await pace();
      }
      const ok = anyOf ? busy.length < claims.length : busy.length === 0;
      const conflicts: PortConflict[] = [];
      if (!ok) {
        for (const c of busy) {
          const resolve = lookups++ < MAX_OWNER_LOOKUPS;
          conflicts.push({ ...c, holders: resolve ? await this.holdersFor(table, c, claimed, containers) : [] });
          await pace();
        }
      }
      const suggestion = ok ? null : suggestSpec(spec, await candidates.freeFor(spec.hostIp, spec.protocol, claims.length), this.environment());
      if (suggestion) {
        const taken = specClaims(suggestion).claims;
        for (const c of taken) requested.add(portKey(c.protocol, c.hostPort));
        candidates.take(
          suggestion.protocol,
          taken.map((c) => c.hostPort),
        );
      }
      checks.push({ spec, ok, conflicts, suggestion, warnings: portWarnings(spec) });
    }
    return { checks };
  }

  async owner(hostPort: number, protocol: Protocol, hostIp = ''): Promise<{ holders: PortHolder[] }> {
    const table = await this.deps.readHostPorts([protocol]);
    const containers = this.deps.containers();
    return { holders: await this.holdersFor(table, { hostIp, hostPort, protocol }, new ClaimIndex(containerHolders(containers)), containers) };
  }

  async suggest(req: { containerPort: number; protocol: Protocol; hostIp: string; environment?: PortEnvironment; count: number }) {
    const table = await this.deps.readHostPorts([req.protocol]);
    const claimed = new ClaimIndex(containerHolders(this.deps.containers()));
    return suggestHostPorts({
      containerPort: req.containerPort,
      protocol: req.protocol,
      environment: req.environment ?? this.environment(),
      ranges: this.deps.settings().portRanges,
      count: req.count,
      isFree: (p: number) => table.isFree(req.hostIp, p, req.protocol) && !claimed.has(req.hostIp, p, req.protocol),
    });
  }

  /**
   * The pre-flight check before an engine is asked to bind: refuses with CONFLICT naming every
   * holder and the suggested free port, and pushes a conflict event for the notification.
   */
  async assertFree(
    specs: readonly PortSpec[],
    context: { exclude?: ContainerRef; engineId: string; containerId?: string; containerName?: string },
  ): Promise<void> {
    if (specs.every((s) => s.hostPortStart === null)) return;
    const { checks } = await this.check(specs, context.exclude);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length === 0) return;
    for (const check of failed) {
      for (const conflict of check.conflicts.slice(0, 4)) {
        this.deps.emitConflict(conflictEvent('preflight', conflict, context));
      }
    }
    const first = failed[0];
    const c = first.conflicts[0];
    const where = `${c.hostIp || '*'}:${c.hostPort}/${c.protocol}`;
    const fix = first.suggestion ? ` Use ${formatPortSpec(first.suggestion)} instead: it is free.` : '';
    throw new AppError('CONFLICT', `Port ${where} is already in use by ${describeHolders(c.holders)}.${fix}`, {
      checks: failed,
    });
  }

  /** Host processes and proxies first (mapped to their container when we can), then container claims. */
  private async holdersFor(table: HostPortSnapshot, claim: PortClaim, claimed: ClaimIndex, containers: Container[]): Promise<PortHolder[]> {
    const fromContainers = claimed.overlapping(claim);
    const fromHost = await table.holdersOf(claim.hostPort, claim.protocol, claim.hostIp);
    const out: PortHolder[] = [];
    for (const h of fromHost) {
      const mapped = mapProxy(h, containers, fromContainers);
      // A proxy that forwards for a container we already list says nothing new.
      if (mapped.kind === 'engine-proxy' && mapped.containerId && fromContainers.some((c) => c.containerId === mapped.containerId)) continue;
      out.push(mapped);
    }
    return [...fromContainers, ...out];
  }

  private environment(): PortEnvironment {
    return this.deps.settings().portEnvironment;
  }
}

const protocolsOf = (specs: readonly PortSpec[]): Protocol[] => [...new Set(specs.map((s) => s.protocol))];

/** An engine proxy names its container by the container's IP (docker-proxy) or, failing that, by the port it serves. */
function mapProxy(h: HostHolder, containers: Container[], candidates: ReturnType<typeof containerHolders>): PortHolder {
  if (h.holder.kind !== 'engine-proxy' || h.holder.containerId) return h.holder;
  const t = h.proxyTarget ?? {};
  const byId = t.containerId ? containers.find((c) => matchesContainerRef(c, t.containerId!) || c.name === t.containerName) : undefined;
  const byIp = t.containerIp ? containers.find((c) => c.networks.some((n) => n.ipAddress === t.containerIp)) : undefined;
  const running = candidates.filter((c) => c.running);
  const match = byId ?? byIp ?? (running.length === 1 ? containers.find((c) => c.id === running[0].containerId) : undefined);
  return match ? { ...h.holder, engineId: match.engineId, containerId: match.id, containerName: match.name } : h.holder;
}

export function conflictEvent(
  source: PortConflictEvent['source'],
  conflict: PortConflict,
  context: { engineId?: string | null; containerId?: string; containerName?: string },
): PortConflictEvent {
  const who = context.containerId ?? context.containerName ?? 'new';
  const where = `${conflict.hostIp || '*'}:${conflict.hostPort}/${conflict.protocol}`;
  const subject = context.containerName ? `${context.containerName} cannot publish ${where}` : `Port ${where} is not free`;
  return {
    key: `${context.engineId ?? '-'}/${who}/${where}`,
    source,
    engineId: context.engineId ?? null,
    containerId: context.containerId ?? null,
    containerName: context.containerName ?? null,
    hostIp: conflict.hostIp,
    hostPort: conflict.hostPort,
    protocol: conflict.protocol,
    holders: conflict.holders,
    message: `${subject}: it is held by ${describeHolders(conflict.holders)}.`,
  };
}
