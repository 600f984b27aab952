import type { Container, Network } from '../../shared/contract';
import { displayName } from './containers';
import { isUserNetwork } from './networks';

/** Engines' default networks by name, for when the networks list has not arrived yet. */
const DEFAULT_NAMES = new Set(['bridge', 'podman', 'default', 'host', 'none']);

/**
 * Names this container should be able to resolve: the other containers on the user networks it
 * shares with them (the engine's DNS answers only there), by the names the engine gives them.
 */
export function peerNames(self: Container, all: readonly Container[], networks: readonly Network[]): string[] {
  const userNets = new Set(
    self.networks
      .filter((a) => {
        const n = networks.find((x) => x.engineId === self.engineId && (x.name === a.network || (a.networkId !== null && x.id === a.networkId)));
        return n ? isUserNetwork(n) : !DEFAULT_NAMES.has(a.network);
      })
      .map((a) => a.network),
  );
  const names: string[] = [];
  for (const other of all) {
    if (other.engineId !== self.engineId || other.id === self.id) continue;
    for (const a of other.networks) {
      if (!userNets.has(a.network)) continue;
      names.push(...(a.dnsNames.length ? a.dnsNames : [displayName(other)]));
    }
  }
  // Engines list the short container id among the DNS names; it is noise as a suggestion.
  return [...new Set(names)].filter((n) => !/^[0-9a-f]{12}$/.test(n));
}
