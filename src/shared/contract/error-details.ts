import { z } from 'zod';
import type { AppErrorShape, ErrorCode } from '../errors';
import { ContainerStateSchema, ProtocolSchema } from './model';
import { PortCheckSchema, PortHolderSchema, PortSpecSchema } from './ports';

/**
 * What an error carries beyond its message, one schema per code. Each code's details are one of a
 * few named shapes; main validates them before they cross the bridge (a malformed one is dropped),
 * and the renderer reads them with `errorDetails`, never by hand.
 */

/** Where a request broke its schema (the router's INVALID_INPUT). */
const IssueSchema = z.object({ path: z.array(z.string()), message: z.string() });
/** A problem with one form field, as the shared network rules word it. */
const FieldProblemSchema = z.object({ field: z.string(), message: z.string() });

/** The engine endpoint that answered (or did not): Docker/Podman API errors. */
export const EndpointDetailsSchema = z.strictObject({ endpoint: z.string() });
/** The network spec's problems, each under the field it names. */
export const NetworkProblemsDetailsSchema = z.strictObject({ problems: z.array(FieldProblemSchema) });

export const InvalidInputDetailsSchema = z.union([
  z.strictObject({ issues: z.array(IssueSchema) }),
  NetworkProblemsDetailsSchema,
  /** The one field that is missing or wrong. */
  z.strictObject({ field: z.string() }),
  /** The value that was refused (a settings entry). */
  z.strictObject({ value: z.string() }),
  EndpointDetailsSchema,
]);

export const NotFoundDetailsSchema = z.union([
  /** Which kind of thing is missing, and its ref (the engine id alone for an engine). */
  z.strictObject({
    kind: z.enum(['engine', 'container', 'network']),
    engineId: z.string(),
    id: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('image'), endpoint: z.string(), image: z.string() }),
  EndpointDetailsSchema,
]);

export const EngineUnavailableDetailsSchema = z.union([
  /** An engine we know by id (a supervisor that is not available). */
  z.strictObject({ engineId: z.string() }),
  EndpointDetailsSchema,
]);

export const EngineErrorDetailsSchema = z.union([
  z.strictObject({ endpoint: z.string(), statusCode: z.number().int().nullable() }),
  /** Output of an engine CLI that did not parse. */
  z.strictObject({ issues: z.array(IssueSchema) }),
  EndpointDetailsSchema,
]);

/** The pre-flight check refused: each failed check names its holders and a free suggestion. */
export const PortsInUseDetailsSchema = z.strictObject({ checks: z.array(PortCheckSchema) });

/** The engine refused to publish a port (a race the pre-flight check lost): who holds it now. */
export const EngineRefusedPortDetailsSchema = z.strictObject({
  engineMessage: z.string(),
  port: z.object({ hostIp: z.string(), hostPort: z.number().int().nullable(), protocol: ProtocolSchema }),
  holders: z.array(PortHolderSchema),
  /** The container the engine created anyway, kept and listed; null when it could not be read. */
  container: z.object({ engineId: z.string(), id: z.string(), name: z.string(), state: ContainerStateSchema.optional() }).nullable(),
});

export const ConflictDetailsSchema = z.union([
  PortsInUseDetailsSchema,
  EngineRefusedPortDetailsSchema,
  NetworkProblemsDetailsSchema,
  /** A network still in use, with the containers on it. */
  z.strictObject({ containers: z.array(z.object({ id: z.string(), name: z.string() })) }),
  /** A container in the wrong state for what was asked. */
  z.strictObject({ engineId: z.string(), id: z.string(), state: ContainerStateSchema.optional() }),
  /** The engine's own reason (Apple's default network). */
  z.strictObject({ cause: z.string() }),
  EndpointDetailsSchema,
]);

export const UnsupportedDetailsSchema = z.union([
  z.strictObject({ driver: z.string() }),
  /** The option this engine cannot apply. */
  z.strictObject({ option: z.string() }),
  z.strictObject({ network: z.string(), container: z.string() }),
  /** The port spec it cannot publish. */
  z.strictObject({ spec: PortSpecSchema }),
]);

export const InternalDetailsSchema = z.strictObject({ cause: z.string() });

/** Codes that never carry details. */
const NoDetailsSchema = z.never();

export const ERROR_DETAILS_SCHEMAS = {
  INVALID_INPUT: InvalidInputDetailsSchema,
  NOT_FOUND: NotFoundDetailsSchema,
  ENGINE_UNAVAILABLE: EngineUnavailableDetailsSchema,
  ENGINE_ERROR: EngineErrorDetailsSchema,
  CONFLICT: ConflictDetailsSchema,
  UNAUTHORIZED: NoDetailsSchema,
  UNSUPPORTED: UnsupportedDetailsSchema,
  INTERNAL: InternalDetailsSchema,
} as const satisfies Record<ErrorCode, z.ZodType>;

export type ErrorDetails<C extends ErrorCode> = z.output<(typeof ERROR_DETAILS_SCHEMAS)[C]>;

/** A code's details checked against its schema: the typed details, or null when absent or malformed. */
export function parseErrorDetails<C extends ErrorCode>(code: C, details: unknown): ErrorDetails<C> | null {
  if (details === undefined) return null;
  const parsed = ERROR_DETAILS_SCHEMAS[code].safeParse(details);
  return parsed.success ? (parsed.data as ErrorDetails<C>) : null;
}

/**
 * An error's details when it has the code asked for: `errorDetails(e, 'CONFLICT')` is the typed
 * CONFLICT details, or null for another code or details that break the schema.
 */
export function errorDetails<C extends ErrorCode>(error: Pick<AppErrorShape, 'code' | 'details'> | null | undefined, code: C): ErrorDetails<C> | null {
  if (!error || error.code !== code) return null;
  return parseErrorDetails(code, error.details);
}
