import type { ErrorCode } from '@tutorgraph/core';
import { AppError, isAppError, isDatabaseUnavailableError } from '@tutorgraph/core';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';

/** The one table from error code to HTTP status. Domain errors never carry a status. */
export const STATUS_BY_CODE = {
  UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, INVALID_ARGUMENT: 400, CONFLICT: 409, RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415, INTERNAL: 500, UNAVAILABLE: 503,
  INVITE_INVALID: 404, INVITE_EXPIRED: 410, INVITE_REVOKED: 410, INVITE_ALREADY_MEMBER: 409, INVITE_ALREADY_ACCEPTED: 409,
} as const satisfies Record<ErrorCode, number>;

/** Writes `{ error: { code, message, details, request_id } }` with the mapped status. */
export function sendError(res: Response, error: AppError): void {
  const requestId = String(res.locals.requestId ?? '');
  res.status(STATUS_BY_CODE[error.code]).json({
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), request_id: requestId },
  });
}

function zodDetails(error: ZodError) {
  return { issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
}

/** Translates what express, body-parser, multer and zod throw into the error model. */
export function toAppError(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) return new AppError('INVALID_ARGUMENT', 'The request is not valid', zodDetails(error));
  if (isDatabaseUnavailableError(error)) {
    return new AppError('UNAVAILABLE', 'The database is not reachable right now. Try again in a few seconds.', { retry_after_s: 5 }, { cause: error });
  }
  if (error && typeof error === 'object') {
    const e = error as { type?: string; code?: string; status?: number; message?: string; field?: string };
    if (e.type === 'entity.too.large' || e.code === 'LIMIT_FILE_SIZE') {
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than this server accepts');
    }
    if (e.type === 'entity.parse.failed') return new AppError('INVALID_ARGUMENT', 'The request body is not valid JSON');
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request encoding');
    if (typeof e.code === 'string' && e.code.startsWith('LIMIT_')) return new AppError('INVALID_ARGUMENT', `Upload rejected: ${e.message ?? e.code}`, { field: e.field });
    // body-parser marks what the client caused (a body that claims gzip but is not, a cut-off stream): 4xx, never 500.
    if ((error as { expose?: unknown }).expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return new AppError(e.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : e.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_ARGUMENT', 'The request body could not be read');
    }
  }
  return undefined;
}

/** Central error handler: known errors in the error model; anything else a generic 500, the stack only in the log. */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) return next(error);
  const known = toAppError(error);
  if (known) {
    if (STATUS_BY_CODE[known.code] >= 500) req.log?.error({ err: error }, 'request failed');
    return sendError(res, known);
  }
  req.log?.error({ err: error }, 'unhandled error');
  return sendError(res, new AppError('INTERNAL', 'Something went wrong on our side. Try again; if it keeps happening, quote the request id.'));
};

/** Unknown routes get a 404 in the same shape. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendError(res, new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
