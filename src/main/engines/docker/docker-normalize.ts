import type { Container, ContainerDetails, ContainerState, NetworkAttachment, PortBinding, Protocol } from '../../../shared/contract';
import { durationSince } from '../../../shared/duration-text';

/**
 * The subset of `GET /containers/{id}/json` we read. Docker and Podman's compat API both answer it;
 * every field is optional because engines and API versions leave different ones out.
 */
export interface DockerInspect {
  Id: string;
  Name?: string;
  Created?: string;
  Config?: {
    Image?: string;
    Labels?: Record<string, string> | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | string | null;
    Hostname?: string;
    Env?: string[] | null;
    ExposedPorts?: Record<string, unknown> | null;
  };
  State?: {
    Status?: string;
    Running?: boolean;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status?: string } | null;
  };
  HostConfig?: {
    NetworkMode?: string;
    PortBindings?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
    Dns?: string[] | null;
    DnsSearch?: string[] | null;
    DnsOptions?: string[] | null;
  };
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    Networks?: Record<string, DockerEndpoint | null> | null;
  };
}

export interface DockerEndpoint {
  NetworkID?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  GlobalIPv6Address?: string;
  Gateway?: string;
  MacAddress?: string;
  Aliases?: string[] | null;
  DNSNames?: string[] | null;
}

/** Default networks on which the engine's DNS does not resolve container names. */
const NO_DNS_NETWORKS = new Set(['bridge', 'podman', 'host', 'none']);

const STATES: ReadonlySet<string> = new Set<ContainerState>(['created', 'running', 'paused', 'restarting', 'stopping', 'exited', 'removing', 'dead']);

export function normalizeState(status: string | undefined): ContainerState {
  const s = (status ?? '').toLowerCase();
  if (s === 'stopped' || s === 'configured') return s === 'stopped' ? 'exited' : 'created'; // Podman's words
  if (s === 'initialized') return 'created';
  return STATES.has(s) ? (s as ContainerState) : 'unknown';
}

/** Docker writes `0001-01-01T00:00:00Z` for "never"; we say null. */
export function normalizeTime(value: string | undefined | null): string | null {
  if (!value || value.startsWith('0001-01-01')) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function parsePortKey(key: string): { port: number; protocol: Protocol } | null {
  const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(key);
  if (!m) return null;
  const port = Number(m[1]);
  if (port > 65535) return null;
  return { port, protocol: (m[2]?.toLowerCase() ?? 'tcp') as Protocol };
}

function bindingsFrom(map: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null | undefined): PortBinding[] {
  const out: PortBinding[] = [];
  for (const [key, bindings] of Object.entries(map ?? {})) {
    const parsed = parsePortKey(key);
    if (!parsed) continue;
    if (!bindings || bindings.length === 0) {
      out.push({ hostIp: '', hostPort: null, containerPort: parsed.port, protocol: parsed.protocol });
      continue;
    }
    for (const b of bindings) {
      const hostPort = b.HostPort ? Number(b.HostPort) : NaN;
      out.push({
        hostIp: b.HostIp ?? '',
        hostPort: Number.isInteger(hostPort) && hostPort >= 0 && hostPort <= 65535 ? hostPort : null,
        containerPort: parsed.port,
        protocol: parsed.protocol,
      });
    }
  }
  return out;
}

/**
 * Published ports. A running container reports what the engine actually bound; a stopped one
 * reports nothing there, so we show what it asked for (and will claim again on start).
 */
export function normalizePorts(c: DockerInspect): PortBinding[] {
  const live = bindingsFrom(c.NetworkSettings?.Ports);
  const ports = live.some((p) => p.hostPort !== null) ? live : bindingsFrom(c.HostConfig?.PortBindings);
  const seen = new Set<string>();
  const unique = ports.filter((p) => {
    const k = `${p.hostIp}|${p.hostPort}|${p.containerPort}|${p.protocol}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  // Exposed-only ports, as `docker ps` shows them (`80/tcp`), when nothing publishes them.
  for (const key of Object.keys(c.Config?.ExposedPorts ?? {})) {
    const parsed = parsePortKey(key);
    if (parsed && !unique.some((p) => p.containerPort === parsed.port && p.protocol === parsed.protocol)) {
      unique.push({ hostIp: '', hostPort: null, containerPort: parsed.port, protocol: parsed.protocol });
    }
  }
  return unique.sort((a, b) => a.containerPort - b.containerPort || (a.hostPort ?? 0) - (b.hostPort ?? 0) || a.hostIp.localeCompare(b.hostIp));
}

export function normalizeNetworks(c: DockerInspect, name: string): NetworkAttachment[] {
  return Object.entries(c.NetworkSettings?.Networks ?? {}).map(([network, ep]) => {
    const aliases = (ep?.Aliases ?? []).filter(Boolean);
    const shortId = c.Id.slice(0, 12);
    let dnsNames: string[];
    if (ep?.DNSNames && ep.DNSNames.length > 0) dnsNames = [...ep.DNSNames];
    else if (NO_DNS_NETWORKS.has(network)) dnsNames = [];
    else dnsNames = [name, ...aliases, shortId];
    return {
      network,
      networkId: ep?.NetworkID || null,
      ipAddress: ep?.IPAddress || null,
      prefixLength: ep?.IPAddress && ep.IPPrefixLen ? ep.IPPrefixLen : null,
      ipv6Address: ep?.GlobalIPv6Address || null,
      gateway: ep?.Gateway || null,
      macAddress: ep?.MacAddress || null,
      aliases,
      dnsNames: [...new Set(dnsNames)],
    };
  });
}

/** The status line `docker ps` would print, from the state the inspect payload carries. */
export function describeStatus(c: DockerInspect, now = Date.now()): string {
  const state = normalizeState(c.State?.Status);
  const started = normalizeTime(c.State?.StartedAt);
  const finished = normalizeTime(c.State?.FinishedAt);
  const health = c.State?.Health?.Status;
  switch (state) {
    case 'running':
      return `Up ${durationSince(started, now)}`.trim() + (health && health !== 'none' && health !== '' ? ` (${health})` : '');
    case 'paused':
      return `Up ${durationSince(started, now)} (Paused)`;
    case 'restarting':
      return `Restarting (${c.State?.ExitCode ?? 0}) ${durationSince(finished, now)} ago`;
    case 'exited':
      return finished ? `Exited (${c.State?.ExitCode ?? 0}) ${durationSince(finished, now)} ago` : `Exited (${c.State?.ExitCode ?? 0})`;
    case 'created':
      return 'Created';
    case 'dead':
      return 'Dead';
    case 'removing':
      return 'Removal In Progress';
    default:
      return c.State?.Status ?? 'unknown';
  }
}

export function normalizeContainer(engineId: string, c: DockerInspect, now = Date.now()): Container {
  const name = (c.Name ?? '').replace(/^\//, '') || c.Id.slice(0, 12);
  return {
    engineId,
    id: c.Id,
    name,
    image: c.Config?.Image ?? '',
    state: normalizeState(c.State?.Status),
    status: describeStatus(c, now),
    createdAt: normalizeTime(c.Created),
    startedAt: normalizeTime(c.State?.StartedAt),
    ports: normalizePorts(c),
    networks: normalizeNetworks(c, name),
    networkMode: c.HostConfig?.NetworkMode || null,
    labels: { ...(c.Config?.Labels ?? {}) },
  };
}

export function normalizeDetails(engineId: string, c: DockerInspect, now = Date.now()): ContainerDetails {
  const entry = c.Config?.Entrypoint;
  const entrypoint = Array.isArray(entry) ? entry : entry ? [entry] : [];
  const policy = c.HostConfig?.RestartPolicy?.Name;
  return {
    ...normalizeContainer(engineId, c, now),
    command: [...entrypoint, ...(c.Config?.Cmd ?? [])],
    hostname: c.Config?.Hostname || null,
    env: [...(c.Config?.Env ?? [])],
    restartPolicy: policy && policy !== 'no' ? policy : policy === 'no' ? 'no' : null,
    exitCode: c.State?.Running ? null : (c.State?.ExitCode ?? null),
    dns: {
      servers: [...(c.HostConfig?.Dns ?? [])],
      search: [...(c.HostConfig?.DnsSearch ?? [])],
      options: [...(c.HostConfig?.DnsOptions ?? [])],
    },
  };
}
