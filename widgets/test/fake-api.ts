/**
 * A fake TutorGraph API for browser tests and the accessibility/screenshot pages: it replaces `fetch` and
 * `XMLHttpRequest` (uploads) with routes answered in memory, and records every call.
 *
 * @example
 * const api = new FakeApi().on('POST', '/v1/courses/:id/query', { body: reply }).install();
 * … api.restore();
 */
export interface FakeRequest { method: string; path: string; url: string; body: unknown; headers: Record<string, string>; params: Record<string, string> }
export interface FakeResponse { status?: number; body?: unknown; headers?: Record<string, string> }
export type FakeHandler = FakeResponse | ((req: FakeRequest) => FakeResponse | Promise<FakeResponse>);

interface Route { method: string; pattern: RegExp; names: string[]; handler: FakeHandler }

/** The server's error body. */
export const errorBody = (code: string, message = `${code} from the fake API`): unknown =>
  ({ error: { code, message, details: {}, request_id: 'req-test-1' } });

/** A response that never arrives (loading states). */
export const never = (): Promise<FakeResponse> => new Promise(() => {});

export class FakeApi {
  readonly calls: FakeRequest[] = [];
  private routes: Route[] = [];
  private originalFetch = globalThis.fetch;
  private originalXhr = globalThis.XMLHttpRequest;
  /** When set, every request fails as if the network were down. */
  isNetworkDown = false;

  /** Adds a route; later routes win, `:name` segments become params, the query string is ignored. */
  on(method: string, path: string, handler: FakeHandler): this {
    const names: string[] = [];
    const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, n: string) => { names.push(n); return '([^/]+)'; })}$`);
    this.routes.unshift({ method, pattern, names, handler });
    return this;
  }

  /** Installs the fake `fetch` and `XMLHttpRequest`. */
  install(): this {
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => this.fetch(String(input), init ?? {});
    const answer = this.answer.bind(this);
    globalThis.XMLHttpRequest = class extends FakeXhr { protected override answer = answer; } as unknown as typeof XMLHttpRequest;
    return this;
  }

  restore(): void {
    globalThis.fetch = this.originalFetch;
    globalThis.XMLHttpRequest = this.originalXhr;
  }

  /** Answers one request through the routes (used by both fakes). */
  async answer(method: string, url: string, body: unknown, headers: Record<string, string>): Promise<FakeResponse> {
    const path = new URL(url, 'http://fake.test').pathname;
    for (const route of this.routes) {
      const match = route.method === method ? route.pattern.exec(path) : null;
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]));
      const req = { method, path, url, body, headers, params };
      this.calls.push(req);
      return typeof route.handler === 'function' ? route.handler(req) : route.handler;
    }
    this.calls.push({ method, path, url, body, headers, params: {} });
    return { status: 404, body: errorBody('NOT_FOUND', `no fake route for ${method} ${path}`) };
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    if (this.isNetworkDown) throw new TypeError('Failed to fetch');
    // The API client's CORS-or-offline probe (no-cors GET /health) reaches a server only when a test says one answers.
    if (init.mode === 'no-cors' && !this.routes.some((r) => r.method === 'GET' && r.pattern.test('/health'))) throw new TypeError('Failed to fetch');
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body ?? undefined;
    const res = await this.answer(init.method ?? 'GET', url, body, headers);
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return new Response(res.body === undefined ? null : JSON.stringify(res.body),
      { status: res.status ?? 200, headers: { 'Content-Type': 'application/json', ...res.headers } });
  }
}

/** Minimal XMLHttpRequest for uploads: reports progress at half and full, then answers through the routes. */
class FakeXhr extends EventTarget {
  protected answer!: FakeApi['answer'];
  readonly upload = new EventTarget();
  status = 0;
  responseText = '';
  private method = 'GET';
  private url = '';
  private headers: Record<string, string> = {};
  private responseHeaders: Record<string, string> = {};

  open(method: string, url: string): void { this.method = method; this.url = url; }
  setRequestHeader(name: string, value: string): void { this.headers[name] = value; }
  getResponseHeader(name: string): string | null { return this.responseHeaders[name] ?? null; }

  send(body: FormData): void {
    const file = body.get('file');
    const total = file instanceof File ? file.size : 0;
    const progress = (loaded: number) => this.upload.dispatchEvent(Object.assign(new Event('progress'), { loaded, total, lengthComputable: true }));
    setTimeout(async () => {
      progress(Math.floor(total / 2));
      progress(total);
      const res = await this.answer(this.method, this.url, body, this.headers);
      this.status = res.status ?? 200;
      this.responseText = res.body === undefined ? '' : JSON.stringify(res.body);
      this.responseHeaders = res.headers ?? {};
      this.dispatchEvent(new Event('load'));
    }, 10);
  }
}
