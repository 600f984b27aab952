import { z } from 'zod';
import { parseIp } from '../cidr';
import { containerRef, engineName } from './identifiers';
import { ContainerRefSchema } from './model';

const name = engineName('a network name');
/** Where a network goes into an engine API path (`/networks/{id}/connect`): its name or id, nothing else. */
const networkRef = engineName('a network id or name');
const engineId = z.string().min(1).max(1024);
/** Text only; the CIDR rules (inside the subnet, no overlap) are checked by the service with words a user can act on. */
const cidr = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'use CIDR notation, e.g. 10.10.0.0/24');
const isIp =
  (family?: 4 | 6) =>
  (text: string): boolean => {
    try {
      const parsed = parseIp(text);
      return family === undefined || parsed.family === family;
    } catch {
      return false;
    }
  };
const ip = z.string().min(2).max(64).refine(isIp(), 'an IPv4 or IPv6 address, e.g. 10.10.0.5');
const ipv4 = z.string().min(7).max(15).refine(isIp(4), 'an IPv4 address, e.g. 10.10.0.5');
const ipv6 = z.string().min(2).max(64).refine(isIp(6), 'an IPv6 address, e.g. fd00::5');
const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/, 'a host name: letters, digits, dots and dashes');

export const SubnetSchema = z.object({
  subnet: z.string(),
  gateway: z.string().nullable(),
  ipRange: z.string().nullable(),
});
export type Subnet = z.infer<typeof SubnetSchema>;

export const NetworkMemberSchema = z.object({
  containerId: z.string(),
  containerName: z.string(),
  ipv4Address: z.string().nullable(),
  prefixLength: z.number().int().nullable(),
  ipv6Address: z.string().nullable(),
  macAddress: z.string().nullable(),
  aliases: z.array(z.string()),
});
export type NetworkMember = z.infer<typeof NetworkMemberSchema>;

export const NetworkSchema = z.object({
  engineId: z.string(),
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string().nullable(),
  subnets: z.array(SubnetSchema),
  internal: z.boolean(),
  ipv6: z.boolean(),
  /** The engine's own default network (bridge, podman, Apple's default): cannot be removed. */
  isDefault: z.boolean(),
  /** Whether containers on it resolve each other by name (the engine's embedded DNS / aardvark-dns). */
  dnsEnabled: z.boolean(),
  dnsServers: z.array(z.string()),
  createdAt: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  options: z.record(z.string(), z.string()),
  containers: z.array(NetworkMemberSchema),
});
export type Network = z.infer<typeof NetworkSchema>;

export const NetworkRefSchema = z.object({ engineId, id: networkRef }).strict();

export const CreateNetworkRequestSchema = z
  .object({
    engineId,
    name,
    driver: z.enum(['bridge', 'macvlan', 'ipvlan']).default('bridge'),
    subnet: cidr.optional(),
    gateway: ip.optional(),
    ipRange: cidr.optional(),
    internal: z.boolean().default(false),
    ipv6: z.boolean().default(false),
    ipv6Subnet: cidr.optional(),
    /** macvlan/ipvlan: the host interface to attach to. */
    parent: z
      .string()
      .min(1)
      .max(15)
      .regex(/^[a-zA-Z0-9_.:-]+$/)
      .optional(),
    /** Per-network DNS servers where the engine supports them (Podman's --dns). */
    dnsServers: z.array(ip).max(8).default([]),
    labels: z.record(z.string().min(1).max(256), z.string().max(4096)).default({}),
  })
  .strict();
export type CreateNetworkRequest = z.infer<typeof CreateNetworkRequestSchema>;

export const DnsConfigSchema = z.object({
  nameservers: z.array(z.string()),
  search: z.array(z.string()),
  options: z.array(z.string()),
});
export type DnsConfig = z.infer<typeof DnsConfigSchema>;

export const ResolveResultSchema = z.object({
  name: z.string(),
  /** The addresses the lookup returned, empty when it failed. */
  addresses: z.array(z.string()),
  /** The server that answered, as the resolver tool printed it. */
  server: z.string().nullable(),
  ok: z.boolean(),
  /** Why not, in words: NXDOMAIN, timeout, no resolver tool in the image… */
  error: z.string().nullable(),
  /** The command run inside the container and its output, as evidence. */
  command: z.array(z.string()),
  output: z.string(),
  durationMs: z.number(),
});
export type ResolveResult = z.infer<typeof ResolveResultSchema>;

export const DnsCheckSchema = z.object({
  ok: z.boolean(),
  summary: z.string(),
  /** Where the engine says the container's resolver should point (127.0.0.11, the aardvark address…). */
  expectedNameservers: z.array(z.string()),
  resolvConf: DnsConfigSchema,
  lookups: z.array(ResolveResultSchema),
  cause: z.string().nullable(),
  fix: z.string().nullable(),
});
export type DnsCheck = z.infer<typeof DnsCheckSchema>;

export const networkChannels = {
  'networks.list': { request: z.object({ engineId: engineId.optional() }).strict(), result: z.array(NetworkSchema) },
  'networks.inspect': { request: NetworkRefSchema, result: NetworkSchema },
  'networks.create': { request: CreateNetworkRequestSchema, result: NetworkSchema },
  'networks.remove': { request: NetworkRefSchema, result: z.object({ ok: z.literal(true) }) },
  'networks.connect': {
    request: z
      .object({
        engineId,
        network: networkRef,
        container: containerRef,
        aliases: z.array(hostname).max(16).default([]),
        ipv4Address: ipv4.optional(),
        ipv6Address: ipv6.optional(),
      })
      .strict(),
    result: z.object({ ok: z.literal(true) }),
  },
  'networks.disconnect': {
    request: z.object({ engineId, network: networkRef, container: containerRef, force: z.boolean().default(false) }).strict(),
    result: z.object({ ok: z.literal(true) }),
  },
  /** Runs the lookup inside the container (nslookup / getent), never on the host. */
  'dns.resolve': {
    request: ContainerRefSchema.extend({ name: hostname, timeoutMs: z.number().int().min(100).max(10_000).default(3000) }).strict(),
    result: ResolveResultSchema,
  },
  /** The container's effective resolver configuration: its /etc/resolv.conf, read inside it. */
  'dns.containerConfig': { request: ContainerRefSchema.strict(), result: DnsConfigSchema.extend({ raw: z.string() }) },
  /** The host's resolver: servers and search domains (resolvectl / resolv.conf, scutil --dns). */
  'dns.hostConfig': {
    request: z.object({}).strict(),
    result: DnsConfigSchema.extend({ source: z.string(), raw: z.string() }),
  },
  /** The engine's DNS answers for a container name, and the resolver points where the engine says. */
  'dns.check': {
    request: ContainerRefSchema.extend({ names: z.array(hostname).max(8).optional() }).strict(),
    result: DnsCheckSchema,
  },
  /** Apple `container system dns` local domains. */
  'dns.domains.list': { request: z.object({ engineId }).strict(), result: z.object({ domains: z.array(z.string()) }) },
  'dns.domains.create': {
    request: z.object({ engineId, domain: hostname, localhost: ip.optional() }).strict(),
    result: z.object({ domains: z.array(z.string()) }),
  },
  'dns.domains.delete': { request: z.object({ engineId, domain: hostname }).strict(), result: z.object({ domains: z.array(z.string()) }) },
} as const;

export const NetworksChangedSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('upsert'), engineId: z.string(), network: NetworkSchema }),
  z.object({ type: z.literal('remove'), engineId: z.string(), id: z.string() }),
  z.object({ type: z.literal('snapshot'), engineId: z.string(), networks: z.array(NetworkSchema) }),
]);
export type NetworksChanged = z.infer<typeof NetworksChangedSchema>;

/** Container creation options this issue adds (network mode, aliases, DNS). */
export const ContainerNetworkOptionsSchema = z
  .object({
    aliases: z.array(hostname).max(16).default([]),
    ipv4Address: ipv4.optional(),
    dns: z.array(ip).max(8).default([]),
    dnsSearch: z.array(hostname).max(8).default([]),
    dnsOptions: z
      .array(
        z
          .string()
          .min(1)
          .max(64)
          .regex(/^[a-zA-Z0-9_:.-]+$/),
      )
      .max(8)
      .default([]),
    /** Apple `--dns-domain`. */
    dnsDomain: hostname.optional(),
    hostname: hostname.optional(),
  })
  .strict();
