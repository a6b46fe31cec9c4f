import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { TgApiElement } from '../../internal/api-element.js';
import { defineElement } from '../../internal/define.js';
import { strings } from '../../i18n/strings.js';
import { tokens } from '../../styles/tokens.styles.js';
import { base } from '../../styles/base.styles.js';

/**
 * The teacher's course console: class mastery (learner × topic heatmap, distribution, who has not started,
 * drill-down), what students ask and what the course cannot answer (question log, course-gap report), item review
 * (approve, edit, retire), content (upload, status with reasons, rename, delete, re-index, preview), grades sent to
 * the LMS and the roster. Instructors and admins only (learners get 403 from its API). This element is a small
 * shell: the console is a separate chunk loaded on first use, so learner pages never download it.
 *
 * @example
 * <tg-course-console api-base="https://tg.example.edu" token="eyJ…" course-id="c1"></tg-course-console>
 *
 * @tag tg-course-console
 * @event tg-error - An API call failed: `{ code, message, status, requestId }`.
 * @event tg-session-expired - The token was rejected.
 * @csspart console - The loaded console.
 * @csspart banner - Status and error banners.
 * @cssproperty --tg-course-console-accent - Accent colour of tabs and bars.
 */
export class TgCourseConsole extends TgApiElement {
  static override styles = [tokens, base];

  /** The view opened first: mastery, questions, gaps, items, content, grades or roster. @defaultValue 'mastery' */
  @property() view = 'mastery';
  @state() private isLoaded = false;
  @state() private loadError?: unknown;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadConsole();
  }

  private async loadConsole(): Promise<void> {
    try {
      await import('./internal/course-console-app.js');
      this.isLoaded = true;
    } catch (cause) {
      this.loadError = cause;
      console.error('tg-course-console: could not load the console chunk', cause);
    }
  }

  protected override render(): TemplateResult {
    if (this.loadError) {
      return html`<div class="banner error" part="banner" role="alert"><span>${strings.common.genericError}</span>
        <button type="button" @click=${() => { this.loadError = undefined; void this.loadConsole(); }}>${strings.common.retry}</button></div>`;
    }
    if (!this.isLoaded) return html`<p class="muted" role="status"><span class="spinner" aria-hidden="true"></span> ${strings.common.loadingConsole}</p>`;
    return html`<tg-course-console-app part="console" .view=${this.view as never} api-base=${this.apiBase ?? nothing} token=${this.token ?? nothing}
      tenant-id=${this.tenantId ?? nothing} course-id=${this.course ?? nothing} theme=${this.theme ?? nothing}></tg-course-console-app>`;
  }
}

defineElement('tg-course-console', TgCourseConsole);

declare global {
  interface HTMLElementTagNameMap { 'tg-course-console': TgCourseConsole }
}
