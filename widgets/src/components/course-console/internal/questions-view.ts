import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { consoleStyles } from '../course-console.styles.js';
import { consoleStrings as s } from './console-strings.js';
import { cell, when } from './format.js';
import type { GapReportWire, QuestionLogWire } from './types.js';

/**
 * What students ask: the question log filtered by topic, date and answered or not, with the feedback each answer got.
 *
 * @example
 * <tg-console-questions course-id="c1"></tg-console-questions>
 */
export class TgConsoleQuestions extends TgApiElement {
  static override styles = [tokens, base, consoleStyles];

  @state() protected log?: QuestionLogWire;
  @state() protected filter: { topic: string; from: string; to: string; answered: string } = { topic: '', from: '', to: '', answered: '' };

  protected override reload(): void {
    if (!this.course) return;
    const q = new URLSearchParams();
    if (this.filter.topic) q.set('topic_id', this.filter.topic);
    if (this.filter.from) q.set('from', this.filter.from);
    if (this.filter.to) q.set('to', this.filter.to);
    if (this.filter.answered) q.set('answered', this.filter.answered);
    const path = `/courses/${encodeURIComponent(this.course)}/analytics/questions${q.size ? `?${q}` : ''}`;
    void this.run((c) => c.get<QuestionLogWire>(path), () => this.reload()).then((r) => { if (r) this.log = r; });
  }

  private apply(e: Event): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.filter = { topic: String(data.get('topic') ?? ''), from: String(data.get('from') ?? ''), to: String(data.get('to') ?? ''), answered: String(data.get('answered') ?? '') };
    this.reload();
  }

  protected override render(): TemplateResult {
    const log = this.log;
    return html`<form class="filters" @submit=${this.apply} aria-label=${s.filter}>
        <label>${s.topic}<select name="topic"><option value="">${s.allTopics}</option>
          ${(log?.topics ?? []).map((t) => html`<option value=${t.id} ?selected=${t.id === this.filter.topic}>${t.title}</option>`)}</select></label>
        <label>${s.from}<input type="date" name="from" .value=${this.filter.from}></label>
        <label>${s.to}<input type="date" name="to" .value=${this.filter.to}></label>
        <label>${s.status}<select name="answered"><option value="">${s.all}</option>
          <option value="true" ?selected=${this.filter.answered === 'true'}>${s.answered}</option>
          <option value="false" ?selected=${this.filter.answered === 'false'}>${s.notAnswered}</option></select></label>
        <button type="submit">${s.filter}</button>
      </form>
      ${this.renderStatus()}
      ${!log ? nothing : log.items.length === 0 ? html`<p class="muted">${s.noQuestions}</p>` : html`<table class="full cards" aria-label=${s.tabs.questions}>
        <thead><tr><th scope="col">${s.question}</th><th scope="col">${s.askedBy}</th><th scope="col">${s.when}</th><th scope="col">${s.topic}</th>
          <th scope="col">${s.status}</th><th scope="col">${s.feedback}</th></tr></thead>
        <tbody>${log.items.map((q) => html`<tr>${cell(s.question, html`${q.text}${q.comments.length ? html`<ul>${q.comments.map((c) => html`<li class="muted">“${c}”</li>`)}</ul>` : nothing}`)}
          ${cell(s.askedBy, q.user_name ?? '—')}${cell(s.when, when(q.created_at))}${cell(s.topic, q.topic?.title ?? '—')}
          ${cell(s.status, q.answered === false ? s.notAnswered : q.answered ? s.answered : '—', q.answered === false ? 'error-text' : '')}
          ${cell(s.feedback, html`helpful ${q.feedback.helpful} · not helpful ${q.feedback.not_helpful}<br><span class="muted">grounded ${q.feedback.grounded} · not grounded ${q.feedback.not_grounded}</span>`)}</tr>`)}
        </tbody></table>`}`;
  }
}

/**
 * The course-gap report: unanswered questions clustered by what they are about, most learners first.
 *
 * @example
 * <tg-console-gaps course-id="c1"></tg-console-gaps>
 */
export class TgConsoleGaps extends TgApiElement {
  static override styles = [tokens, base, consoleStyles];

  @state() protected report?: GapReportWire;

  protected override reload(): void {
    if (!this.course) return;
    void this.run((c) => c.get<GapReportWire>(`/courses/${encodeURIComponent(this.course ?? '')}/analytics/gaps`), () => this.reload())
      .then((r) => { if (r) this.report = r; });
  }

  protected override render(): TemplateResult {
    const r = this.report;
    return html`<p>${s.gapsIntro}</p>${this.renderStatus()}
      ${!r ? nothing : r.clusters.length === 0 ? html`<p class="muted">${s.noGaps}</p>` : html`<ol class="plain">${r.clusters.map((c) => html`<li class="card">
        <h3>${c.label}</h3>
        <p class="row"><span class="badge">${s.learnersAsked(c.learners)}</span><span class="badge">${s.questionsN(c.questions)}</span>
          <span class="muted">${when(c.last_asked_at)}</span></p>
        <ul>${c.examples.map((e) => html`<li>${e.text}</li>`)}</ul></li>`)}</ol>`}`;
  }
}
