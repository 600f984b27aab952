import type { Container, ContainerDetails, ContainerState, NetworkAttachment, PortBinding, Protocol } from '../../../shared/contract';
import type { AppleAttachment, AppleContainer, AppleDate, AppleNetwork, AppleSystemStatus } from './apple-schemas';

/** Seconds between the Unix epoch and Swift's reference date (2001-01-01T00:00:00Z). */
const SWIFT_REFERENCE_DATE_OFFSET = 978_307_200;

/** ISO-8601 from either date encoding the CLI has used, or null when absent/unreadable. */
export function appleDateToIso(value: AppleDate | undefined): string | null {
  if (value === undefined) return null;
  const ms = typeof value === 'number' ? (value + SWIFT_REFERENCE_DATE_OFFSET) * 1000 : Date.parse(value);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const STATE_MAP: Record<string, ContainerState> = {
  running: 'running',
  stopped: 'exited',
  stopping: 'stopping',
  unknown: 'unknown',
};

function rawState(c: AppleContainer): string {
  return typeof c.status === 'string' ? c.status : c.status.state;
}

export function appleContainerId(c: AppleContainer): string {
  // The schema guarantees one of the two is present.
  return (c.id ?? c.configuration.id) as string;
}

/** "a.b.c.d/24" → ip and prefix; a bare address (no slash) keeps prefix null. */
export function splitCidr(value: string | undefined): { ip: string | null; prefixLength: number | null } {
  if (!value) return { ip: null, prefixLength: null };
  const slash = value.indexOf('/');
  if (slash < 0) return { ip: value, prefixLength: null };
  const prefix = Number(value.slice(slash + 1));
  const valid = Number.isInteger(prefix) && prefix >= 0 && prefix <= 128;
  return { ip: value.slice(0, slash), prefixLength: valid ? prefix : null };
}

function stripTrailingDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

function normalizeAttachment(a: AppleAttachment, id: string): NetworkAttachment {
  const v4 = splitCidr(a.ipv4Address ?? a.address);
  const hostname = a.hostname ? stripTrailingDot(a.hostname) : '';
  return {
    network: a.network,
    // Apple networks are identified by their name (`network ls` shows id == name).
    networkId: a.network,
    ipAddress: v4.ip,
    prefixLength: v4.prefixLength,
    ipv6Address: splitCidr(a.ipv6Address).ip,
    gateway: a.ipv4Gateway ?? a.gateway ?? null,
    macAddress: a.macAddress ?? null,
    aliases: [],
    dnsNames: [...new Set([hostname, id].filter((n) => n.length > 0))],
  };
}

function attachments(c: AppleContainer): AppleAttachment[] {
  if (typeof c.status !== 'string' && c.status.networks) return c.status.networks;
  return c.networks ?? [];
}

function normalizeProtocol(proto: string): Protocol | null {
  const p = proto.toLowerCase();
  return p === 'tcp' || p === 'udp' || p === 'sctp' ? p : null;
}

/** One binding per port: `count` > 1 is a range of consecutive host and container ports. */
export function normalizePorts(c: AppleContainer): PortBinding[] {
  const out: PortBinding[] = [];
  for (const p of c.configuration.publishedPorts ?? []) {
    const protocol = normalizeProtocol(p.proto);
    // The model has no slot for another protocol; dropping one port beats failing the whole list.
    if (!protocol) continue;
    for (let i = 0; i < (p.count ?? 1); i++) {
      out.push({
        hostIp: p.hostAddress ?? '',
        hostPort: p.hostPort + i,
        containerPort: p.containerPort + i,
        protocol,
      });
    }
  }
  return out;
}

function startedDate(c: AppleContainer): AppleDate | undefined {
  return typeof c.status === 'string' ? c.startedDate : (c.status.startedDate ?? c.startedDate);
}

/** Requested network names, in order: strings in 0.1–0.3, `{network}` objects since. */
function configuredNetworks(c: AppleContainer): string[] {
  return (c.configuration.networks ?? []).map((n) => (typeof n === 'string' ? n : n.network));
}

function statusText(state: string, startedAt: string | null): string {
  if (!startedAt) return state;
  const when = startedAt.replace(/\.000Z$/, 'Z');
  return state === 'running' ? `running since ${when}` : `${state} (last started ${when})`;
}

export function normalizeContainer(c: AppleContainer, engineId: string): Container {
  const id = appleContainerId(c);
  const state = rawState(c);
  const startedAt = appleDateToIso(startedDate(c));
  const networks = attachments(c).map((a) => normalizeAttachment(a, id));
  return {
    engineId,
    id,
    name: id,
    image: c.configuration.image.reference,
    state: STATE_MAP[state] ?? 'unknown',
    status: statusText(state, startedAt),
    createdAt: appleDateToIso(c.configuration.creationDate),
    startedAt,
    ports: normalizePorts(c),
    networks,
    networkMode: configuredNetworks(c)[0] ?? networks[0]?.network ?? null,
    labels: { ...(c.configuration.labels ?? {}) },
  };
}

function hostnameOf(c: AppleContainer): string | null {
  if (c.configuration.hostname) return c.configuration.hostname;
  for (const n of c.configuration.networks ?? []) {
    if (typeof n !== 'string' && n.options?.hostname) return stripTrailingDot(n.options.hostname);
  }
  const fromStatus = attachments(c).find((a) => a.hostname)?.hostname;
  return fromStatus ? stripTrailingDot(fromStatus) : null;
}

export function normalizeContainerDetails(c: AppleContainer, engineId: string): ContainerDetails {
  const init = c.configuration.initProcess;
  const dns = c.configuration.dns;
  const search = [...(dns?.searchDomains ?? [])];
  // The `domain` is what unqualified names are completed with, so it behaves as a search domain.
  if (dns?.domain && !search.includes(dns.domain)) search.push(dns.domain);
  return {
    ...normalizeContainer(c, engineId),
    command: init ? [init.executable, ...(init.arguments ?? [])] : [],
    hostname: hostnameOf(c),
    env: [...(init?.environment ?? [])],
    restartPolicy: null,
    exitCode: null,
    dns: {
      servers: [...(dns?.nameservers ?? [])],
      search,
      options: [...(dns?.options ?? [])],
    },
  };
}

/** The subset of an Apple network the app needs, the same across CLI versions. */
export interface AppleNetworkInfo {
  name: string;
  mode: string | null;
  ipv4Subnet: string | null;
  ipv4Gateway: string | null;
  ipv6Subnet: string | null;
  builtin: boolean;
}

const BUILTIN_ROLE_LABEL = 'com.apple.container.resource.role';

export function normalizeNetwork(n: AppleNetwork): AppleNetworkInfo {
  const config = n.configuration ?? n.config;
  const name = config?.name ?? n.id;
  const role = config?.labels?.[BUILTIN_ROLE_LABEL];
  return {
    name,
    mode: config?.mode ?? null,
    // 0.5 called the subnet `status.address` / `config.subnet`.
    ipv4Subnet: n.status?.ipv4Subnet ?? n.status?.address ?? config?.ipv4Subnet ?? config?.subnet ?? null,
    ipv4Gateway: n.status?.ipv4Gateway ?? n.status?.gateway ?? null,
    ipv6Subnet: n.status?.ipv6Subnet ?? config?.ipv6Subnet ?? null,
    // Old CLIs may not label the builtin network, but it has always been called `default`.
    builtin: role !== undefined ? role === 'builtin' : name === 'default',
  };
}

/** "container-apiserver version 1.2.2 (build: …)" or "container CLI version 1.2.2 (…)" → "1.2.2". */
export function parseAppleVersion(text: string | undefined): string | null {
  if (!text) return null;
  const m = /\bversion\s+v?(\d+(?:\.\d+){1,3}(?:-[0-9A-Za-z.-]+)?)/i.exec(text);
  return m ? m[1] : null;
}

export function isSystemRunning(s: AppleSystemStatus): boolean {
  return s.status.trim().toLowerCase() === 'running';
}
