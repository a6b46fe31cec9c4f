import { strings } from '../i18n/strings.js';
import { ApiError, CLIENT_ERROR_CODES, toApiError } from './api-error.js';

/** How to reach the API. */
export interface ApiClientOptions {
  /** Origin or base URL of the tool server; `/v1` is appended unless already there. */
  apiBase: string;
  /** Bearer token (the short-lived app token minted at launch/login). */
  token?: string | undefined;
  /** Sent as `X-Tenant-Id` when the user belongs to several tenants. */
  tenantId?: string | undefined;
  /**
   * Returns a fresh token, or null to give up. Called before a request when the token (a JWT) is about to
   * expire — a quarter of its lifetime before, at most {@link RENEW_AHEAD_MAX_MS} — and once on a 401.
   */
  refreshToken?: (() => Promise<string | null>) | undefined;
}

/** The longest the client renews a token ahead of its `exp`. */
export const RENEW_AHEAD_MAX_MS = 60_000;

/**
 * When a JWT's `exp` and `iat` say it expires (ms since the epoch), read without verifying: it only times the
 * renewal, the server still decides. Undefined for a token that is not a JWT or has no `exp`.
 *
 * @example
 * tokenTiming(token)?.expiresAt; // 1767225600000
 */
export function tokenTiming(token: string): { expiresAt: number; issuedAt: number | undefined } | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown; iat?: unknown };
    if (typeof json.exp !== 'number') return undefined;
    return { expiresAt: json.exp * 1000, issuedAt: typeof json.iat === 'number' ? json.iat * 1000 : undefined };
  } catch {
    return undefined;
  }
}

/** Method + JSON body, or FormData for uploads. */
export interface RequestOptions { signal?: AbortSignal | undefined }

/** Upload progress in bytes. */
export type ProgressListener = (loaded: number, total: number) => void;

/**
 * The typed API client: Bearer token, `X-Tenant-Id`, the error model mapped to {@link ApiError},
 * offline detection, token renewal ahead of expiry and one refresh attempt on 401. Uses `globalThis.fetch` at call time so a page or a
 * test can swap it.
 *
 * @example
 * const client = new ApiClient({ apiBase: 'https://tg.example.edu', token });
 * const reply = await client.post<QueryResponse>(`/courses/${id}/query`, { question: 'What is ATP?' });
 */
export class ApiClient {
  /** The renewal in flight, shared by concurrent requests. */
  private renewing: Promise<boolean> | undefined;
  /** A token whose renewal ahead of expiry was refused: not asked again for it (the 401 path still is). */
  private renewalRefusedFor: string | undefined;

  constructor(readonly options: ApiClientOptions) {}

  /** Full URL for an API path such as `/courses/1/query`. */
  url(path: string): string {
    const base = this.options.apiBase.replace(/\/+$/, '');
    return `${/\/v1$/.test(base) ? base : `${base}/v1`}${path}`;
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> { return this.request<T>('GET', path, undefined, options); }
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> { return this.request<T>('POST', path, body ?? {}, options); }
  put<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> { return this.request<T>('PUT', path, body, options); }
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> { return this.request<T>('PATCH', path, body, options); }
  delete<T>(path: string, options?: RequestOptions): Promise<T> { return this.request<T>('DELETE', path, undefined, options); }

  /** Sends one request; throws {@link ApiError} for every failure, including no network. */
  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}, isRetry = false): Promise<T> {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      throw new ApiError(CLIENT_ERROR_CODES.offline, 'offline', 0);
    }
    if (!isRetry) await this.renewIfDue();
    let response: Response;
    try {
      response = await globalThis.fetch(this.url(path), {
        method,
        headers: this.headers(body !== undefined),
        body: body === undefined ? null : JSON.stringify(body),
        signal: options.signal ?? null,
      });
    } catch (cause) {
      if ((cause as { name?: string }).name === 'AbortError') throw cause;
      // A failed fetch is CORS or no connection; a no-cors probe tells them apart (it resolves, opaque, whenever the server answers).
      const origin = new URL(this.url('/')).origin;
      const isReachable = await globalThis.fetch(`${origin}/health`, { mode: 'no-cors' }).then(() => true, () => false);
      if (isReachable) throw new ApiError(CLIENT_ERROR_CODES.originRefused, strings.common.originRefused(origin), 0, {}, null, null, { cause });
      throw new ApiError(CLIENT_ERROR_CODES.network, 'network error', 0, {}, null, null, { cause });
    }
    if (response.status === 401 && !isRetry && (await this.refresh())) {
      return this.request<T>(method, path, body, options, true);
    }
    const text = await response.text();
    if (!response.ok) throw toApiError(response.status, text, response.headers.get('Retry-After'));
    return (text ? JSON.parse(text) : {}) as T;
  }

  /**
   * Multipart upload through XMLHttpRequest, because fetch cannot report upload progress.
   *
   * @example
   * await client.upload(`/courses/${id}/documents`, form, (loaded, total) => …);
   */
  async upload<T>(path: string, form: FormData, onProgress: ProgressListener): Promise<T> {
    await this.renewIfDue();
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.url(path));
      for (const [name, value] of Object.entries(this.headers(false))) xhr.setRequestHeader(name, value);
      xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
      xhr.addEventListener('load', () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          resolve((xhr.responseText ? JSON.parse(xhr.responseText) : {}) as T);
        } else {
          reject(toApiError(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
        }
      });
      xhr.addEventListener('error', () => reject(new ApiError(CLIENT_ERROR_CODES.network, 'network error', 0)));
      xhr.send(form);
    });
  }

  private headers(hasJsonBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (hasJsonBody) headers['Content-Type'] = 'application/json';
    if (this.options.token) headers.Authorization = `Bearer ${this.options.token}`;
    if (this.options.tenantId) headers['X-Tenant-Id'] = this.options.tenantId;
    return headers;
  }

  /** Renews the token first when it is inside its renewal window (see {@link ApiClientOptions.refreshToken}). */
  private async renewIfDue(): Promise<void> {
    const token = this.options.token;
    if (!token || !this.options.refreshToken || token === this.renewalRefusedFor) return;
    const timing = tokenTiming(token);
    if (!timing) return;
    const lifetime = timing.expiresAt - (timing.issuedAt ?? timing.expiresAt - 4 * RENEW_AHEAD_MAX_MS);
    if (Date.now() < timing.expiresAt - Math.min(RENEW_AHEAD_MAX_MS, lifetime / 4)) return;
    // Not renewed (the launch ended): go on with the token while it lasts; a 401 then reports the session.
    if (!(await this.refresh())) this.renewalRefusedFor = token;
  }

  private refresh(): Promise<boolean> {
    this.renewing ??= (async () => {
      if (!this.options.refreshToken) return false;
      const token = await this.options.refreshToken();
      if (!token) return false;
      this.options.token = token;
      return true;
    })().finally(() => { this.renewing = undefined; });
    return this.renewing;
  }
}
