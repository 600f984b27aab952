import { z } from 'zod';
import { containerRef } from './identifiers';
import { ContainerRefSchema, PortBindingSchema, ProtocolSchema } from './model';
import { DnsConfigSchema } from './networks';

const port = z.number().int().min(1).max(65535);
/** Chosen by the renderer so it can match streamed progress to the run it started. */
const runId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[a-zA-Z0-9_-]+$/, 'a run id is letters, digits, _ or -');
/** A host name or IP a check may contact; only what the user typed. */
const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9.:_-]*[a-zA-Z0-9])?$/, 'a host name or IP address');
/** `host:port` or `[v6]:port`: the one outside target a user allowed. */
const target = z
  .string()
  .min(3)
  .max(270)
  .regex(/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?):\d{1,5}$/, 'host:port, e.g. 192.0.2.10:443 or [2001:db8::1]:443');

export const CheckStatusSchema = z.enum(['pass', 'fail', 'warn', 'skipped']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

export const CheckResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: CheckStatusSchema,
  summary: z.string(),
  evidence: z.array(z.string()),
  fixes: z.array(z.string()),
  durationMs: z.number(),
  /** The check hit its deadline: reported as a failure that says "timed out". */
  timedOut: z.boolean().default(false),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const InterfaceFactSchema = z.object({
  name: z.string(),
  addresses: z.array(z.string()),
  mac: z.string().nullable(),
  up: z.boolean(),
});
export const RouteFactSchema = z.object({ destination: z.string(), gateway: z.string().nullable(), iface: z.string() });
export const ListenerFactSchema = z.object({ protocol: z.enum(['tcp', 'udp']), address: z.string(), port: z.number().int() });

export const ContainerFactsSchema = z.object({
  engineId: z.string(),
  containerId: z.string(),
  containerName: z.string(),
  /** Addresses in CIDR form, loopback left out. */
  addresses: z.array(z.string()),
  /** The default route's gateway, when there is one. */
  gateway: z.string().nullable(),
  dns: DnsConfigSchema,
  ports: z.array(PortBindingSchema),
  interfaces: z.array(InterfaceFactSchema),
  routes: z.array(RouteFactSchema),
  listeners: z.array(ListenerFactSchema),
  /** Where each fact came from: the image's tools, or /proc when the tools are missing. */
  sources: z.object({
    interfaces: z.enum(['ip', '/proc', 'none']),
    routes: z.enum(['ip', '/proc', 'none']),
    listeners: z.enum(['netstat', '/proc', 'none']),
    dns: z.enum(['/etc/resolv.conf', 'none']),
  }),
});
export type ContainerFacts = z.infer<typeof ContainerFactsSchema>;

/** What the user lets the checks do beyond the container itself. */
const CheckInputs = {
  /** Peer containers to reach (id or name); unset → running containers that share a network. */
  peers: z.array(containerRef).max(8).optional(),
  /** A name to resolve from inside the container. */
  dnsName: hostname.optional(),
  /** The only outside target contacted; unset → that check is skipped. */
  outsideTarget: target.optional(),
};

export const DiagnosticsReportSchema = z.object({
  runId: z.string(),
  engineId: z.string(),
  containerId: z.string(),
  containerName: z.string(),
  results: z.array(CheckResultSchema),
  facts: ContainerFactsSchema.nullable(),
  startedAt: z.string(),
  durationMs: z.number(),
});
export type DiagnosticsReport = z.infer<typeof DiagnosticsReportSchema>;

export const TroubleshootScenarioSchema = z.enum(['web-unreachable', 'port-in-use', 'no-internet', 'containers-cant-talk', 'dns-broken']);
export type TroubleshootScenario = z.infer<typeof TroubleshootScenarioSchema>;

export const TroubleshootRequestSchema = z
  .object({
    scenario: TroubleshootScenarioSchema,
    runId: runId.optional(),
    engineId: z.string().min(1).max(1024).optional(),
    /** The container in trouble; every scenario but `port-in-use` needs one. */
    id: containerRef.optional(),
    /** `port-in-use`: the host port that will not bind. `web-unreachable`: which published port (all when unset). */
    hostPort: port.optional(),
    protocol: ProtocolSchema.default('tcp'),
    ...CheckInputs,
  })
  .strict()
  .refine((r) => r.scenario === 'port-in-use' || (r.engineId !== undefined && r.id !== undefined), {
    message: 'this scenario needs a container: engineId and id',
    path: ['id'],
  })
  .refine((r) => r.scenario !== 'port-in-use' || r.hostPort !== undefined || (r.engineId !== undefined && r.id !== undefined), {
    message: '"port already in use" needs the host port, or a container whose ports to look at',
    path: ['hostPort'],
  })
  .refine((r) => r.scenario !== 'containers-cant-talk' || (r.peers?.length ?? 0) > 0, {
    message: '"containers can\'t reach each other" needs the other container',
    path: ['peers'],
  });
export type TroubleshootRequest = z.infer<typeof TroubleshootRequestSchema>;

export const TroubleshootReportSchema = z.object({
  runId: z.string(),
  scenario: TroubleshootScenarioSchema,
  /** The situation in the user's words: "I can't reach the web service in my container". */
  title: z.string(),
  subject: z.string(),
  /** `cause-found`: a step failed and is the cause; `no-problem`: every step passed; `inconclusive`: warnings or skipped steps only. */
  verdict: z.enum(['cause-found', 'no-problem', 'inconclusive']),
  /** The steps that ran, in order, up to and including the cause. */
  steps: z.array(CheckResultSchema),
  cause: z.object({ stepId: z.string(), summary: z.string(), fixes: z.array(z.string()) }).nullable(),
  /** The whole report as Markdown, to paste into an issue or a chat. */
  markdown: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
});
export type TroubleshootReport = z.infer<typeof TroubleshootReportSchema>;

/** One check finished: pushed as soon as it does, before the whole run returns. */
export const DiagnosticsProgressSchema = z.object({
  runId: z.string(),
  engineId: z.string().nullable(),
  containerId: z.string().nullable(),
  /** Where this check sits in the run (checker order, or the walk's step number), so a list can place it before the others finish. */
  position: z.number().int().min(0),
  result: CheckResultSchema,
});
export type DiagnosticsProgress = z.infer<typeof DiagnosticsProgressSchema>;

/** A container just started, and the quick check found its published ports unreachable. */
export const DiagnosticsAlertSchema = z.object({
  engineId: z.string(),
  containerId: z.string(),
  containerName: z.string(),
  checkId: z.string(),
  summary: z.string(),
  fixes: z.array(z.string()),
});
export type DiagnosticsAlert = z.infer<typeof DiagnosticsAlertSchema>;

export const FirewallNameSchema = z.enum(['ufw', 'firewalld', 'nftables', 'iptables', 'macos-application-firewall', 'windows-defender-firewall']);

export const FirewallEntrySchema = z.object({
  name: FirewallNameSchema,
  /** false: its command is not on this machine, so it cannot be filtering anything. */
  installed: z.boolean(),
  /** null: the state could not be read (e.g. not permitted). */
  active: z.boolean().nullable(),
  summary: z.string(),
  error: z.string().nullable(),
  /** Facts worth showing (default policies, active zones, profiles), as label/value lines. */
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
});
export type FirewallEntry = z.infer<typeof FirewallEntrySchema>;

export const PortReachabilitySchema = z.object({
  engineId: z.string(),
  containerId: z.string(),
  containerName: z.string(),
  hostIp: z.string(),
  hostPort: z.number().int(),
  containerPort: z.number().int(),
  protocol: ProtocolSchema,
  reachableFromOutside: z.enum(['yes', 'no', 'unknown']),
  reasons: z.array(z.string()),
  /** Exact commands or settings that change it, for this platform. */
  commands: z.array(z.string()),
});
export type PortReachability = z.infer<typeof PortReachabilitySchema>;

export const FirewallStatusSchema = z.object({
  platform: z.string(),
  /** "Linux", "macOS", "Windows": the platform this guidance is for. */
  platformName: z.string(),
  firewalls: z.array(FirewallEntrySchema),
  /** The engines' own chains (DOCKER, DOCKER-USER, NETAVARK_FORWARD…). */
  engineChains: z.array(z.string()),
  ports: z.array(PortReachabilitySchema),
  /** General notes for this platform (e.g. Docker's published ports bypass ufw). */
  notes: z.array(z.string()),
  checkedAt: z.string(),
});
export type FirewallStatus = z.infer<typeof FirewallStatusSchema>;

export const NetworkSampleSchema = z.object({
  engineId: z.string(),
  containerId: z.string(),
  at: z.string(),
  /** Bytes per second since the previous sample; null for the first one. */
  rxBytesPerSec: z.number().nullable(),
  txBytesPerSec: z.number().nullable(),
  rxBytes: z.number(),
  txBytes: z.number(),
  rxErrors: z.number(),
  txErrors: z.number(),
  rxDropped: z.number(),
  txDropped: z.number(),
  /** TCP sockets inside the container by state; null when they could not be read. */
  connections: z.object({ established: z.number().int(), listening: z.number().int(), other: z.number().int() }).nullable(),
  /** Counted from the diagnostics run on this container since the app started. */
  dnsFailures: z.number().int(),
  networkErrors: z.number().int(),
});
export type NetworkSample = z.infer<typeof NetworkSampleSchema>;

export const MonitorLeaseSchema = z.object({
  /** The stream stops unless `monitor.watch` is called again before this time. */
  expiresAt: z.string(),
  intervalMs: z.number().int(),
});

export const diagnosticsChannels = {
  'diagnostics.facts': {
    request: ContainerRefSchema.extend({
      disableTools: z
        .array(z.enum(['ip', 'netstat']))
        .max(2)
        .optional(),
    }).strict(),
    result: ContainerFactsSchema,
  },
  'diagnostics.run': {
    request: ContainerRefSchema.extend({ runId: runId.optional(), ...CheckInputs }).strict(),
    result: DiagnosticsReportSchema,
  },
  'troubleshoot.run': { request: TroubleshootRequestSchema, result: TroubleshootReportSchema },
  'firewall.status': {
    request: z.object({ engineId: z.string().min(1).max(1024).optional() }).strict(),
    result: FirewallStatusSchema,
  },
  /** Starts (or renews) the live network sample stream of one container. */
  'monitor.watch': { request: ContainerRefSchema.strict(), result: MonitorLeaseSchema },
  'monitor.unwatch': { request: ContainerRefSchema.strict(), result: z.object({ ok: z.literal(true) }) },
} as const;
