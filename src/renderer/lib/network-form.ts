import { CreateNetworkRequestSchema, errorDetails, type Network, type RequestOf } from '../../shared/contract';
import type { AppErrorShape } from '../../shared/errors';
import { splitList } from './networks';

export type NetworkDriverChoice = 'bridge' | 'macvlan' | 'ipvlan';
export type NetworkField = 'engineId' | 'name' | 'driver' | 'parent' | 'subnet' | 'gateway' | 'ipRange' | 'ipv6Subnet' | 'dnsServers' | 'labels';
export type FieldErrors = Partial<Record<NetworkField, string>>;

export interface LabelRow {
  id: number;
  key: string;
  value: string;
}

/** The create-network form as typed: every field a string until it is turned into a request. */
export interface NetworkDraft {
  engineId: string;
  name: string;
  driver: NetworkDriverChoice;
  parent: string;
  subnet: string;
  gateway: string;
  ipRange: string;
  internal: boolean;
  ipv6: boolean;
  ipv6Subnet: string;
  dnsServers: string;
  labels: LabelRow[];
}

export function emptyDraft(engineId = ''): NetworkDraft {
  return {
    engineId,
    name: '',
    driver: 'bridge',
    parent: '',
    subnet: '',
    gateway: '',
    ipRange: '',
    internal: false,
    ipv6: false,
    ipv6Subnet: '',
    dnsServers: '',
    labels: [],
  };
}

/** Semantic checks (gateway inside the subnet, no overlap…), as `validateNetworkSpec` gives them. */
export type NetworkRules = (
  request: RequestOf<'networks.create'>,
  context: { networks: { name: string; subnets: string[] }[]; routes: { destination: string; iface: string }[] },
) => { field: string; message: string }[];

export function draftRequest(d: NetworkDraft): RequestOf<'networks.create'> {
  const req: RequestOf<'networks.create'> = { engineId: d.engineId, name: d.name.trim(), driver: d.driver, internal: d.internal, ipv6: d.ipv6 };
  const opt = (v: string) => v.trim() || undefined;
  const set = <K extends keyof RequestOf<'networks.create'>>(k: K, v: RequestOf<'networks.create'>[K] | undefined) => {
    if (v !== undefined) req[k] = v;
  };
  set('subnet', opt(d.subnet));
  set('gateway', opt(d.gateway));
  set('ipRange', opt(d.ipRange));
  if (d.ipv6) set('ipv6Subnet', opt(d.ipv6Subnet));
  if (d.driver !== 'bridge') set('parent', opt(d.parent));
  const dns = splitList(d.dnsServers);
  if (dns.length) req.dnsServers = dns;
  const labels = Object.fromEntries(d.labels.filter((l) => l.key.trim()).map((l) => [l.key.trim(), l.value]));
  if (Object.keys(labels).length) req.labels = labels;
  return req;
}

/** Friendlier words than the schema's for the fields whose format is the whole rule. */
const FORMAT_MESSAGES: Partial<Record<NetworkField, string>> = {
  subnet: 'Use CIDR notation, e.g. 10.10.0.0/24.',
  ipRange: 'Use CIDR notation inside the subnet, e.g. 10.10.0.128/25.',
  ipv6Subnet: 'Use CIDR notation, e.g. fd00:10::/64.',
  gateway: 'Enter an IP address, e.g. 10.10.0.1.',
  parent: 'A host interface name such as eth0 (at most 15 characters).',
};

const FIELDS = new Set<string>(['engineId', 'name', 'driver', 'parent', 'subnet', 'gateway', 'ipRange', 'ipv6Subnet', 'dnsServers', 'labels']);
const asField = (f: unknown): NetworkField | null => (typeof f === 'string' && FIELDS.has(f) ? (f as NetworkField) : null);

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Everything wrong with the draft, one message per field: the contract's own rules first (the
 * server applies the same schema), then what needs other networks to judge (duplicate names and,
 * when given, the shared CIDR rules).
 */
export function draftErrors(d: NetworkDraft, existing: readonly Network[], rules?: NetworkRules): FieldErrors {
  const errors: FieldErrors = {};
  const put = (field: NetworkField, message: string) => {
    errors[field] ??= message;
  };
  if (!d.engineId) put('engineId', 'Choose an engine.');
  if (!d.name.trim()) put('name', 'Enter a name.');
  if (d.driver !== 'bridge' && !d.parent.trim()) put('parent', `A ${d.driver} network needs the host interface it attaches to, e.g. eth0.`);
  // Without the shared rules, at least the checks that need no address arithmetic.
  if (!rules && existing.some((n) => n.engineId === d.engineId && n.name === d.name.trim()))
    put('name', `A network named ${d.name.trim()} already exists on this engine.`);
  if (!rules && (d.gateway.trim() || d.ipRange.trim()) && !d.subnet.trim())
    put(d.gateway.trim() ? 'gateway' : 'ipRange', 'Give the subnet this belongs to as well.');

  const seen = new Set<string>();
  for (const l of d.labels) {
    const key = l.key.trim();
    if (!key && l.value) put('labels', 'Each label needs a key.');
    else if (key && seen.has(key)) put('labels', `Label ${key} is given twice.`);
    seen.add(key);
  }

  const request = draftRequest(d);
  const parsed = CreateNetworkRequestSchema.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = asField(issue.path[0]);
      if (!field) continue;
      if (field === 'dnsServers') {
        const bad = typeof issue.path[1] === 'number' ? request.dnsServers?.[issue.path[1]] : undefined;
        put(field, bad !== undefined ? `${bad} is not an IP address.` : capital(issue.message));
      } else put(field, FORMAT_MESSAGES[field] ?? capital(issue.message));
    }
  }
  if (rules) {
    // The rules parse what the schema only shapes (300.1.1.1 looks like an address), so they run
    // either way; the first message per field wins.
    const networks = existing.filter((n) => n.engineId === d.engineId).map((n) => ({ name: n.name, subnets: n.subnets.map((s) => s.subnet) }));
    for (const p of rules(request, { networks, routes: [] })) put(asField(p.field) ?? 'subnet', p.message);
  }
  return errors;
}

/** The server's INVALID_INPUT/CONFLICT problems (typed details), placed under the fields they name. */
export function serverFieldErrors(error: Pick<AppErrorShape, 'code' | 'details'>): FieldErrors {
  const errors: FieldErrors = {};
  const d = errorDetails(error, 'INVALID_INPUT') ?? errorDetails(error, 'CONFLICT');
  if (!d || !('problems' in d)) return errors;
  for (const p of d.problems) {
    const field = asField(p.field);
    if (field) errors[field] ??= p.message;
  }
  return errors;
}
