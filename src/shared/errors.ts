/** Error codes that cross the IPC bridge. The renderer switches on these, never on messages. */
export const ERROR_CODES = ['INVALID_INPUT', 'NOT_FOUND', 'ENGINE_UNAVAILABLE', 'ENGINE_ERROR', 'CONFLICT', 'UNAUTHORIZED', 'UNSUPPORTED', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** A typed error that keeps its code (and what the user needs to fix it) across every transport. */
export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toJSON(): AppErrorShape {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
