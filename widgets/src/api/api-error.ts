/**
 * Codes a widget can meet: the server's error model plus two the browser adds (no network, no connection at all).
 */
export const CLIENT_ERROR_CODES = { offline: 'OFFLINE', network: 'NETWORK_ERROR', originRefused: 'ORIGIN_REFUSED' } as const;

/** What the UI does with an error: one view per kind. */
export type ErrorKind = 'offline' | 'rate-limited' | 'session-expired' | 'forbidden' | 'not-found' | 'error';

/**
 * An API failure in the server's error model `{ error: { code, message, details, request_id } }`.
 *
 * @example
 * try { await client.get('/me'); } catch (e) { if (e instanceof ApiError && e.kind === 'forbidden') … }
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
    readonly requestId: string | null = null,
    /** Seconds from the `Retry-After` header (429/503), else null. */
    readonly retryAfterSeconds: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Which view fits this error. */
  get kind(): ErrorKind {
    if (this.code === CLIENT_ERROR_CODES.offline || this.code === CLIENT_ERROR_CODES.network) return 'offline';
    if (this.status === 429 || this.code === 'RATE_LIMITED') return 'rate-limited';
    if (this.status === 401 || this.code === 'UNAUTHENTICATED') return 'session-expired';
    if (this.status === 403 || this.code === 'FORBIDDEN') return 'forbidden';
    if (this.status === 404 || this.code === 'NOT_FOUND') return 'not-found';
    return 'error';
  }
}

/**
 * Parses a `Retry-After` header: delta seconds or an HTTP date. Unknown → 1 s, so a retry never spins.
 *
 * @example
 * parseRetryAfter('7') // 7
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number {
  if (!header) return 1;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1 : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Turns a non-2xx response body into an {@link ApiError}, leniently (proxies send HTML).
 *
 * @example
 * throw toApiError(503, '{"error":{"code":"UNAVAILABLE","message":"down","request_id":"r1"}}', null);
 */
export function toApiError(status: number, bodyText: string, retryAfter: string | null): ApiError {
  let parsed: unknown;
  try { parsed = JSON.parse(bodyText); } catch { parsed = undefined; }
  const err = (parsed as { error?: Record<string, unknown> } | undefined)?.error;
  const code = typeof err?.code === 'string' ? err.code : fallbackCode(status);
  const message = typeof err?.message === 'string' ? err.message : `HTTP ${status}`;
  const details = (err?.details && typeof err.details === 'object' ? err.details : {}) as Record<string, unknown>;
  const requestId = typeof err?.request_id === 'string' ? err.request_id : null;
  const wait = status === 429 || status === 503 ? parseRetryAfter(retryAfter) : null;
  return new ApiError(code, message, status, details, requestId, wait);
}

function fallbackCode(status: number): string {
  const table: Record<number, string> = {
    400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'RATE_LIMITED', 503: 'UNAVAILABLE',
  };
  return table[status] ?? 'INTERNAL';
}
