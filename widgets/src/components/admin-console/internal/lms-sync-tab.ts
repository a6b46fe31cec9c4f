import { css, html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import type { CourseLtiStatus } from '../../../api/api-types.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';
import { formatTime } from './confirm.js';

/** How often the tab refreshes while a roster sync or a passback is still on its way. */
const POLL_MS = 2000;

/**
 * A course's link to its LMS, for instructors: the last roster sync (when, result, counts, reason when it
 * failed) with "Sync roster now", and the grade passbacks to the LMS gradebook (state, score, reason) with
 * "Send again" for failed ones. Polls while something is queued.
 *
 * @example
 * <tg-admin-lms-sync course-id="c1"></tg-admin-lms-sync>
 */
export class TgAdminLmsSync extends TgApiElement {
  static override styles = [tokens, base, adminStyles, css`section + section { margin-top: calc(var(--_space) * 3); }`];

  @state() protected status?: CourseLtiStatus;
  @state() protected notice = '';
  private poll?: ReturnType<typeof setTimeout>;
  private syncRequested = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.poll);
  }

  protected override reload(options: { quiet?: boolean } = {}): void {
    if (!this.course) return;
    const path = `/courses/${encodeURIComponent(this.course)}/lti/status`;
    const before = this.status?.roster.last_sync_at;
    void this.run((c) => c.get<CourseLtiStatus>(path), () => this.reload(), options).then((status) => {
      if (!status) return;
      this.status = status;
      if (this.syncRequested && status.roster.last_sync_at !== before) this.syncRequested = false;
      clearTimeout(this.poll);
      const sending = status.passback.recent.some((p) => p.status === 'queued');
      if (sending || this.syncRequested) this.poll = setTimeout(() => this.reload({ quiet: true }), POLL_MS);
    });
  }

  protected override render(): TemplateResult {
    const st = this.status;
    if (!st) return html`${this.renderStatus()}`;
    const s = adminStrings.lms;
    return html`${this.renderStatus()}
      <p role="status" class="muted">${this.notice}</p>
      ${st.linked ? html`${this.renderRoster(st)}${this.renderPassbacks(st)}` : html`<p>${s.notLinked}</p>`}`;
  }

  private renderRoster(st: CourseLtiStatus): TemplateResult {
    const s = adminStrings.lms;
    const r = st.roster;
    const badge = r.status === 'succeeded' ? html`<span class="badge ok">${s.syncOk}</span>`
      : r.status === 'failed' ? html`<span class="badge bad">${s.syncFailed}</span>` : nothing;
    return html`<section><h3>${s.rosterHeading}</h3>
      ${r.last_sync_at ? html`<p>${badge} ${s.lastSync(formatTime(r.last_sync_at))}</p>` : html`<p class="muted">${s.neverSynced}</p>`}
      ${r.error ? html`<p class="error-text">${r.error}</p>` : nothing}
      ${r.counts ? html`<div class="stats">${Object.entries(r.counts).map(([key, n]) =>
        html`<div class="stat"><strong>${n}</strong>${s.counts[key] ?? key}</div>`)}</div>` : nothing}
      <button type="button" ?disabled=${this.syncRequested} @click=${this.syncNow}>${s.syncNow}</button></section>`;
  }

  private renderPassbacks(st: CourseLtiStatus): TemplateResult {
    const s = adminStrings.lms;
    const recent = st.passback.recent;
    const tone = (status: string) => (status === 'sent' ? 'ok' : status === 'failed' ? 'bad' : status === 'queued' ? 'busy' : 'warn');
    return html`<section><h3>${s.passbackHeading}</h3>
      ${recent.length === 0 ? html`<p class="muted">${s.noPassbacks}</p>` : html`
      <div class="stats">${Object.entries(st.passback.counts).map(([key, n]) =>
        html`<div class="stat"><strong>${n}</strong>${s.passbackStatus[key] ?? key}</div>`)}</div>
      <table aria-label=${s.passbackHeading}>
        <thead><tr><th scope="col">${s.learner}</th><th scope="col">${adminStrings.columns.status}</th><th scope="col">${s.score}</th>
          <th scope="col">${s.updated}</th><th scope="col">${s.error}</th><th scope="col"><span class="visually-hidden">${adminStrings.columns.actions}</span></th></tr></thead>
        <tbody>${recent.map((p) => html`<tr>
          <td>${p.user_name ?? p.user_id.slice(0, 8)}</td>
          <td><span class="badge ${tone(p.status)}" data-state=${p.status}>${s.passbackStatus[p.status] ?? p.status}</span></td>
          <td>${p.score_given === null ? '—' : `${p.score_given} / ${p.score_maximum ?? 100}`}</td>
          <td>${formatTime(p.updated_at)}</td>
          <td>${p.last_error ?? ''}</td>
          <td>${p.status === 'failed' ? html`<button type="button" aria-label=${s.retryFor(p.user_name ?? p.user_id)}
            @click=${() => this.retry(p.attempt_id)}>${s.retry}</button>` : nothing}</td>
        </tr>`)}</tbody>
      </table>`}</section>`;
  }

  private async syncNow(): Promise<void> {
    const path = `/courses/${encodeURIComponent(this.course ?? '')}/lti/roster-sync`;
    this.syncRequested = true;
    const queued = await this.run((c) => c.post(path), () => void this.syncNow());
    if (!queued) { this.syncRequested = false; return; }
    this.notice = adminStrings.lms.syncQueued;
    this.reload({ quiet: true });
  }

  private async retry(attemptId: string): Promise<void> {
    const queued = await this.run((c) => c.post(`/attempts/${encodeURIComponent(attemptId)}/lti-passback/retry`), () => void this.retry(attemptId));
    if (!queued) return;
    this.notice = adminStrings.lms.retryQueued;
    this.reload({ quiet: true });
  }
}
