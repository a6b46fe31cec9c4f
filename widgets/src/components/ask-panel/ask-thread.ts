import { html, nothing, type TemplateResult } from 'lit';
import type { QueryResponse } from '../../api/api-types.js';

/** The ask panel's own wording (kept beside it; override by subclassing or through `threadStrings`). */
export const threadStrings = {
  recentHeading: 'Recent questions',
  newTopic: 'New topic',
  followUpNote: 'Follow-up questions are read with your previous question.',
  answeredAs: (q: string) => `Answered as: “${q}”`,
  copy: 'Copy answer with sources',
  copied: 'Copied.',
  hintHeading: 'Hint',
  policyLabel: 'Your teacher’s setting',
};

/** One asked question and what came back, kept so it can be reopened without asking again. */
export interface ThreadEntry { question: string; reply: QueryResponse }

const key = (course: string) => `tg-ask-recent:${course}`;

/** The course's recent questions from this browser session (newest first, at most 8). */
export function loadRecent(course: string): ThreadEntry[] {
  try {
    const raw = sessionStorage.getItem(key(course));
    return raw ? (JSON.parse(raw) as ThreadEntry[]).slice(0, 8) : [];
  } catch {
    return [];
  }
}

/** Remembers an answer for reopening; storage failures (private mode, quota) only lose the history. */
export function saveRecent(course: string, entries: ThreadEntry[]): void {
  try { sessionStorage.setItem(key(course), JSON.stringify(entries.slice(0, 8))); } catch { /* history is a convenience */ }
}

/**
 * The answer as plain text with its numbered sources, for the clipboard or a share sheet.
 *
 * @example
 * answerAsText('What is X?', reply) // 'Q: What is X?\nX is … [1]\n\nSources:\n[1] Week 3 — page 4'
 */
export function answerAsText(question: string, reply: QueryResponse): string {
  const sources = reply.citations.filter((c) => c.cited !== false).map((c) => {
    const where = [c.location?.page != null ? `page ${c.location.page}` : '', c.location?.slide != null ? `slide ${c.location.slide}` : '', c.location?.heading ?? '']
      .filter(Boolean).join(', ');
    return `[${c.marker}] ${c.document_title}${where ? ` — ${where}` : ''}`;
  });
  return `Q: ${question}\n${reply.answer}${sources.length ? `\n\nSources:\n${sources.join('\n')}` : ''}`;
}

/** The list of recent questions; each reopens its stored answer. */
export function renderRecent(entries: ThreadEntry[], current: QueryResponse | undefined, reopen: (entry: ThreadEntry) => void): TemplateResult | typeof nothing {
  if (entries.length === 0) return nothing;
  return html`<nav class="recent" aria-labelledby="recent-heading"><h3 id="recent-heading">${threadStrings.recentHeading}</h3>
    <ul>${entries.map((entry) => html`<li><button type="button" class="link" aria-current=${entry.reply.answer_id === current?.answer_id ? 'true' : 'false'}
      @click=${() => reopen(entry)}>${entry.question}</button></li>`)}</ul></nav>`;
}
