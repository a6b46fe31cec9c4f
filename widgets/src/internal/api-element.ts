import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { ApiClient } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import { sessionContext, type TgSession } from '../context/session-context.js';
import { emit } from '../events/events.js';
import { strings } from '../i18n/strings.js';

/** Where an element's last API call stands. */
export type LoadState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'failed'; error: ApiError; retry: () => void; retryAt: number };

/**
 * Base of every data-driven `tg-*` element: resolves the API client from its own attributes or from
 * `<tg-provider>`, runs calls through one state machine (loading → ready | failed) and renders every failure
 * view: offline, 429 wait-and-retry, session expired, 403, 404, error banner with retry.
 *
 * @example
 * class TgThing extends TgApiElement {
 *   protected override reload() { void this.run((c) => c.get('/me'), () => this.reload()); }
 * }
 */
export class TgApiElement extends LitElement {
  /** Base URL of the TutorGraph server; with it the element works without a provider. */
  @property({ attribute: 'api-base' }) apiBase?: string;
  /** Bearer token for standalone use. */
  @property() token?: string;
  /** Tenant id sent as `X-Tenant-Id` for standalone use. */
  @property({ attribute: 'tenant-id' }) tenantId?: string;
  /** Course the element works on; falls back to the provider's. */
  @property({ attribute: 'course-id' }) courseId?: string;
  /** `light` or `dark`; unset follows the provider, then `prefers-color-scheme`. */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  @consume({ context: sessionContext, subscribe: true })
  @state() protected session?: TgSession;

  @state() protected load: LoadState = { kind: 'idle' };
  @state() protected now = Date.now();
  @state() protected isOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
  @state() private isWaitingToRetry = false;

  private ownClient?: ApiClient;
  private ticker: ReturnType<typeof setInterval> | undefined;

  private readonly onOnline = (): void => {
    this.isOffline = false;
    if (this.load.kind === 'failed' && this.load.error.kind === 'offline') this.load.retry();
  };
  private readonly onOffline = (): void => { this.isOffline = true; };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.stopTicker();
  }

  /** The client from own attributes (they win) or the provider; undefined when not configured. */
  protected get client(): ApiClient | undefined {
    if (!this.apiBase) return this.session?.client;
    const o = this.ownClient?.options;
    if (!o || o.apiBase !== this.apiBase || o.token !== this.token || o.tenantId !== this.tenantId) {
      this.ownClient = new ApiClient({ apiBase: this.apiBase, token: this.token, tenantId: this.tenantId });
    }
    return this.ownClient;
  }

  /** Course id from the attribute or the provider. */
  protected get course(): string | undefined { return this.courseId ?? this.session?.courseId; }

  /** Subclasses load what they show; called whenever the connection (client, course) changes. */
  protected reload(): void {}

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('session') && this.session?.theme && !this.hasAttribute('theme')) this.theme = this.session.theme;
    // Reloading here (not in updated()) folds the "loading" state into this same render.
    const keys = ['apiBase', 'token', 'tenantId', 'courseId', 'session'] as const;
    if (keys.some((k) => changed.has(k)) && this.client) this.reload();
  }

  /**
   * Runs one API call with loading/failed bookkeeping. Returns undefined when it failed (the failure is shown
   * and dispatched as `tg-error`, so the caller has nothing left to do).
   */
  protected async run<T>(
    task: (client: ApiClient) => Promise<T>, retry: () => void, options: { quiet?: boolean } = {},
  ): Promise<T | undefined> {
    const client = this.client;
    if (!client) return undefined;
    // Quiet calls (background polls) keep what is on screen instead of flashing "Loading…".
    if (!options.quiet) this.load = { kind: 'loading' };
    try {
      const result = await task(client);
      this.load = { kind: 'ready' };
      return result;
    } catch (cause) {
      this.fail(cause, retry);
      return undefined;
    }
  }

  /** Shows a failure and tells the host page; non-API errors are bugs and are rethrown after showing. */
  protected fail(cause: unknown, retry: () => void): void {
    const error = cause instanceof ApiError ? cause
      : new ApiError('INTERNAL', strings.common.genericError, 0, {}, null, null, { cause });
    const retryAt = error.retryAfterSeconds ? Date.now() + error.retryAfterSeconds * 1000 : 0;
    this.load = { kind: 'failed', error, retry, retryAt };
    this.isWaitingToRetry = false;
    if (retryAt) this.startTicker();
    emit(this, 'tg-error', { code: error.code, message: error.message, status: error.status, requestId: error.requestId });
    if (error.kind === 'session-expired') emit(this, 'tg-session-expired', { status: error.status });
    if (!(cause instanceof ApiError)) queueMicrotask(() => { throw cause; });
  }

  /** True while a call is in flight. */
  protected get isBusy(): boolean { return this.load.kind === 'loading'; }

  /** The banner for the current state (or nothing when all is well). */
  protected renderStatus(loadingText: string = strings.common.loading): TemplateResult | typeof nothing {
    const s = strings.common;
    if (!this.client) return html`<div class="banner warning" part="banner" role="status">${s.notConfigured}</div>`;
    if (this.load.kind === 'loading') {
      return html`<p class="muted" part="status" role="status"><span class="spinner" aria-hidden="true"></span> ${loadingText}</p>`;
    }
    if (this.isOffline && this.load.kind !== 'failed') return html`<div class="banner warning" part="banner" role="status">${s.offline}</div>`;
    if (this.load.kind !== 'failed') return nothing;
    const { error, retry } = this.load;
    const retryButton = html`<button type="button" @click=${retry}>${s.retry}</button>`;
    switch (error.kind) {
      case 'offline':
        return html`<div class="banner warning" part="banner" role="alert"><span>${s.offline}</span>${retryButton}</div>`;
      case 'rate-limited': return this.renderRateLimited(retry);
      case 'session-expired':
        return html`<div class="banner warning" part="banner" role="alert"><span>${this.session?.sessionExpiredMessage ?? s.sessionExpired}</span></div>`;
      case 'forbidden': return html`<div class="banner error" part="banner" role="alert">${s.forbidden}</div>`;
      case 'not-found': return html`<div class="banner error" part="banner" role="alert">${s.notFound}</div>`;
      default:
        return html`<div class="banner error" part="banner" role="alert">
          <span>${error.message || s.genericError}
            ${error.requestId ? html`<span class="ref">${s.requestId(error.requestId)}</span>` : nothing}</span>
          ${retryButton}</div>`;
    }
  }

  private renderRateLimited(retry: () => void): TemplateResult {
    const s = strings.common;
    const retryAt = this.load.kind === 'failed' ? this.load.retryAt : 0;
    const seconds = Math.max(0, Math.ceil((retryAt - this.now) / 1000));
    const action = seconds === 0
      ? html`<button type="button" @click=${retry}>${s.retryNow}</button>`
      : this.isWaitingToRetry
        ? html`<span>${s.waiting(seconds)}</span><button type="button" @click=${() => { this.isWaitingToRetry = false; }}>${s.cancel}</button>`
        : html`<button type="button" @click=${() => { this.isWaitingToRetry = true; }}>${s.waitAndRetry}</button>`;
    return html`<div class="banner warning" part="banner" role="alert"><span>${s.rateLimited(seconds)}</span>${action}</div>`;
  }

  private startTicker(): void {
    this.stopTicker();
    this.now = Date.now();
    this.ticker = setInterval(() => {
      this.now = Date.now();
      if (this.load.kind !== 'failed' || this.now >= this.load.retryAt) {
        this.stopTicker();
        if (this.load.kind === 'failed' && this.isWaitingToRetry) this.load.retry();
      }
    }, 250);
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }
}
