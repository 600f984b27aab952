import { z } from 'zod';
import { containerRef } from './identifiers';

/** The normalized model: the same shape whatever engine a container runs on. */

export const EngineKindSchema = z.enum(['docker', 'podman', 'apple']);
export type EngineKind = z.infer<typeof EngineKindSchema>;

export const EngineStatusSchema = z.enum(['connecting', 'available', 'unavailable']);

export const EngineSchema = z.object({
  /** Stable id: the endpoint it is reached on (`unix:///var/run/docker.sock`, `cli:/opt/homebrew/bin/container`). */
  id: z.string().min(1),
  /** `null` until the engine has answered once and said what it is. */
  kind: EngineKindSchema.nullable(),
  /** Human name: "Docker 27.3.1", "Podman 5.2.0", "Apple container 1.2.2". */
  name: z.string(),
  endpoint: z.string(),
  version: z.string().nullable(),
  apiVersion: z.string().nullable(),
  status: EngineStatusSchema,
  /** Why it is unavailable, in words a user can act on. */
  error: z.string().nullable(),
  /** Where it came from: discovered automatically, DOCKER_HOST, or added by the user. */
  source: z.enum(['discovered', 'env', 'settings']),
});
export type Engine = z.infer<typeof EngineSchema>;

export const ProtocolSchema = z.enum(['tcp', 'udp', 'sctp']);
export type Protocol = z.infer<typeof ProtocolSchema>;

const port = z.number().int().min(0).max(65535);

export const PortBindingSchema = z.object({
  /** '' when the engine reports none (the engine then listens on every address). */
  hostIp: z.string(),
  /** `null` for a port that is exposed but not published. */
  hostPort: port.nullable(),
  containerPort: port,
  protocol: ProtocolSchema,
});
export type PortBinding = z.infer<typeof PortBindingSchema>;

export const NetworkAttachmentSchema = z.object({
  network: z.string(),
  networkId: z.string().nullable(),
  ipAddress: z.string().nullable(),
  prefixLength: z.number().int().min(0).max(128).nullable(),
  ipv6Address: z.string().nullable(),
  gateway: z.string().nullable(),
  macAddress: z.string().nullable(),
  aliases: z.array(z.string()),
  /** Names other containers on this network can resolve this one by. */
  dnsNames: z.array(z.string()),
});
export type NetworkAttachment = z.infer<typeof NetworkAttachmentSchema>;

export const ContainerStateSchema = z.enum(['created', 'running', 'paused', 'restarting', 'stopping', 'exited', 'removing', 'dead', 'unknown']);
export type ContainerState = z.infer<typeof ContainerStateSchema>;

export const ContainerSchema = z.object({
  engineId: z.string(),
  id: z.string().min(1),
  name: z.string(),
  image: z.string(),
  state: ContainerStateSchema,
  /** The engine's own words: "Up 3 minutes", "Exited (0) 2 hours ago". */
  status: z.string(),
  /** ISO-8601, or null when the engine does not say. */
  createdAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  ports: z.array(PortBindingSchema),
  networks: z.array(NetworkAttachmentSchema),
  /** Network mode as the engine names it: bridge, host, none, container:<id>, a network name. */
  networkMode: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
});
export type Container = z.infer<typeof ContainerSchema>;

export const ContainerDetailsSchema = ContainerSchema.extend({
  command: z.array(z.string()),
  hostname: z.string().nullable(),
  env: z.array(z.string()),
  restartPolicy: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  dns: z.object({
    servers: z.array(z.string()),
    search: z.array(z.string()),
    options: z.array(z.string()),
  }),
});
export type ContainerDetails = z.infer<typeof ContainerDetailsSchema>;

export const ContainerRefSchema = z.object({
  engineId: z.string().min(1).max(1024),
  /** Container id or name. Names are passed as data to the engine API, never to a shell. */
  id: containerRef,
});
export type ContainerRef = z.infer<typeof ContainerRefSchema>;

const EngineSocketsSchema = z
  .array(
    z
      .string()
      .min(1)
      .max(1024)
      .regex(/^(\/|unix:\/\/\/|tcp:\/\/[^/\s]+|http:\/\/[^/\s]+)/, 'use an absolute socket path, unix:///path or tcp://host:port')
      // A socket path may hold spaces (macOS home folders), never a control character.
      .regex(/^\P{Cc}*$/u, 'a socket path has no control characters'),
  )
  .max(32);
const PortEnvironmentSchema = z.enum(['development', 'staging', 'production']);
const portNumber = z.number().int().min(1).max(65535);
const PortRangesSchema = z
  .object({ development: z.tuple([portNumber, portNumber]), staging: z.tuple([portNumber, portNumber]) })
  .refine((r) => r.development[0] <= r.development[1] && r.staging[0] <= r.staging[1], 'a range starts at or below its end');

export const SettingsSchema = z.object({
  /** Extra engine sockets the user added: `unix:///path` or a bare absolute path. */
  engineSockets: EngineSocketsSchema,
  /** Where suggestions look first: development 8000–8999, staging 9000–9999, production the standard port. */
  portEnvironment: PortEnvironmentSchema.default('development'),
  portRanges: PortRangesSchema.default({ development: [8000, 8999], staging: [9000, 9999] }),
  /** After a container starts, check that its published ports have a reachable listener, and notify when not. */
  quickCheckOnStart: z.boolean().default(true),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** A settings change: only the fields given change (no defaults filled in here). */
export const SettingsPatchSchema = z
  .object({
    engineSockets: EngineSocketsSchema.optional(),
    portEnvironment: PortEnvironmentSchema.optional(),
    portRanges: PortRangesSchema.optional(),
    quickCheckOnStart: z.boolean().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
