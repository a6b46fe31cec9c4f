import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import type { CourseAnalyticsWire } from '../../../../../core/src/contracts/analytics.js';
import { strings } from '../../../i18n/strings.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';

/**
 * Course analytics: questions asked, answer feedback, weak topics across learners, recent questions — the summary of
 * `GET /courses/:id/analytics` (the whole picture is the course console, `tg-course-console`).
 *
 * @example
 * <tg-admin-analytics course-id="c1"></tg-admin-analytics>
 */
export class TgAdminAnalytics extends TgApiElement {
  static override styles = [tokens, base, adminStyles];

  @state() protected analytics?: CourseAnalyticsWire;

  protected override reload(): void {
    if (!this.course) return;
    const path = `/courses/${encodeURIComponent(this.course)}/analytics`;
    void this.run((c) => c.get<CourseAnalyticsWire>(path), () => this.reload()).then((r) => { if (r) this.analytics = r; });
  }

  protected override render(): TemplateResult {
    const s = adminStrings;
    const a = this.analytics;
    if (!a) return html`${this.renderStatus()}`;
    const f = a.feedback;
    const stat = (label: string, value: number) => html`<div class="stat"><strong>${value}</strong>${label}</div>`;
    const questions = a.recent_questions;
    return html`${this.renderStatus()}
      <div class="stats">
        ${stat(s.questionsAsked, a.questions_asked)} ${stat(s.helpfulVotes, f.helpful)} ${stat(s.notHelpfulVotes, f.not_helpful)}
        ${stat(s.groundedVotes, f.grounded)} ${stat(s.notGroundedVotes, f.not_grounded)}
      </div>
      ${!a.questions_asked && !a.weak_topics.length ? html`<p class="muted">${s.noAnalytics}</p>` : nothing}
      ${a.weak_topics.length ? html`<h3>${s.weakAcross}</h3>
        <table aria-label=${s.weakAcross}><thead><tr><th scope="col">${s.columns.topic}</th><th scope="col">${strings.mastery.label}</th><th scope="col">${s.columns.learners}</th></tr></thead>
        <tbody>${a.weak_topics.map((t) => html`<tr><td>${t.title}</td><td>${Math.round(t.mastery)}%</td><td>${s.learners(t.learners)}</td></tr>`)}</tbody></table>` : nothing}
      ${questions.length ? html`<h3>${s.recentQuestions}</h3>
        <ul>${questions.map((q) => html`<li>${q.question}</li>`)}</ul>` : nothing}`;
  }
}
