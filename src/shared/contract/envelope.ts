import { z } from 'zod';
import { ERROR_CODES, type AppErrorShape } from '../errors';

export const ErrorShapeSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});

/** Results travel in an envelope so an error keeps its code across the bridge. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: AppErrorShape };

/** @internal the shape tests hold every answer to; the app builds envelopes with ok() and fail() */
export const EnvelopeSchema = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: ErrorShapeSchema })]);

export const ok = <T>(data: T): Envelope<T> => ({ ok: true, data });
export const fail = (error: AppErrorShape): Envelope<never> => ({ ok: false, error });
