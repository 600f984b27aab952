import type { Network, NetworkMember } from '../../../shared/contract';

/** The subset of `GET /networks/{id}` we read (Docker, and Podman's compat API). */
export interface DockerNetworkPayload {
  Id: string;
  Name: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  EnableIPv6?: boolean;
  Internal?: boolean;
  IPAM?: { Config?: Array<{ Subnet?: string; Gateway?: string; IPRange?: string }> | null } | null;
  Containers?: Record<string, { Name?: string; MacAddress?: string; IPv4Address?: string; IPv6Address?: string }> | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** What Podman's own API adds: whether aardvark-dns serves the network, and its DNS servers. */
export interface PodmanNetworkExtras {
  dnsEnabled: boolean;
  dnsServers: string[];
}

const DOCKER_DEFAULTS = new Set(['bridge', 'host', 'none']);

function splitCidr(value: string | undefined): { ip: string | null; prefix: number | null } {
  if (!value) return { ip: null, prefix: null };
  const [ip, prefix] = value.split('/');
  return { ip: ip || null, prefix: prefix ? Number(prefix) : null };
}

export function normalizeNetwork(engineId: string, n: DockerNetworkPayload, kind: 'docker' | 'podman', podman?: PodmanNetworkExtras): Network {
  const members: NetworkMember[] = Object.entries(n.Containers ?? {}).map(([id, c]) => {
    const v4 = splitCidr(c.IPv4Address);
    return {
      containerId: id,
      containerName: (c.Name ?? '').replace(/^\//, ''),
      ipv4Address: v4.ip,
      prefixLength: v4.prefix,
      ipv6Address: splitCidr(c.IPv6Address).ip,
      macAddress: c.MacAddress || null,
      aliases: [],
    };
  });
  const isDefault = kind === 'docker' ? DOCKER_DEFAULTS.has(n.Name) : n.Name === 'bridge' || n.Name === 'podman';
  // Docker's embedded DNS serves user-defined networks only; Podman says per network.
  const dnsEnabled = kind === 'podman' ? (podman?.dnsEnabled ?? !isDefault) : !isDefault && (n.Driver ?? 'bridge') !== 'null';
  const subnets = (n.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ subnet: c.Subnet!, gateway: c.Gateway || null, ipRange: c.IPRange || null }));
  const created = n.Created && !n.Created.startsWith('0001-') ? new Date(n.Created).toISOString() : null;
  return {
    engineId,
    id: n.Id,
    name: n.Name,
    driver: n.Driver ?? 'bridge',
    scope: n.Scope ?? null,
    subnets,
    internal: n.Internal ?? false,
    ipv6: n.EnableIPv6 ?? false,
    isDefault,
    dnsEnabled,
    dnsServers: podman?.dnsServers ?? [],
    createdAt: created,
    labels: { ...(n.Labels ?? {}) },
    options: { ...(n.Options ?? {}) },
    containers: members.sort((a, b) => a.containerName.localeCompare(b.containerName)),
  };
}

/** The body of `POST /networks/create`. */
export function networkCreateBody(spec: {
  name: string;
  driver: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal: boolean;
  ipv6: boolean;
  ipv6Subnet?: string;
  parent?: string;
  labels: Record<string, string>;
}): Record<string, unknown> {
  const config: Array<Record<string, string>> = [];
  if (spec.subnet) config.push({ Subnet: spec.subnet, ...(spec.gateway ? { Gateway: spec.gateway } : {}), ...(spec.ipRange ? { IPRange: spec.ipRange } : {}) });
  if (spec.ipv6Subnet) config.push({ Subnet: spec.ipv6Subnet });
  return {
    Name: spec.name,
    CheckDuplicate: true,
    Driver: spec.driver,
    Internal: spec.internal,
    EnableIPv6: spec.ipv6,
    IPAM: { Driver: 'default', Config: config },
    Options: spec.parent ? { parent: spec.parent } : {},
    Labels: spec.labels,
  };
}
