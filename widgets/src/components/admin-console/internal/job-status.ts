import { html, type TemplateResult } from 'lit';
import type { DocumentInfo } from '../../../api/api-types.js';
import { adminStrings } from '../../../i18n/admin-strings.js';

/** Job states after which nothing changes without a user action. */
export const TERMINAL_STATES = ['succeeded', 'failed', 'dead_lettered', 'cancelled'] as const;

/**
 * The job state of a document as one string (the server sends the stage inside it: `running:parsing`).
 *
 * @example
 * jobState(doc) // "running:embedding"
 */
export function jobState(doc: DocumentInfo): string {
  return doc.job?.status ?? doc.status;
}

/** True while the job can still change by itself (so the list keeps polling). */
export function isLive(doc: DocumentInfo): boolean {
  return !(TERMINAL_STATES as readonly string[]).includes(jobState(doc));
}

/**
 * A status badge for every job state; `succeeded` reads "Indexed".
 *
 * @example
 * statusBadge(doc)
 */
export function statusBadge(doc: DocumentInfo): TemplateResult {
  const state = jobState(doc);
  const [head, stage] = state.split(':');
  const labels = adminStrings.jobStatus;
  const label = stage ? `${labels.running}: ${labels[stage] ?? stage}` : labels[state] ?? state;
  const tone = state === 'succeeded' ? 'ok' : head === 'failed' || head === 'dead_lettered' ? 'bad'
    : head === 'running' || head === 'queued' ? 'busy' : 'warn';
  return html`<span class="badge ${tone}" data-state=${state}>${label}</span>`;
}
