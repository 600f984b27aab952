import { z } from 'zod';
import { expandedPortCount, rangeProblem, type PortSpec } from '../port-spec';
import { engineName, imageRef, processArgument } from './identifiers';
import { ContainerRefSchema, ContainerSchema, ContainerStateSchema, ProtocolSchema } from './model';
import { ContainerNetworkOptionsSchema } from './networks';

const port = z.number().int().min(1).max(65535);

/** A parsed `-p` spec (see `src/shared/port-spec.ts`, whose `PortSpec` type this schema mirrors). */
export const PortSpecSchema = z
  .object({
    hostIp: z.string().max(64),
    hostPortStart: port.nullable(),
    hostPortEnd: port.nullable(),
    containerPortStart: port,
    containerPortEnd: port,
    protocol: ProtocolSchema,
  })
  .strict()
  .superRefine((spec, ctx) => {
    const problem = rangeProblem(spec);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * The most ports one request may expand into, all its specs together (see `expandedPortCount`).
 * Every port costs a check, a conflict entry and a suggestion search here, and a proxy process or
 * firewall rule per port in the engine; 1,024 one-port specs (the most a check takes) fit four
 * times over, and so does the 1,000-port range the bench checks, while one spec can no longer
 * ask for all 65,535 ports (eight such specs held the main process for 46 s).
 */
export const MAX_PORTS_PER_REQUEST = 4096;

/** A list of specs whose ranges, expanded, stay within MAX_PORTS_PER_REQUEST. */
const portSpecList = (maxSpecs: number) =>
  z
    .array(PortSpecSchema)
    .max(maxSpecs)
    .superRefine((specs, ctx) => {
      let total = 0;
      for (const spec of specs) total += expandedPortCount(spec);
      if (total > MAX_PORTS_PER_REQUEST) {
        ctx.addIssue({
          code: 'custom',
          message: `these specs expand to ${total} ports; a request may name at most ${MAX_PORTS_PER_REQUEST} ports (a range counts each of its ports)`,
        });
      }
    });

/** Who holds a host port. */
export const PortHolderSchema = z.discriminatedUnion('kind', [
  /** A host process listening on it. `pid`/`command` are null when the OS won't say (another user's process). */
  z.object({
    kind: z.literal('process'),
    pid: z.number().int().nullable(),
    command: z.string().nullable(),
    user: z.string().nullable(),
    hostIp: z.string(),
    hostPort: z.number().int(),
    protocol: ProtocolSchema,
  }),
  /** A container that publishes it (running), or will claim it when started (not running). */
  z.object({
    kind: z.literal('container'),
    engineId: z.string(),
    containerId: z.string(),
    containerName: z.string(),
    state: ContainerStateSchema,
    running: z.boolean(),
    hostIp: z.string(),
    hostPort: z.number().int(),
    protocol: ProtocolSchema,
  }),
  /** The engine's own port forwarder (docker-proxy, gvproxy, rootlessport, com.docker.backend…). */
  z.object({
    kind: z.literal('engine-proxy'),
    proxy: z.string(),
    pid: z.number().int().nullable(),
    command: z.string().nullable(),
    hostIp: z.string(),
    hostPort: z.number().int(),
    protocol: ProtocolSchema,
    /** The container it forwards to, when we could map it back. */
    engineId: z.string().nullable(),
    containerId: z.string().nullable(),
    containerName: z.string().nullable(),
  }),
]);
export type PortHolder = z.infer<typeof PortHolderSchema>;

export const PortWarningSchema = z.object({
  code: z.enum(['PRIVILEGED_PORT', 'ALL_INTERFACES', 'DATABASE_EXPOSED', 'ENGINE_ASSIGNED', 'HOST_NETWORK']),
  message: z.string(),
  /** What to do about it, in words a user can act on. */
  fix: z.string(),
  /** A spec that applies the fix, when one exists (e.g. the same mapping bound to 127.0.0.1). */
  fixedSpec: PortSpecSchema.nullable(),
});
export type PortWarning = z.infer<typeof PortWarningSchema>;

export const PortConflictSchema = z.object({
  hostIp: z.string(),
  hostPort: z.number().int(),
  protocol: ProtocolSchema,
  holders: z.array(PortHolderSchema),
});
export type PortConflict = z.infer<typeof PortConflictSchema>;

export const PortCheckSchema = z.object({
  spec: PortSpecSchema,
  /** True when the engine could bind every host port the spec asks for right now. */
  ok: z.boolean(),
  conflicts: z.array(PortConflictSchema),
  /** The same spec moved to free host port(s), when it conflicts. */
  suggestion: PortSpecSchema.nullable(),
  warnings: z.array(PortWarningSchema),
});
export type PortCheck = z.infer<typeof PortCheckSchema>;

export const EnvironmentSchema = z.enum(['development', 'staging', 'production']);
export type PortEnvironment = z.infer<typeof EnvironmentSchema>;

export const CreateContainerRequestSchema = z
  .object({
    engineId: z.string().min(1).max(1024),
    image: imageRef,
    name: engineName('a container name', 128).optional(),
    /** `default`, `host` (no isolation), `none`, or a network's name. */
    network: engineName('a network name').optional(),
    ...ContainerNetworkOptionsSchema.shape,
    ports: portSpecList(256).default([]),
    env: z
      .array(processArgument.regex(/^[^=\s]+=/, 'use KEY=value'))
      .max(512)
      .default([]),
    command: z.array(processArgument).max(256).optional(),
    start: z.boolean().default(true),
  })
  .strict();

export const portChannels = {
  /** Checks specs against the host's sockets and every engine's containers, in one read of each. */
  'ports.check': {
    request: z
      .object({
        specs: portSpecList(1024).min(1),
        /** The container being (re)started or edited: its own claims are not a conflict. */
        exclude: ContainerRefSchema.strict().optional(),
      })
      .strict(),
    result: z.object({ checks: z.array(PortCheckSchema) }),
  },
  'ports.owner': {
    request: z.object({ hostPort: port, protocol: ProtocolSchema.default('tcp'), hostIp: z.string().max(64).optional() }).strict(),
    result: z.object({ holders: z.array(PortHolderSchema) }),
  },
  'ports.suggest': {
    request: z
      .object({
        containerPort: port,
        protocol: ProtocolSchema.default('tcp'),
        hostIp: z.string().max(64).default(''),
        environment: EnvironmentSchema.optional(),
        count: z.number().int().min(1).max(20).default(3),
      })
      .strict(),
    result: z.object({ ports: z.array(port), reason: z.string() }),
  },
  'ports.export': {
    request: z.object({ engineId: z.string().min(1).max(1024).optional() }).strict(),
    result: z.object({ yaml: z.string(), fileName: z.string() }),
  },
  'containers.create': {
    request: CreateContainerRequestSchema,
    result: z.object({ container: ContainerSchema, warnings: z.array(PortWarningSchema) }),
  },
} as const;

/** Pushed whenever the app detects a port conflict, so the shell can notify (deduplicated). */
export const PortConflictEventSchema = z.object({
  /** Stable per container and port: the same conflict is notified once. */
  key: z.string(),
  source: z.enum(['preflight', 'engine', 'host-grab']),
  engineId: z.string().nullable(),
  containerId: z.string().nullable(),
  containerName: z.string().nullable(),
  hostIp: z.string(),
  hostPort: z.number().int(),
  protocol: ProtocolSchema,
  holders: z.array(PortHolderSchema),
  message: z.string(),
});
export type PortConflictEvent = z.infer<typeof PortConflictEventSchema>;

// Compile-time proof that the schema and the parser's type agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const portSpecMatches: Same<z.infer<typeof PortSpecSchema>, PortSpec> = true;
void portSpecMatches;
