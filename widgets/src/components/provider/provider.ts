import { LitElement, html, css, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { ApiClient } from '../../api/api-client.js';
import { sessionContext, type TgSession } from '../../context/session-context.js';
import { emit } from '../../events/events.js';

/**
 * Supplies one API client and the session (course, tenant, theme) to every `tg-*` element inside it.
 * Setting a new `token` (say after the host page re-authenticates) reaches all descendants at once, and they
 * reload. On a 401 it calls `refreshToken` once if the page set one, and a token it returns goes into the same
 * client, so nothing reloads (an LTI launch page renews this way: a quiz keeps its answers). Otherwise the
 * element that met the 401 dispatches `tg-session-expired` and shows `session-expired-message` if set (an LMS
 * has no "sign in again").
 *
 * @example
 * <tg-provider api-base="https://tg.example.edu" token="eyJ…" course-id="c1">
 *   <tg-ask-panel></tg-ask-panel>
 * </tg-provider>
 *
 * @attr session-expired-message - What elements say when the token cannot be renewed.
 * @tag tg-provider
 * @slot - The `tg-*` elements (and any other content) that share this session.
 * @event tg-session-expired - Bubbles up from descendants when the token can no longer be used.
 */
export class TgProvider extends LitElement {
  static override styles = css`:host { display: contents; }`;

  /** Base URL of the TutorGraph server (`/v1` is appended). */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Short-lived app token sent as a Bearer token. */
  @property() token = '';
  /** Tenant id sent as `X-Tenant-Id`. */
  @property({ attribute: 'tenant-id' }) tenantId?: string;
  /** Default course for descendants. */
  @property({ attribute: 'course-id' }) courseId?: string;
  /** `light` or `dark` for all descendants; unset follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme?: 'light' | 'dark';
  /** Optional: returns a fresh token after a 401, or null to report the session as expired. */
  @property({ attribute: false }) refreshToken?: () => Promise<string | null>;

  @provide({ context: sessionContext })
  protected session?: TgSession;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const keys = ['apiBase', 'token', 'tenantId', 'courseId', 'theme', 'refreshToken'] as const;
    if (!keys.some((k) => changed.has(k))) return;
    // A token refreshToken returned is already in the client: keep the session, so nothing reloads.
    if (keys.every((k) => k === 'token' || !changed.has(k)) && this.session?.client.options.token === this.token) return;
    const client = new ApiClient({
      apiBase: this.apiBase,
      token: this.token,
      tenantId: this.tenantId,
      refreshToken: () => this.refresh(),
    });
    // A new object each time: context consumers compare by identity, so this is what makes them reload.
    this.session = {
      client, courseId: this.courseId, tenantId: this.tenantId, theme: this.theme,
      sessionExpiredMessage: this.getAttribute('session-expired-message') ?? undefined,
    };
  }

  private async refresh(): Promise<string | null> {
    if (!this.refreshToken) return null;
    try {
      const fresh = await this.refreshToken();
      if (fresh && this.session) this.session.client.options.token = fresh;
      if (fresh) this.token = fresh;
      return fresh;
    } catch (cause) {
      // The page's refresher failed: the session is over; the caller reports it, keep the reason visible.
      console.warn('tg-provider: refreshToken failed', cause);
      emit(this, 'tg-session-expired', { status: 401 });
      return null;
    }
  }

  protected override render(): unknown { return html`<slot></slot>`; }
}
