import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { consoleStyles } from '../course-console.styles.js';
import { consoleStrings as s } from './console-strings.js';
import { cell, when } from './format.js';
import type { CourseGradesWire, CourseRosterWire } from './types.js';

/** Downloads a CSV export with the element's credentials (a plain link could not send the bearer token). */
async function download(root: HTMLElement | DocumentFragment, path: string, fileName: string, client: { url(p: string): string; options: { token?: string | undefined; tenantId?: string | undefined } }): Promise<void> {
  const headers: Record<string, string> = {};
  if (client.options.token) headers.Authorization = `Bearer ${client.options.token}`;
  if (client.options.tenantId) headers['X-Tenant-Id'] = client.options.tenantId;
  const res = await fetch(client.url(path), { headers });
  if (!res.ok) throw new Error(`export failed: ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: fileName });
  root.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Passback = CourseGradesWire['placements'][number]['passbacks'][number];

/** `sent`, `failed: <why the LMS refused it>`, `queued (retrying after: <last error>)`. */
function passbackStatus(b: Passback): string {
  if (b.status === 'failed') return `${s.failedBecause}: ${b.last_error ?? s.noReason}`;
  if (b.status === 'queued' && b.last_error) return `${b.status} (${s.retrying}: ${b.last_error})`;
  return b.status;
}

/** What the LMS received (`80/100`), else what the learner got on the attempt and that the LMS does not have it. */
function passbackScore(b: Passback): TemplateResult | string {
  if (b.score_given !== null) return `${b.score_given}/${b.score_maximum ?? '—'}`;
  if (b.attempt_percent === null) return '—';
  const note = b.status === 'queued' ? s.notSentYet : s.notReceived;
  return html`${b.attempt_percent}/100 <span class="muted">(${note})</span>`;
}

/**
 * Grades: per placement the grade policy and what was sent to the LMS with its state; CSV exports of mastery and grades.
 *
 * @example
 * <tg-console-grades course-id="c1"></tg-console-grades>
 */
export class TgConsoleGrades extends TgApiElement {
  static override styles = [tokens, base, consoleStyles];

  @state() protected grades?: CourseGradesWire;

  protected override reload(): void {
    if (!this.course) return;
    void this.run((c) => c.get<CourseGradesWire>(`/courses/${encodeURIComponent(this.course ?? '')}/analytics/grades`), () => this.reload())
      .then((r) => { if (r) this.grades = r; });
  }

  private export(kind: 'mastery' | 'grades'): void {
    const client = this.client;
    if (!client) return;
    void this.run(() => download(this.renderRoot, `/courses/${encodeURIComponent(this.course ?? '')}/analytics/export?kind=${kind}`, `course-${kind}.csv`, client), () => this.export(kind), { quiet: true });
  }

  protected override render(): TemplateResult {
    const g = this.grades;
    return html`<div class="row exports"><button type="button" @click=${() => this.export('mastery')}>${s.exportMastery}</button>
        <button type="button" @click=${() => this.export('grades')}>${s.exportGrades}</button></div>
      ${this.renderStatus()}
      <h3>${s.placements}</h3>
      ${!g ? nothing : g.placements.length === 0 ? html`<p class="muted">${s.noPlacements}</p>` : g.placements.map((p) => html`<section class="card" aria-label=${p.title}>
        <h4>${p.title} <span class="muted">(${p.widget})</span></h4>
        <p>${s.gradePolicy}: <strong>${p.grade_policy}</strong> · ${s.sent} ${p.counts.sent} · ${s.queued} ${p.counts.queued} · ${s.failed} ${p.counts.failed} · ${s.skipped} ${p.counts.skipped}</p>
        ${p.passbacks.length ? html`<table class="full cards" aria-label=${`${s.sentToLms}: ${p.title}`}><thead><tr><th scope="col">${s.learner}</th><th scope="col">${s.status}</th>
          <th scope="col">${s.score}</th><th scope="col">${s.when}</th></tr></thead>
          <tbody>${p.passbacks.map((b) => html`<tr>${cell(s.learner, b.user_name ?? '—')}
            ${cell(s.status, passbackStatus(b), b.status === 'failed' ? 'error-text' : '')}${cell(s.score, passbackScore(b))}${cell(s.when, when(b.sent_at ?? b.updated_at))}</tr>`)}</tbody></table>` : nothing}
      </section>`)}`;
  }
}

/**
 * Roster: the course's people with their last activity, and the LMS roster sync state.
 *
 * @example
 * <tg-console-roster course-id="c1"></tg-console-roster>
 */
export class TgConsoleRoster extends TgApiElement {
  static override styles = [tokens, base, consoleStyles];

  @state() protected roster?: CourseRosterWire;

  protected override reload(): void {
    if (!this.course) return;
    void this.run((c) => c.get<CourseRosterWire>(`/courses/${encodeURIComponent(this.course ?? '')}/analytics/roster`), () => this.reload())
      .then((r) => { if (r) this.roster = r; });
  }

  protected override render(): TemplateResult {
    const r = this.roster;
    if (!r) return html`${this.renderStatus()}`;
    return html`${this.renderStatus()}
      <h3>${s.lmsSync}</h3>
      ${r.lms ? html`<p>${r.lms.last_sync_status ?? '—'} · ${when(r.lms.last_sync_at)}${r.lms.last_sync_error ? html` · <span class="error-text">${r.lms.last_sync_error}</span>` : nothing}</p>`
        : html`<p class="muted">${s.notLinked}</p>`}
      <table class="full cards" aria-label=${s.tabs.roster}><thead><tr><th scope="col">${s.learner}</th><th scope="col">${s.role}</th><th scope="col">${s.status}</th>
        <th scope="col">${s.lastActive}</th></tr></thead>
        <tbody>${r.items.map((m) => html`<tr>${cell(s.learner, html`${m.name}${m.email ? html`<br><span class="muted">${m.email}</span>` : nothing}`)}${cell(s.role, m.role)}
          ${cell(s.status, m.status)}${cell(s.lastActive, m.last_active_at ? when(m.last_active_at) : s.never)}</tr>`)}</tbody></table>`;
  }
}
