import type { ErrorCode } from '../contracts/errors.js';

/**
 * The one error type of the domain. It carries a code from the error model, never an HTTP status:
 * the HTTP shell maps codes to statuses in one table.
 *
 * @example
 * throw new AppError('NOT_FOUND', 'Course not found', { course_id: id });
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

/** Type guard for AppError that also works across module copies. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && 'code' in error);
}

export const notFound = (what: string, details?: Record<string, unknown>) => new AppError('NOT_FOUND', `${what} not found`, details);
export const forbidden = (message = 'You do not have access to this resource') => new AppError('FORBIDDEN', message);
export const invalidArgument = (message: string, details?: Record<string, unknown>) => new AppError('INVALID_ARGUMENT', message, details);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError('CONFLICT', message, details);
