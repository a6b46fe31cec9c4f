import { html, type TemplateResult } from 'lit';
import { strings } from '../../../i18n/strings.js';

/**
 * An inline confirm step (role `alertdialog`) for destructive actions; the caller moves focus to its
 * Confirm button after rendering.
 *
 * @example
 * this.pending ? confirmBox(adminStrings.confirmDelete(doc.title), () => this.remove(doc), () => this.clear()) : nothing
 */
export function confirmBox(text: string, onConfirm: () => void, onCancel: () => void): TemplateResult {
  return html`<div class="confirm" role="alertdialog" aria-modal="false" aria-labelledby="confirm-text">
    <p id="confirm-text">${text}</p>
    <div class="row">
      <button type="button" class="primary" data-confirm @click=${onConfirm}>${strings.common.confirm}</button>
      <button type="button" @click=${onCancel}>${strings.common.cancel}</button>
    </div>
  </div>`;
}

/**
 * Formats an ISO time for tables, in the user's locale.
 *
 * @example
 * formatTime('2026-01-02T10:00:00Z') // "1/2/2026, 10:00:00 AM"
 */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
