import { html, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import { defineElement } from '../../../internal/define.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { consoleStyles } from '../course-console.styles.js';
import { consoleStrings } from './console-strings.js';
import { TgConsoleMastery } from './mastery-view.js';
import { TgConsoleGaps, TgConsoleQuestions } from './questions-view.js';
import { TgConsoleItems } from './items-view.js';
import { TgConsoleContent } from './content-view.js';
import { TgConsoleGrades, TgConsoleRoster } from './grades-view.js';

export const CONSOLE_VIEWS = ['mastery', 'questions', 'gaps', 'items', 'content', 'grades', 'roster'] as const;
export type ConsoleView = (typeof CONSOLE_VIEWS)[number];

/**
 * The lazily loaded course console: an ARIA tab list (arrow keys, Home, End) over one element per view.
 *
 * @example
 * <tg-course-console-app course-id="c1" view="gaps"></tg-course-console-app>
 */
export class TgCourseConsoleApp extends TgApiElement {
  static override styles = [tokens, base, consoleStyles];

  @state() view: ConsoleView = 'mastery';

  protected override render(): TemplateResult {
    const labels = consoleStrings.tabs;
    return html`<div class="tabs" role="tablist" aria-label=${consoleStrings.label} @keydown=${this.onTabKey}>
        ${CONSOLE_VIEWS.map((t) => html`<button type="button" role="tab" id="tab-${t}" aria-controls="panel"
          aria-selected=${t === this.view ? 'true' : 'false'} tabindex=${t === this.view ? 0 : -1}
          @click=${() => { this.view = t; }}>${labels[t]}</button>`)}
      </div>
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.view}">${this.renderView()}</div>`;
  }

  private renderView(): TemplateResult {
    const a = { base: this.apiBase, token: this.token, tenant: this.tenantId, course: this.course, theme: this.theme };
    // Each view reads the same connection; the provider (when there is one) reaches them through context.
    const attrs = (tpl: (x: typeof a) => TemplateResult) => tpl(a);
    switch (this.view) {
      case 'mastery': return attrs((x) => html`<tg-console-mastery .apiBase=${x.base} .token=${x.token} .tenantId=${x.tenant} .courseId=${x.course} .theme=${x.theme}></tg-console-mastery>`);
      case 'questions': return attrs((x) => html`<tg-console-questions .apiBase=${x.base} .token=${x.token} .tenantId=${x.tenant} .courseId=${x.course} .theme=${x.theme}></tg-console-questions>`);
      case 'gaps': return attrs((x) => html`<tg-console-gaps .apiBase=${x.base} .token=${x.token} .tenantId=${x.tenant} .courseId=${x.course} .theme=${x.theme}></tg-console-gaps>`);
      case 'items': return attrs((x) => html`<tg-console-items .apiBase=${x.base} .token=${x.token} .tenantId=${x.tenant} .courseId=${x.course} .theme=${x.theme}></tg-console-items>`);
      case 'content': return attrs((x) => html`<tg-console-content .apiBase=${x.base} .token=${x.token} .tenantId=${x.tenant} .courseId=${x.course} .theme=${x.theme}></tg-console-content>`);
      case 'grades': return attrs((x) => html`<tg-console-grades .apiBase=${x.base} .token=${x.token} .tenantId=${x.tenant} .courseId=${x.course} .theme=${x.theme}></tg-console-grades>`);
      case 'roster': return attrs((x) => html`<tg-console-roster .apiBase=${x.base} .token=${x.token} .tenantId=${x.tenant} .courseId=${x.course} .theme=${x.theme}></tg-console-roster>`);
    }
  }

  private async onTabKey(e: KeyboardEvent): Promise<void> {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const jump = e.key === 'Home' ? 0 : e.key === 'End' ? CONSOLE_VIEWS.length - 1 : -1;
    if (!step && jump < 0) return;
    e.preventDefault();
    const at = CONSOLE_VIEWS.indexOf(this.view);
    this.view = CONSOLE_VIEWS[jump >= 0 ? jump : (at + step + CONSOLE_VIEWS.length) % CONSOLE_VIEWS.length] ?? 'mastery';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#tab-${this.view}`)?.focus();
  }
}

defineElement('tg-console-mastery', TgConsoleMastery);
defineElement('tg-console-questions', TgConsoleQuestions);
defineElement('tg-console-gaps', TgConsoleGaps);
defineElement('tg-console-items', TgConsoleItems);
defineElement('tg-console-content', TgConsoleContent);
defineElement('tg-console-grades', TgConsoleGrades);
defineElement('tg-console-roster', TgConsoleRoster);
defineElement('tg-course-console-app', TgCourseConsoleApp);
