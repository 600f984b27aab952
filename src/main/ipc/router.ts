import { channels, ERROR_DETAILS_SCHEMAS, fail, ok, type ChannelName, type Envelope, type Handlers } from '../../shared/contract';
import { isAppError, type AppError, type AppErrorShape } from '../../shared/errors';
import { safeParseSliced } from './sliced-parse';

export type Invoke = (channel: string, payload: unknown) => Promise<Envelope<unknown>>;

const isChannel = (name: string): name is ChannelName => Object.prototype.hasOwnProperty.call(channels, name);

/**
 * An AppError as it crosses the bridge: its details checked against its code's schema. Details
 * that break it are dropped (and reported) rather than sent malformed; the code and message stay.
 */
function checkedError(err: AppError, channel: string, report: (err: unknown) => void): AppErrorShape {
  const shape = err.toJSON();
  if (shape.details === undefined) return shape;
  const parsed = ERROR_DETAILS_SCHEMAS[shape.code].safeParse(shape.details);
  if (parsed.success) return { ...shape, details: parsed.data };
  report(new Error(`Details of a ${shape.code} error from ${channel} break the contract, dropped: ${parsed.error.message}`));
  return { code: shape.code, message: shape.message };
}

/**
 * Binds the contract to its handlers for any transport. Every request is validated before a
 * handler sees it; every failure becomes an envelope with a code, never a thrown error.
 */
export function createRouter(handlers: Handlers, onInternalError: (err: unknown) => void = console.error): Invoke {
  return async (channel, payload) => {
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return fail({ code: 'INVALID_INPUT', message: `Unknown channel: ${String(channel).slice(0, 100)}` });
    }
    const parsed = channels[channel].request.safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) {
      return fail({
        code: 'INVALID_INPUT',
        message: `Invalid request for ${channel}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}`,
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
      });
    }
    try {
      const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
      const result = await handler(parsed.data);
      const checked = await safeParseSliced(channels[channel].result, result);
      if (!checked.success) {
        onInternalError(new Error(`Result of ${channel} breaks the contract: ${checked.error.message}`));
        return fail({ code: 'INTERNAL', message: `Container Kit produced an invalid result for ${channel}.` });
      }
      return ok(checked.data);
    } catch (err) {
      if (isAppError(err)) return fail(checkedError(err, channel, onInternalError));
      onInternalError(err);
      return fail({ code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) });
    }
  };
}
