import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../internal/api-element.js';
import { strings } from '../../i18n/strings.js';
import { tokens } from '../../styles/tokens.styles.js';
import { base } from '../../styles/base.styles.js';

/**
 * Administration for instructors and tenant admins: documents (upload with progress, live job status, retry,
 * cancel, reindex, delete), members and roles, invites, SSO, API keys for host sites, audit log, LTI registrations and course
 * analytics. This element is a small shell: the console itself is a separate chunk loaded on first use, so
 * pages that only ask questions never download it.
 *
 * @example
 * <tg-admin-console api-base="https://tg.example.edu" token="eyJ…" course-id="c1" tenant-id="t1"></tg-admin-console>
 *
 * @tag tg-admin-console
 * @event tg-upload - A document upload finished: `{ documentId, title }`.
 * @event tg-error - An API call failed: `{ code, message, status, requestId }`.
 * @event tg-session-expired - The token was rejected.
 * @csspart console - The loaded console.
 * @csspart banner - Status and error banners.
 * @cssproperty --tg-admin-console-accent - Accent colour of tabs and badges.
 */
export class TgAdminConsole extends TgApiElement {
  static override styles = [tokens, base];

  @state() private isLoaded = false;
  @state() private loadError?: unknown;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadConsole();
  }

  private async loadConsole(): Promise<void> {
    try {
      await import('./internal/admin-console-app.js');
      this.isLoaded = true;
    } catch (cause) {
      this.loadError = cause;
      console.error('tg-admin-console: could not load the console chunk', cause);
    }
  }

  protected override render(): TemplateResult {
    if (this.loadError) {
      return html`<div class="banner error" part="banner" role="alert"><span>${strings.common.genericError}</span>
        <button type="button" @click=${() => { this.loadError = undefined; void this.loadConsole(); }}>${strings.common.retry}</button></div>`;
    }
    if (!this.isLoaded) {
      return html`<p class="muted" role="status"><span class="spinner" aria-hidden="true"></span> ${strings.common.loadingConsole}</p>`;
    }
    return html`<tg-admin-console-app part="console" api-base=${this.apiBase ?? nothing} token=${this.token ?? nothing}
      tenant-id=${this.tenantId ?? nothing} course-id=${this.courseId ?? nothing} theme=${this.theme ?? nothing}></tg-admin-console-app>`;
  }
}
