import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import { ApiError } from '../../../api/api-error.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { consoleStyles } from '../course-console.styles.js';
import { consoleStrings as s } from './console-strings.js';
import type { ItemReviewListWire, ReviewItemWire, UpdateItemRequestWire } from './types.js';

/**
 * Item review: every served quiz item with its key, cited passage, automatic checks and live statistics;
 * approve, edit or retire (retired items are never served again), and what the quality gate held back.
 *
 * @example
 * <tg-console-items course-id="c1"></tg-console-items>
 */
export class TgConsoleItems extends TgApiElement {
  static override styles = [tokens, base, consoleStyles];

  @state() protected list?: ItemReviewListWire;
  @state() protected editing?: string;
  @state() protected notice = '';
  /** Why the API refused an item's last change (an edit the quality gate would hold back), shown in its card. */
  @state() protected refusals: Record<string, string> = {};

  private get base(): string { return `/courses/${encodeURIComponent(this.course ?? '')}/analytics/items`; }

  protected override reload(): void {
    if (!this.course) return;
    void this.run((c) => c.get<ItemReviewListWire>(this.base), () => this.reload()).then((r) => { if (r) this.list = r; });
  }

  private async updateItem(item: ReviewItemWire, body: UpdateItemRequestWire, message: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    const { [item.item_key]: _previous, ...others } = this.refusals;
    this.refusals = others;
    let updated: ReviewItemWire;
    try {
      updated = await client.patch<ReviewItemWire>(`${this.base}/${item.item_key}`, body);
    } catch (cause) {
      // A refused change is about this item: its reason goes next to it (the edit form stays open with the teacher's text).
      if (cause instanceof ApiError && cause.code === 'INVALID_ARGUMENT') {
        this.refusals = { ...this.refusals, [item.item_key]: cause.message };
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>(`#refusal-${item.item_key}`)?.focus();
      } else {
        this.fail(cause, () => void this.updateItem(item, body, message));
      }
      return;
    }
    if (!this.list) return;
    this.list = { ...this.list, items: this.list.items.map((i) => (i.item_key === updated.item_key ? updated : i)) };
    this.editing = undefined;
    this.notice = message;
  }

  private save(e: Event, item: ReviewItemWire): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const choices = item.choices.map((_, i) => String(data.get(`choice-${i}`) ?? ''));
    void this.updateItem(item, {
      prompt: String(data.get('prompt') ?? ''), explanation: String(data.get('explanation') ?? ''), ...(item.type === 'multiple_choice' ? { choices } : {}),
    }, `${s.save}: ${item.prompt.slice(0, 60)}`);
  }

  protected override render(): TemplateResult {
    const l = this.list;
    return html`<p>${s.itemsIntro}</p>${this.renderStatus()}
      <p class="visually-hidden" role="status" aria-live="polite">${this.notice}</p>
      ${!l ? nothing : l.items.length === 0 ? html`<p class="muted">${s.noItems}</p>` : html`<ul class="plain">${l.items.map((i) => this.renderItem(i))}</ul>`}
      ${l && l.rejected.length ? html`<details><summary>${s.rejected} (${l.rejected.length})</summary><ul>${l.rejected.map((r) => html`<li>${r.prompt}
        <span class="muted">— ${r.reasons.join('; ')}${r.times > 1 ? ` (×${r.times})` : ''}</span></li>`)}</ul></details>` : nothing}`;
  }

  private renderItem(i: ReviewItemWire): TemplateResult {
    const id = `item-${i.item_key}`;
    const st = i.stats;
    return html`<li class="card" data-item=${i.item_key} aria-labelledby=${id}>
      <h3 id=${id}>${i.prompt}</h3>
      <p class="row"><span class="badge ${i.status}">${i.status}</span>${i.is_edited ? html`<span class="badge">edited</span>` : nothing}
        <span class="muted">${i.type.replace('_', ' ')} · tier ${i.tier}${i.topic ? ` · ${i.topic.title}` : ''}</span></p>
      ${i.choices.length ? html`<ol type="A">${i.choices.map((c) => html`<li>${c}${c === i.key ? html` <strong>(${s.key.toLowerCase()})</strong>` : nothing}</li>`)}</ol>`
        : html`<p>${s.key}: <strong>${i.key}</strong></p>`}
      ${i.passages.slice(0, 1).map((p) => html`<p class="muted">${s.passage}: ${p.document_title}${p.heading ? ` — ${p.heading}` : ''}</p><blockquote>${p.text.slice(0, 400)}${p.text.length > 400 ? '…' : ''}</blockquote>`)}
      <p><strong>${s.statistics}:</strong> ${st.answered} answered of ${st.served} served · ${s.pValue} ${st.p_value ?? '—'} · ${s.discrimination} ${st.discrimination ?? '—'}</p>
      ${st.choice_counts.length ? html`<p class="muted">${s.chosen}: ${st.choice_counts.map((c) => `${c.choice}${c.is_key ? ' (key)' : ''} ${c.count}`).join(' · ')}</p>` : nothing}
      <ul class="plain">${i.checks.map((c) => html`<li class=${c.passed ? 'ok-text' : 'error-text'}>${c.passed ? '✓' : '✗'} ${c.name}: ${c.detail}</li>`)}</ul>
      ${this.editing === i.item_key ? this.renderEdit(i) : html`<div class="row">
        ${i.status !== 'approved' ? html`<button type="button" @click=${() => void this.updateItem(i, { status: 'approved' }, `${s.approve}: ${i.prompt.slice(0, 60)}`)}>${s.approve}</button>` : nothing}
        <button type="button" @click=${() => { this.editing = i.item_key; }}>${s.edit}</button>
        ${i.status === 'retired' ? html`<button type="button" @click=${() => void this.updateItem(i, { status: 'active' }, `${s.restore}: ${i.prompt.slice(0, 60)}`)}>${s.restore}</button>`
          : html`<button type="button" class="danger" @click=${() => void this.updateItem(i, { status: 'retired' }, `${s.retire}: ${i.prompt.slice(0, 60)}`)}>${s.retire}</button>`}
      </div>
      ${this.refusals[i.item_key] ? html`<p class="banner error edit-error" id="refusal-${i.item_key}" role="alert" tabindex="-1">${this.refusals[i.item_key]}</p>` : nothing}`}
    </li>`;
  }

  private renderEdit(i: ReviewItemWire): TemplateResult {
    const refusal = this.refusals[i.item_key];
    const errorId = `refusal-${i.item_key}`;
    return html`<form @submit=${(e: Event) => this.save(e, i)} class="edit" aria-describedby=${refusal ? errorId : nothing}>
      <label>${s.prompt}<textarea name="prompt" rows="3" .value=${i.prompt}></textarea></label>
      ${i.type === 'multiple_choice' ? i.choices.map((c, n) => html`<label>${s.choice(n, c === i.key)}<input name="choice-${n}" .value=${c}></label>`) : nothing}
      <label>${s.explanation}<textarea name="explanation" rows="3" .value=${i.explanation}></textarea></label>
      ${refusal ? html`<p class="banner error edit-error" id=${errorId} role="alert" tabindex="-1">${refusal}</p>` : nothing}
      <div class="row"><button type="submit">${s.save}</button><button type="button" @click=${() => { this.editing = undefined; this.refusals = {}; }}>${s.cancel}</button></div>
    </form>`;
  }
}
