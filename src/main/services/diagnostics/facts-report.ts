import type { Container, ContainerFacts } from '../../../shared/contract';
import { isLoopback } from './checker';
import type { ContainerFacts as GatheredFacts } from './facts-parsers';

const isDefaultRoute = (destination: string) => destination === '0.0.0.0/0' || destination === '::/0';

/** The gathered facts in the contract's shape: what the renderer shows as "what the container sees". */
export function factsReport(engineId: string, container: Container, facts: GatheredFacts): ContainerFacts {
  const addresses = facts.interfaces.flatMap((i) => i.addresses).filter((a) => !isLoopback(a.split('/')[0]));
  // Prefer the IPv4 default route: it is the one nearly every program uses.
  const defaults = facts.routes.filter((r) => isDefaultRoute(r.destination) && r.gateway);
  const gateway = (defaults.find((r) => r.destination === '0.0.0.0/0') ?? defaults[0])?.gateway ?? null;
  return {
    engineId,
    containerId: container.id,
    containerName: container.name,
    addresses,
    gateway,
    dns: facts.dns,
    ports: container.ports.filter((p) => p.hostPort !== null),
    interfaces: facts.interfaces,
    routes: facts.routes,
    listeners: facts.listeners,
    sources: facts.sources,
  };
}
