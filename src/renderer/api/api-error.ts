import { AppError, ERROR_CODES, type AppErrorShape, type ErrorCode } from '../../shared/errors';

/** An error envelope turned into something `catch` can switch on by `code`. */
export class ApiError extends AppError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'ApiError';
  }

  static from(shape: AppErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.details);
  }

  /** Anything thrown (a rejected IPC call, a bug) becomes an ApiError the UI can show. */
  static wrap(e: unknown): ApiError {
    if (e instanceof ApiError) return e;
    if (e instanceof AppError) return new ApiError(e.code, e.message, e.details);
    const message = e instanceof Error ? e.message : String(e);
    return new ApiError('INTERNAL', message || 'Unexpected error');
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
