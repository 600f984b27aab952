import { ContainerNetworkOptionsSchema, type RequestOf } from '../../shared/contract';
import { splitList } from './networks';

/** The contract's host-name and IP text rules, for messages while typing; the schema has the last word. */
export const HOSTNAME_RE = /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;
export const IP_RE = /^[0-9a-fA-F:.]+$/;

/** 'default' | 'host' | 'none' | a user network's name. */
export type NetworkMode = string;

export interface NetworkOptionsDraft {
  mode: NetworkMode;
  aliases: string;
  ipv4: string;
  dns: string;
  dnsSearch: string;
  dnsOptions: string;
  dnsDomain: string;
  hostname: string;
}

export type NetworkOptionField = 'aliases' | 'ipv4Address' | 'dns' | 'dnsSearch' | 'dnsOptions' | 'dnsDomain' | 'hostname';

type CreateFields = Pick<RequestOf<'containers.create'>, 'network' | NetworkOptionField>;

export function emptyNetworkOptions(): NetworkOptionsDraft {
  return { mode: 'default', aliases: '', ipv4: '', dns: '', dnsSearch: '', dnsOptions: '', dnsDomain: '', hostname: '' };
}

export const isUserMode = (mode: NetworkMode) => mode !== 'default' && mode !== 'host' && mode !== 'none';

const MESSAGES: Record<NetworkOptionField, string> = {
  aliases: 'Aliases are host names: letters, digits, dots and dashes (at most 16).',
  ipv4Address: 'Enter an IPv4 address inside the network’s subnet, e.g. 10.10.0.20.',
  dns: 'DNS servers are IP addresses, comma separated (at most 8).',
  dnsSearch: 'Search domains are host names, e.g. corp.example (at most 8).',
  dnsOptions: 'Resolver options look like ndots:2 or edns0 (at most 8).',
  dnsDomain: 'A domain name, e.g. test.',
  hostname: 'A host name: letters, digits, dots and dashes.',
};

/**
 * The create request's network fields from the form: aliases and a fixed address only on a user
 * network (the engines refuse them elsewhere), the DNS domain only for Apple's engine.
 */
export function networkOptions(
  d: NetworkOptionsDraft,
  opts: { apple: boolean },
): { fields: CreateFields; errors: Partial<Record<NetworkOptionField, string>> } {
  const fields: CreateFields = {};
  if (d.mode !== 'default') fields.network = d.mode;
  if (isUserMode(d.mode)) {
    const aliases = splitList(d.aliases);
    if (aliases.length) fields.aliases = aliases;
    if (d.ipv4.trim()) fields.ipv4Address = d.ipv4.trim();
  }
  const lists = { dns: splitList(d.dns), dnsSearch: splitList(d.dnsSearch), dnsOptions: splitList(d.dnsOptions) };
  for (const [k, v] of Object.entries(lists) as [keyof typeof lists, string[]][]) if (v.length) fields[k] = v;
  if (opts.apple && d.dnsDomain.trim()) fields.dnsDomain = d.dnsDomain.trim();
  if (d.hostname.trim()) fields.hostname = d.hostname.trim();

  const errors: Partial<Record<NetworkOptionField, string>> = {};
  const { network: _network, ...options } = fields;
  const parsed = ContainerNetworkOptionsSchema.safeParse(options);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as NetworkOptionField;
      if (field in MESSAGES) errors[field] ??= MESSAGES[field];
    }
  }
  if (fields.ipv4Address && !/^\d{1,3}(\.\d{1,3}){3}$/.test(fields.ipv4Address)) errors.ipv4Address ??= MESSAGES.ipv4Address;
  return { fields, errors };
}
