import type { Container, Network, Subnet } from '../../shared/contract';
import { ipInCidr } from '../../shared/cidr';

export interface SubnetWithGateway extends Subnet {
  /** The gateway was not recorded on the network but reported, the same, by every container on it. */
  derived: boolean;
}

/** The gateways in this subnet that the network's containers report. */
function reportedGateways(subnet: Subnet, network: Pick<Network, 'engineId' | 'id' | 'name'>, containers: readonly Container[]): Set<string> {
  const found = new Set<string>();
  for (const c of containers) {
    if (c.engineId !== network.engineId) continue;
    for (const a of c.networks) {
      if (!a.gateway || (a.networkId !== network.id && a.network !== network.name)) continue;
      try {
        if (ipInCidr(a.gateway, subnet.subnet)) found.add(a.gateway);
      } catch {
        // An address or subnet the parser refuses says nothing about this subnet's gateway.
      }
    }
  }
  return found;
}

/**
 * Each subnet's gateway. Docker keeps no gateway in a network created without `--gateway`, though
 * it gave the network one and every container on it reports it; that one is used then. Containers
 * that disagree prove nothing, so the gateway stays unknown.
 */
export function subnetsWithGateways(network: Pick<Network, 'engineId' | 'id' | 'name' | 'subnets'>, containers: readonly Container[]): SubnetWithGateway[] {
  return network.subnets.map((s) => {
    if (s.gateway) return { ...s, derived: false };
    const reported = [...reportedGateways(s, network, containers)];
    return reported.length === 1 ? { ...s, gateway: reported[0], derived: true } : { ...s, derived: false };
  });
}

export const DERIVED_GATEWAY_TITLE = 'Reported by the containers on this network; the engine recorded no gateway for it';
