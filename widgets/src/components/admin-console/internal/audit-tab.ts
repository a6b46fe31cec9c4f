import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import type { AuditEntry, PageResponse } from '../../../api/api-types.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';
import { formatTime } from './confirm.js';

const FILTERS = ['action', 'actor', 'target', 'from', 'to'] as const;

/**
 * What the target is, in words an admin recognises (title, file, email, score), from the entry's metadata;
 * the id stays beside it for the Target filter.
 *
 * @example
 * targetDetail({ metadata: { title: 'Biology 101' } }) // "Biology 101"
 */
export function targetDetail(entry: Pick<AuditEntry, 'metadata'>): string {
  const m = entry.metadata ?? {};
  const text = (key: string) => (typeof m[key] === 'string' && m[key] ? String(m[key]) : '');
  if (typeof m.score === 'number' && typeof m.max_score === 'number') return `${m.score} of ${m.max_score}`;
  if (typeof m.tier === 'number') return `level ${m.tier}`;
  return text('title') || text('file_name') || text('name') || text('email');
}

/**
 * The tenant's audit log with filters (action, actor, target, date range) and cursor paging.
 *
 * @example
 * <tg-admin-audit tenant-id="t1"></tg-admin-audit>
 */
export class TgAdminAudit extends TgApiElement {
  static override styles = [tokens, base, adminStyles];

  @state() protected entries?: AuditEntry[];
  @state() protected cursor: string | null = null;
  private filters = new URLSearchParams();

  protected override reload(): void { void this.fetchPage(false); }

  private async fetchPage(append: boolean): Promise<void> {
    if (!this.tenantId) return;
    const params = new URLSearchParams(this.filters);
    if (append && this.cursor) params.set('cursor', this.cursor);
    const path = `/tenants/${encodeURIComponent(this.tenantId)}/audit${params.size ? `?${params}` : ''}`;
    const page = await this.run((c) => c.get<PageResponse<AuditEntry>>(path), () => void this.fetchPage(append));
    if (!page) return;
    this.entries = append ? [...(this.entries ?? []), ...page.items] : page.items ?? [];
    this.cursor = page.next_cursor ?? null;
  }

  protected override render(): TemplateResult {
    const s = adminStrings;
    const labels = { action: s.auditAction, actor: s.auditActor, target: s.auditTarget, from: s.auditFrom, to: s.auditTo };
    return html`<form class="grid" aria-label=${s.filters} @submit=${this.onFilter}>
        ${FILTERS.map((f) => html`<label>${labels[f]}<input name=${f} type=${f === 'from' || f === 'to' ? 'date' : 'text'}></label>`)}
        <button type="submit">${s.apply}</button>
      </form>
      ${this.renderStatus()}
      ${!this.entries ? nothing : !this.entries.length ? html`<p class="muted">${s.noAudit}</p>` : html`
      <table aria-label=${s.tabs.audit}>
        <thead><tr><th scope="col">${s.columns.time}</th><th scope="col">${s.auditAction}</th><th scope="col">${s.auditActor}</th><th scope="col">${s.auditTarget}</th></tr></thead>
        <tbody>${this.entries.map((e) => html`<tr>
          <td>${formatTime(e.created_at)}</td><td><code>${e.action}</code></td><td>${e.actor?.email ?? '—'}</td>
          <td>${e.target_type}${targetDetail(e) ? html`: ${targetDetail(e)}` : nothing}
            ${e.target_id ? html`<br><code class="muted">${e.target_id}</code>` : nothing}</td></tr>`)}</tbody>
      </table>
      ${this.cursor ? html`<button type="button" @click=${() => void this.fetchPage(true)}>${s.loadMore}</button>` : nothing}`}`;
  }

  private onFilter(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.filters = new URLSearchParams();
    for (const f of FILTERS) {
      const value = String(data.get(f) ?? '').trim();
      if (value) this.filters.set(f, value);
    }
    void this.fetchPage(false);
  }
}
