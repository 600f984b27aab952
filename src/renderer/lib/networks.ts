import type { Network, NetworkMember } from '../../shared/contract';

export type NetworkAction = 'remove' | 'connect' | 'disconnect';

/** Network ids are unique per engine only; '#' never occurs in an id or a network name. */
export function networkKey(n: Pick<Network, 'engineId' | 'id'>): string {
  return `${n.engineId}#${n.id}`;
}

/** One member of one network: the item a Disconnect runs on. */
export function memberKey(networkKeyValue: string, containerId: string): string {
  return `${networkKeyValue}|${containerId}`;
}

/** Drivers that are a mode, not a network a container can be given aliases or an address on. */
const MODE_DRIVERS = new Set(['host', 'null', 'none']);

/**
 * A network the user made (or could have): not the engine's default and not its host/none
 * pseudo-networks. These are the ones where containers resolve each other by name.
 */
export function isUserNetwork(n: Pick<Network, 'isDefault' | 'driver' | 'name'>): boolean {
  return !n.isDefault && !MODE_DRIVERS.has(n.driver) && n.name !== 'host' && n.name !== 'none';
}

/** "a, b ,c" → ["a", "b", "c"]; blanks dropped. Commas and whitespace both separate. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A member's addresses as one line: IPv4 with its prefix, then IPv6; empty when it has none. */
export function memberAddress(m: Pick<NetworkMember, 'ipv4Address' | 'prefixLength' | 'ipv6Address'>): string {
  const v4 = m.ipv4Address && (m.prefixLength !== null ? `${m.ipv4Address}/${m.prefixLength}` : m.ipv4Address);
  return [v4, m.ipv6Address].filter(Boolean).join(', ');
}

export function subnetsText(n: Pick<Network, 'subnets'>): string {
  return n.subnets.map((s) => s.subnet).join(', ');
}

export const NETWORK_ACTION_LABELS: Record<NetworkAction, { verb: string; progress: string }> = {
  remove: { verb: 'Remove', progress: 'Removing…' },
  connect: { verb: 'Connect', progress: 'Connecting…' },
  disconnect: { verb: 'Disconnect', progress: 'Disconnecting…' },
};
