import { AppError, isAppError } from '@tutorgraph/core';

/** Deep enough for any body our contracts accept; deeper input is refused rather than walked. */
const MAX_DEPTH = 64;

function findNul(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key.includes('\u0000') || findNul(inner, depth + 1)) return true;
  }
  return false;
}

/**
 * Refuses NUL characters anywhere in params, query or body with INVALID_ARGUMENT: Postgres cannot store
 * them in text, so they used to surface as 500s from deep inside a use case (issue #15).
 *
 * @example
 * rejectNulBytes(req.params, req.query, req.body);
 */
export function rejectNulBytes(...parts: unknown[]): void {
  if (parts.some((part) => findNul(part, 0))) throw new AppError('INVALID_ARGUMENT', 'The request contains a NUL character');
}

/**
 * A multipart stream the parser could not read (no boundary, a cut-off part, too many fields) is the
 * client's mistake: INVALID_ARGUMENT, or PAYLOAD_TOO_LARGE for the size limit — never a 500.
 *
 * @example
 * upload.single('file')(req, res, (error) => next(error && toMultipartError(error)));
 */
export function toMultipartError(error: unknown): unknown {
  if (isAppError(error)) return error;
  const e = error as { code?: unknown; message?: unknown; field?: unknown };
  if (e?.code === 'LIMIT_FILE_SIZE') return error;
  const reason = typeof e?.code === 'string' && e.code.startsWith('LIMIT_') ? String(e.message) : 'the multipart body could not be read';
  return new AppError('INVALID_ARGUMENT', `Upload rejected: ${reason}`, typeof e?.field === 'string' ? { field: e.field } : undefined, { cause: error });
}

/**
 * The uploaded file's name as the user wrote it: multipart parsers hand over the header bytes as latin1,
 * which garbled non-ASCII names ('â\x80®'); names with control characters (CR, NUL) are refused.
 *
 * @example
 * uploadedFileName('Ã©tude.pdf'); // → 'étude.pdf'
 */
export function uploadedFileName(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  const utf8 = bytes.toString('utf8');
  const name = raw === bytes.toString('latin1') && !utf8.includes('\uFFFD') ? utf8 : raw;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new AppError('INVALID_ARGUMENT', 'The file name contains control characters');
  return name;
}
