import type { Container, PortHolder, Protocol } from '../../../shared/contract';
import { hostAddressesOverlap, isWildcardAddress } from '../../../shared/host-address';
import { portKey, type PortSpec } from '../../../shared/port-spec';

/** One host address/port/protocol a container holds (running) or will take on start (stopped). */
export interface PortClaim {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
}

/** A wildcard bind (what Docker does for `-p 8080:80`) collides with every address: the shared rule. */
export const addressesOverlap = hostAddressesOverlap;

/** The host ports a spec needs. A host range for one container port needs just one of them. */
export function specClaims(spec: PortSpec): { claims: PortClaim[]; anyOf: boolean } {
  if (spec.hostPortStart === null) return { claims: [], anyOf: false };
  const end = spec.hostPortEnd ?? spec.hostPortStart;
  const claims: PortClaim[] = [];
  for (let p = spec.hostPortStart; p <= end; p++) claims.push({ hostIp: spec.hostIp, hostPort: p, protocol: spec.protocol });
  const singleContainerPort = spec.containerPortStart === spec.containerPortEnd;
  return { claims, anyOf: singleContainerPort && claims.length > 1 };
}

const UP = new Set<Container['state']>(['running', 'paused', 'restarting']);

/** Published host ports of every container: live bindings when running, configured ones when not. */
export function containerHolders(containers: readonly Container[]): Array<PortHolder & { kind: 'container' }> {
  const out: Array<PortHolder & { kind: 'container' }> = [];
  for (const c of containers) {
    const seen = new Set<string>();
    for (const p of c.ports) {
      if (p.hostPort === null || p.hostPort === 0) continue;
      // Docker reports a wildcard publish twice (0.0.0.0 and ::); one claim says it all.
      const ip = isWildcardAddress(p.hostIp) ? '' : p.hostIp;
      const key = `${ip}|${p.hostPort}|${p.protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        kind: 'container',
        engineId: c.engineId,
        containerId: c.id,
        containerName: c.name,
        state: c.state,
        running: UP.has(c.state),
        hostIp: ip,
        hostPort: p.hostPort,
        protocol: p.protocol,
      });
    }
  }
  return out;
}

type ContainerClaim = PortHolder & { kind: 'container' };

/**
 * Container claims by port and protocol, so asking about one port is a lookup instead of a pass
 * over every container's ports (a check asks about thousands of ports, a suggestion about up to 65,535).
 */
export class ClaimIndex {
  private readonly byPort = new Map<number, ContainerClaim[]>();

  constructor(claims: readonly ContainerClaim[]) {
    for (const h of claims) {
      const key = portKey(h.protocol, h.hostPort);
      const list = this.byPort.get(key);
      if (list) list.push(h);
      else this.byPort.set(key, [h]);
    }
  }

  /** The claims a bind of `claim` would collide with. */
  overlapping(claim: PortClaim): ContainerClaim[] {
    return (this.byPort.get(portKey(claim.protocol, claim.hostPort)) ?? []).filter((h) => addressesOverlap(h.hostIp, claim.hostIp));
  }

  /** Whether any claim collides with a bind of hostIp:port: asked for every candidate port, so it allocates nothing. */
  has(hostIp: string, port: number, protocol: Protocol): boolean {
    const list = this.byPort.get(portKey(protocol, port));
    return list !== undefined && list.some((h) => addressesOverlap(h.hostIp, hostIp));
  }
}
