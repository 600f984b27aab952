import type { Container, Network, NetworkMember } from '../../../shared/contract';
import { AppError, isAppError } from '../../../shared/errors';
import type { CreateNetworkSpec } from '../container-engine';
import { appleDateToIso, normalizeNetwork } from './apple-normalize';
import type { AppleNetwork } from './apple-schemas';

/**
 * Apple `container network …`: normalizing `network ls` / `network inspect` elements (1.x, 0.8–0.12
 * and 0.5 shapes, see tests/fixtures/apple-container/README.md) and building `network create` argv.
 */

/** Why connect/disconnect cannot work: the CLI has no `network connect` or `network disconnect`. */
export const APPLE_NO_CONNECT =
  'Apple container attaches networks only when a container is created (container run --network …); it cannot connect or disconnect a container afterwards.';

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Members from the container list, because Apple's network payload names no containers. Only
 * running containers hold an allocated address: Apple empties `status.networks` on stop.
 */
export function networkMembers(name: string, containers: readonly Container[]): NetworkMember[] {
  const members: NetworkMember[] = [];
  for (const c of containers) {
    if (c.state !== 'running') continue;
    const a = c.networks.find((x) => x.network === name);
    if (!a) continue;
    members.push({
      containerId: c.id,
      containerName: c.name,
      ipv4Address: a.ipAddress,
      prefixLength: a.prefixLength,
      ipv6Address: a.ipv6Address,
      macAddress: a.macAddress,
      aliases: [],
    });
  }
  return members.sort((x, y) => x.containerName.localeCompare(y.containerName));
}

export function toNetwork(n: AppleNetwork, engineId: string, containers: readonly Container[]): Network {
  const info = normalizeNetwork(n);
  const config = n.configuration ?? n.config;
  const subnets: Network['subnets'] = [];
  if (info.ipv4Subnet) subnets.push({ subnet: info.ipv4Subnet, gateway: info.ipv4Gateway, ipRange: null });
  if (info.ipv6Subnet) subnets.push({ subnet: info.ipv6Subnet, gateway: null, ipRange: null });
  const mode = info.mode ?? 'nat'; // NetworkMode's default; 0.5 always wrote it, but be lenient.
  return {
    engineId,
    // Apple identifies networks by name (`network ls` shows id == name).
    id: info.name,
    name: info.name,
    driver: mode,
    scope: null,
    subnets,
    // `network create --internal` makes a `hostOnly` network: no route off the host.
    internal: mode === 'hostOnly',
    ipv6: info.ipv6Subnet !== null,
    isDefault: info.builtin,
    // Apple's network service answers DNS on each network's gateway (the default nameserver it
    // writes into containers) and resolves container names (`<id>.<dns domain>`) on every network,
    // the default one included, so name resolution is on everywhere.
    dnsEnabled: true,
    // No per-network DNS servers: `--dns` is per container.
    dnsServers: [],
    createdAt: appleDateToIso(config?.creationDate),
    labels: { ...(config?.labels ?? {}) },
    options: Object.fromEntries(Object.entries(config?.options ?? {}).map(([k, v]) => [k, text(v)])),
    containers: networkMembers(info.name, containers),
  };
}

function unsupported(option: string, why: string): AppError {
  return new AppError('UNSUPPORTED', `Apple container cannot set ${option} on a network: ${why}`, { option });
}

/** Names are argv entries, never a shell; this also keeps a name from being read as an option. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function checkNetworkName(name: string): string {
  if (typeof name !== 'string' || name.length > 256 || !SAFE_NAME.test(name)) {
    throw new AppError('INVALID_INPUT', `Not a valid Apple network name: ${JSON.stringify(String(name).slice(0, 80))}`);
  }
  return name;
}

/**
 * argv for `container network create [--internal] [--subnet <cidr>] [--subnet-v6 <cidr>] [--label k=v]… <name>`.
 * What Apple cannot do is refused with UNSUPPORTED naming the option, before anything runs.
 * IPv6 is not a switch: on macOS 26 every Apple network gets an IPv6 prefix, so `ipv6` adds no flag.
 */
export function appleNetworkCreateArgs(spec: CreateNetworkSpec): string[] {
  if (spec.driver !== 'bridge') {
    throw unsupported(`driver ${spec.driver}`, 'it only creates NAT networks (or host-only ones with "internal").');
  }
  if (spec.gateway) throw unsupported('gateway', 'it always uses the first address of the subnet as the gateway.');
  if (spec.ipRange) throw unsupported('ipRange', 'containers get addresses from the whole subnet.');
  if (spec.parent) throw unsupported('parent', 'its networks are not attached to a host interface.');
  if (spec.dnsServers.length > 0) {
    throw unsupported('dnsServers', 'it has no per-network DNS servers; set them per container (--dns) instead.');
  }
  const args = ['network', 'create'];
  if (spec.internal) args.push('--internal');
  if (spec.subnet) args.push('--subnet', spec.subnet);
  if (spec.ipv6Subnet) args.push('--subnet-v6', spec.ipv6Subnet);
  for (const [key, value] of Object.entries(spec.labels)) {
    // `--label a=b=c` is split at the first `=`, so only the key must be free of it.
    if (!key || key.includes('=') || /[\0\n]/.test(key + value)) {
      throw new AppError('INVALID_INPUT', `Not a valid label: ${JSON.stringify(key.slice(0, 80))}`);
    }
    args.push('--label', `${key}=${value}`);
  }
  args.push(checkNetworkName(spec.name));
  return args;
}

/** Network names have no spaces, so these phrases can only come from the CLI's own message. */
const DEFAULT_REFUSED = /cannot (delete|remove)[^:]*\b(default|builtin|built-in) network/i;
const IN_USE = /in use|has (attached )?containers|attached containers|still (attached|connected)/i;

/** `network rm` failures in words a user can act on; NOT_FOUND is already mapped by runCli. */
export function mapNetworkRemoveError(e: unknown, name: string): unknown {
  if (!isAppError(e) || e.code !== 'ENGINE_ERROR') return e;
  if (DEFAULT_REFUSED.test(e.message)) {
    return new AppError('CONFLICT', `${name} is Apple container's built-in default network and cannot be removed.`, { cause: e.message });
  }
  if (IN_USE.test(e.message)) {
    return new AppError('CONFLICT', `Network ${name} is still used by a container; remove the container first. (${e.message})`);
  }
  return e;
}
