import { z } from 'zod';
import { AppError } from '../../../shared/errors';

/**
 * Schemas for Apple `container` CLI JSON, covering every shape documented in
 * tests/fixtures/apple-container/README.md (0.2-era, 0.5, 0.8–0.12, 1.x).
 * Objects are loose: the CLI adds fields between releases and a new field must not break the app.
 * What we actually read is typed, so garbage (numbers, `{}`, a missing id) is still rejected.
 */

const port = z.number().int().min(0).max(65535);

/** 1.x writes ISO-8601 strings; 0.8–0.12 wrote a Double of seconds since 2001-01-01 (Swift `.deferredToDate`). */
export const AppleDateSchema = z.union([z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'), z.number()]);
export type AppleDate = z.infer<typeof AppleDateSchema>;

/** One entry of `status.networks` (1.x) or the top-level `networks` (legacy). */
export const AppleAttachmentSchema = z.looseObject({
  network: z.string().min(1),
  hostname: z.string().optional(),
  /** 0.8+: CIDR string "a.b.c.d/24". */
  ipv4Address: z.string().optional(),
  ipv4Gateway: z.string().optional(),
  /** 0.1–0.7 names for the same two values. */
  address: z.string().optional(),
  gateway: z.string().optional(),
  ipv6Address: z.string().optional(),
  macAddress: z.string().optional(),
  mtu: z.number().optional(),
  variant: z.string().optional(),
});
export type AppleAttachment = z.infer<typeof AppleAttachmentSchema>;

export const ApplePublishedPortSchema = z
  .looseObject({
    hostAddress: z.string().optional(),
    hostPort: port,
    containerPort: port,
    proto: z.string().min(1),
    /** 0.7+: a range of `count` consecutive ports. Absent before. */
    count: z.number().int().min(1).max(65536).optional(),
  })
  // A range past 65535 is corrupt, and an unbounded count would make us allocate millions of bindings.
  .refine((p) => Math.max(p.hostPort, p.containerPort) + (p.count ?? 1) - 1 <= 65535, {
    message: 'port range runs past 65535',
  });

/** `configuration.networks`: plain names in 0.1–0.3, `{network, options}` since 0.4. */
const AttachmentConfigSchema = z.union([
  z.string().min(1),
  z.looseObject({
    network: z.string().min(1),
    options: z.looseObject({ hostname: z.string().optional() }).optional(),
  }),
]);

export const AppleConfigurationSchema = z.looseObject({
  /** Legacy (pre-1.0) elements carry the id here only. */
  id: z.string().min(1).optional(),
  image: z.looseObject({ reference: z.string() }),
  /** 0.1–0.3 only. */
  hostname: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  publishedPorts: z.array(ApplePublishedPortSchema).optional(),
  networks: z.array(AttachmentConfigSchema).optional(),
  dns: z
    .looseObject({
      nameservers: z.array(z.string()).optional(),
      domain: z.string().optional(),
      searchDomains: z.array(z.string()).optional(),
      options: z.array(z.string()).optional(),
    })
    .optional(),
  initProcess: z
    .looseObject({
      executable: z.string(),
      arguments: z.array(z.string()).optional(),
      environment: z.array(z.string()).optional(),
    })
    .optional(),
  creationDate: AppleDateSchema.optional(),
});

/** 1.x `status`. `state` stays a free string so a future state shows as 'unknown' instead of failing the list. */
const AppleStatusObjectSchema = z.looseObject({
  state: z.string().min(1),
  networks: z.array(AppleAttachmentSchema).optional(),
  startedDate: AppleDateSchema.optional(),
});

/** One element of `container ls --format json` and of `container inspect`. */
export const AppleContainerSchema = z
  .looseObject({
    id: z.string().min(1).optional(),
    configuration: AppleConfigurationSchema,
    /** 1.x: an object; legacy: the bare state string. */
    status: z.union([z.string().min(1), AppleStatusObjectSchema]),
    /** Legacy only: attachments and start date at the top level. */
    networks: z.array(AppleAttachmentSchema).optional(),
    startedDate: AppleDateSchema.optional(),
  })
  .refine((c) => (c.id ?? c.configuration.id) !== undefined, {
    message: 'container has no id (neither `id` nor `configuration.id`)',
    path: ['id'],
  });
export type AppleContainer = z.infer<typeof AppleContainerSchema>;

export const AppleContainerListSchema = z.array(AppleContainerSchema);

/** `container network ls --format json` element: `configuration` in 1.x, `config` before. */
const NetworkConfigSchema = z.looseObject({
  name: z.string().min(1).optional(),
  id: z.string().min(1).optional(),
  mode: z.string().optional(),
  ipv4Subnet: z.string().optional(),
  ipv6Subnet: z.string().optional(),
  /** 0.5 name for the IPv4 subnet. */
  subnet: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  /** 1.x: plugin options (`--option k=v`). Values are kept as text whatever their JSON type. */
  options: z.record(z.string(), z.unknown()).optional(),
  creationDate: AppleDateSchema.optional(),
});

export const AppleNetworkSchema = z.looseObject({
  id: z.string().min(1),
  state: z.string().optional(),
  configuration: NetworkConfigSchema.optional(),
  config: NetworkConfigSchema.optional(),
  status: z
    .looseObject({
      ipv4Subnet: z.string().optional(),
      ipv4Gateway: z.string().optional(),
      ipv6Subnet: z.string().optional(),
      /** 0.5 names. */
      address: z.string().optional(),
      gateway: z.string().optional(),
    })
    .optional(),
});
export type AppleNetwork = z.infer<typeof AppleNetworkSchema>;
export const AppleNetworkListSchema = z.array(AppleNetworkSchema);

/** `container system status --format json` (0.10+). Not running: `status` is "not running"/"unregistered", other fields "". */
export const AppleSystemStatusSchema = z.looseObject({
  status: z.string().min(1),
  apiServerVersion: z.string().optional(),
  apiServerBuild: z.string().optional(),
  apiServerCommit: z.string().optional(),
  apiServerAppName: z.string().optional(),
  appRoot: z.string().optional(),
  installRoot: z.string().optional(),
  logRoot: z.string().optional(),
});
export type AppleSystemStatus = z.infer<typeof AppleSystemStatusSchema>;

export const AppleDnsListSchema = z.array(z.string().min(1));

/**
 * Parses CLI stdout as JSON and validates it. Any failure is an ENGINE_ERROR naming the command,
 * so a user (or a bug report) sees which CLI output the app could not read and why.
 */
export function parseCliJson<S extends z.ZodType>(schema: S, stdout: string, command: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    const head = stdout.trim().slice(0, 120);
    throw new AppError('ENGINE_ERROR', `\`container ${command}\` did not print JSON: ${JSON.stringify(head)}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new AppError('ENGINE_ERROR', `Unexpected output from \`container ${command}\`:\n${z.prettifyError(result.error)}`, {
      issues: result.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return result.data;
}

/**
 * `system dns ls`: a JSON array since 0.6; 0.5 had no `--format` and printed one domain per line.
 * Accepting both lets the caller fall back to plain `dns ls` on old CLIs.
 */
export function parseDnsList(stdout: string): string[] {
  const text = stdout.trim();
  if (text.startsWith('[')) return parseCliJson(AppleDnsListSchema, text, 'system dns ls --format json');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
