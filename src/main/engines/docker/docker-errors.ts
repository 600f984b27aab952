import { AppError } from '../../../shared/errors';

interface DockerodeError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | string | null;
  reason?: string;
  message?: string;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTSOCK']);

/**
 * libpod's "no such object" errors. Podman's compat API answers them with a 500 when the object
 * goes away while the request runs ("container … does not exist in database: no such container",
 * seen when a list's inspect races a removal): that is a 404, and callers that skip vanished
 * objects must see it as one.
 */
const PODMAN_NO_SUCH = /\bno such (container|network|image|volume|pod|exec session)\b/i;

function engineMessage(e: DockerodeError): string {
  if (e.json && typeof e.json === 'object' && e.json.message) return e.json.message;
  if (typeof e.json === 'string' && e.json.trim()) return e.json.trim();
  return e.reason || e.message || 'unknown engine error';
}

/**
 * Turns what dockerode throws into an AppError whose code the UI can act on. `what` names the
 * object ("container web") so a 404 reads as "No such container web", not "(HTTP code 404)".
 */
export function toAppError(err: unknown, endpoint: string, what?: string): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as DockerodeError;
  if (e.code === 'EACCES') {
    return new AppError('ENGINE_UNAVAILABLE', `Permission denied on ${endpoint}: add your user to the engine's group or use a rootless socket.`, { endpoint });
  }
  if (e.code && UNREACHABLE.has(e.code)) {
    return new AppError('ENGINE_UNAVAILABLE', `The engine at ${endpoint} is not answering (${e.code}).`, { endpoint });
  }
  const message = engineMessage(e);
  switch (e.statusCode) {
    case 400:
      return new AppError('INVALID_INPUT', message, { endpoint });
    case 404:
      return new AppError('NOT_FOUND', what ? `No such ${what}: ${message}` : message, { endpoint });
    case 409:
      return new AppError('CONFLICT', message, { endpoint });
    case 500:
      if (PODMAN_NO_SUCH.test(message)) return new AppError('NOT_FOUND', what ? `No such ${what}: ${message}` : message, { endpoint });
      return new AppError('ENGINE_ERROR', message, { endpoint, statusCode: 500 });
    default:
      return new AppError('ENGINE_ERROR', message, { endpoint, statusCode: e.statusCode ?? null });
  }
}
