import { z } from 'zod';
import { pacer, type Pace } from '../core/event-loop';

/**
 * `schema.safeParse(value)` for results that can be long lists (hundreds of containers, a check of
 * a thousand specs): checking one in a single go holds the event loop for tens of milliseconds, so
 * the items of a list are checked one by one, with the loop handed back every few hundred.
 *
 * Only the outer layers are taken apart: a plain array (its items are parsed whole), or a plain
 * object whose fields are such arrays or are parsed whole. Anything with refinements or a
 * catch-all is parsed whole, as zod would. When something fails, the whole value is parsed again
 * so the error reads exactly as zod's own (a failing result is a bug, not a hot path).
 */
export async function safeParseSliced<T extends z.ZodType>(schema: T, value: unknown): Promise<z.ZodSafeParseResult<z.output<T>>> {
  const result = await parseObject(schema, value, pacer({ every: 256 }));
  return result.ok ? { success: true, data: result.data as z.output<T> } : schema.safeParse(value);
}

type Parsed = { ok: true; data: unknown } | { ok: false };
type Schema = z.core.$ZodType;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function parseObject(schema: Schema, value: unknown, pace: Pace): Promise<Parsed> {
  if (!(schema instanceof z.ZodObject) || schema.def.checks?.length || schema.def.catchall !== undefined || !isPlainObject(value)) {
    return parseArray(schema, value, pace);
  }
  const data: Record<string, unknown> = {};
  for (const [key, field] of Object.entries((schema as z.ZodObject<z.ZodRawShape>).shape)) {
    const r = await parseArray(field, value[key], pace);
    if (!r.ok) return r;
    // As zod: an absent optional key stays absent, a default fills it in.
    if (key in value || r.data !== undefined) data[key] = r.data;
  }
  return { ok: true, data };
}

async function parseArray(schema: Schema, value: unknown, pace: Pace): Promise<Parsed> {
  if (!(schema instanceof z.ZodArray) || schema.def.checks?.length || !Array.isArray(value)) return parseWhole(schema, value);
  const element: Schema = schema.element;
  const data: unknown[] = [];
  for (const item of value) {
    const r = parseWhole(element, item);
    if (!r.ok) return r;
    data.push(r.data);
    await pace();
  }
  return { ok: true, data };
}

function parseWhole(schema: Schema, value: unknown): Parsed {
  const r = z.safeParse(schema, value);
  return r.success ? { ok: true, data: r.data } : { ok: false };
}
