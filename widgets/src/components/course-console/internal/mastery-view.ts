import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { consoleStyles } from '../course-console.styles.js';
import { consoleStrings as s } from './console-strings.js';
import { band, cell, masteryText, when } from './format.js';
import type { CourseAnalyticsWire, LearnerDrilldownWire } from './types.js';

type Learner = CourseAnalyticsWire['learners'][number];

/**
 * Class mastery: stats, the distribution of course mastery, who has not started, and the learner × topic heatmap
 * as a sortable table with text values; a learner's name opens their drill-down.
 *
 * @example
 * <tg-console-mastery course-id="c1"></tg-console-mastery>
 */
export class TgConsoleMastery extends TgApiElement {
  static override styles = [tokens, base, consoleStyles];

  @state() protected data?: CourseAnalyticsWire;
  @state() protected sortKey = 'name';
  @state() protected isDescending = false;
  @state() protected learner?: LearnerDrilldownWire;

  protected override reload(): void {
    if (!this.course) return;
    void this.run((c) => c.get<CourseAnalyticsWire>(`/courses/${encodeURIComponent(this.course ?? '')}/analytics`), () => this.reload())
      .then((r) => { if (r) this.data = r; });
  }

  private async openLearner(userId: string): Promise<void> {
    const path = `/courses/${encodeURIComponent(this.course ?? '')}/analytics/learners/${encodeURIComponent(userId)}`;
    const r = await this.run((c) => c.get<LearnerDrilldownWire>(path), () => void this.openLearner(userId));
    if (!r) return;
    this.learner = r;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#learner-heading')?.focus();
  }

  private async closeLearner(): Promise<void> {
    const id = this.learner?.user_id;
    this.learner = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-learner="${id}"]`)?.focus();
  }

  private sortBy(key: string): void {
    this.isDescending = this.sortKey === key ? !this.isDescending : key !== 'name';
    this.sortKey = key;
  }

  private sorted(learners: Learner[]): Learner[] {
    const value = (l: Learner): string | number => {
      if (this.sortKey === 'name') return l.name.toLowerCase();
      if (this.sortKey === 'course') return l.mastery ?? -1;
      return l.topics.find((t) => t.topic_id === this.sortKey)?.mastery ?? -1;
    };
    const dir = this.isDescending ? -1 : 1;
    return [...learners].sort((a, b) => { const x = value(a); const y = value(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
  }

  protected override render(): TemplateResult {
    if (this.learner) return this.renderLearner(this.learner);
    const d = this.data;
    if (!d) return html`${this.renderStatus()}`;
    const stat = (label: string, value: number) => html`<div class="stat"><strong>${value}</strong>${label}</div>`;
    const max = Math.max(1, ...d.distribution.map((b) => b.learners));
    return html`${this.renderStatus()}
      <div class="stats">${stat(s.learners, d.learners_total)} ${stat(s.started, d.learners_started)} ${stat(s.attempts, d.attempts)}
        ${stat(s.questionsAsked, d.questions_asked)} ${stat(s.unanswered, d.unanswered_questions)}</div>
      <h3>${s.distribution}</h3>
      <div class="bars">${d.distribution.map((b) => html`<div class="bar"><span>${b.from}–${b.to}%</span>
        <span><span class="fill" style="width:${(100 * b.learners) / max}%"></span></span><span>${b.learners}</span></div>`)}</div>
      <h3>${s.notStarted}</h3>
      ${d.not_started.length ? html`<ul>${d.not_started.map((l) => html`<li>${l.name}</li>`)}</ul>` : html`<p class="muted">${s.everyoneStarted}</p>`}
      <h3 id="heatmap-title">${s.heatmap}</h3>
      <p class="muted" id="heatmap-hint">${s.heatmapHint}</p>
      ${d.learners.length === 0 ? html`<p class="muted">${s.noLearners}</p>` : this.renderHeatmap(d)}`;
  }

  private renderHeatmap(d: CourseAnalyticsWire): TemplateResult {
    const sortAttr = (key: string) => (this.sortKey === key ? (this.isDescending ? 'descending' : 'ascending') : 'none');
    const header = (key: string, label: string) => html`<th scope="col" aria-sort=${sortAttr(key)}>
      <button type="button" class="sort" @click=${() => this.sortBy(key)}>${label}</button></th>`;
    return html`<div class="scroll" tabindex="0" role="region" aria-labelledby="heatmap-title">
      <table aria-labelledby="heatmap-title" aria-describedby="heatmap-hint">
        <thead><tr>${header('name', s.learner)}${header('course', s.course)}${d.topics.map((t) => header(t.id, t.title))}</tr></thead>
        <tbody>${this.sorted(d.learners).map((l) => html`<tr>
          <th scope="row"><button type="button" class="link" data-learner=${l.user_id} @click=${() => void this.openLearner(l.user_id)}
            aria-label=${s.open(l.name)}>${l.name}</button></th>
          <td class="cell ${band(l.mastery)}">${masteryText(l.mastery, l.uncertainty)}</td>
          ${l.topics.map((c) => html`<td class="cell ${c.evidence > 0 ? band(c.mastery) : ''}">${c.evidence > 0 ? masteryText(c.mastery, c.uncertainty) : '—'}</td>`)}
        </tr>`)}</tbody>
      </table></div>`;
  }

  private renderLearner(l: LearnerDrilldownWire): TemplateResult {
    const touched = l.topics.filter((t) => t.evidence > 0);
    return html`${this.renderStatus()}
      <button type="button" @click=${() => void this.closeLearner()}>← ${s.back}</button>
      <h3 id="learner-heading" tabindex="-1">${l.name}</h3>
      <p>${s.course}: <strong>${l.course ? masteryText(l.course.mastery, l.course.uncertainty) : '—'}</strong>
        ${l.course ? html`(${l.course.evidence} ${s.evidence.toLowerCase()})` : nothing}</p>
      <h4>${s.mastery}</h4>
      ${touched.length === 0 ? html`<p class="muted">—</p>` : html`<table class="full cards" aria-label=${s.mastery}><thead><tr><th scope="col">${s.topic}</th><th scope="col">${s.mastery}</th>
        <th scope="col">${s.uncertainty}</th><th scope="col">${s.evidence}</th></tr></thead>
        <tbody>${touched.map((t) => html`<tr><th scope="row">${t.title}</th>${cell(s.mastery, t.mastery === null ? '—' : `${Math.round(t.mastery)}%`, `cell ${band(t.mastery)}`)}
          ${cell(s.uncertainty, t.uncertainty === null ? '—' : `± ${Math.round(t.uncertainty)}`, 'cell')}${cell(s.evidence, t.evidence, 'cell')}</tr>`)}</tbody></table>`}
      <h4>${s.attempts}</h4>
      ${l.attempts.length === 0 ? html`<p class="muted">—</p>` : html`<table class="full cards" aria-label=${s.attempts}><thead><tr><th scope="col">${s.when}</th><th scope="col">${s.score}</th><th scope="col">Tier</th></tr></thead>
        <tbody>${l.attempts.map((a) => html`<tr>${cell(s.when, when(a.created_at))}${cell(s.score, `${a.score}/${a.max_score} (${Math.round(a.percent)}%)`)}${cell('Tier', a.tier)}</tr>`)}</tbody></table>`}
      <h4>${s.questionsAsked}</h4>
      ${l.questions.length === 0 ? html`<p class="muted">—</p>` : html`<ul>${l.questions.map((q) => html`<li>${q.text}
        <span class="muted">— ${q.found === false ? s.notAnswered : s.answered}, ${when(q.created_at)}</span></li>`)}</ul>`}`;
  }
}
