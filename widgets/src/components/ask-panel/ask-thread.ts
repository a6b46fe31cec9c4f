import { html, nothing, type TemplateResult } from 'lit';
import type { QueryResponse, QuestionHistoryItem, ReopenedQuestion } from '../../api/api-types.js';

export type { ReopenedQuestion };

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
  remove: 'Delete',
  removeLabel: (q: string) => `Delete “${q}” from your questions`,
};

/** One entry of `GET /courses/:id/my-questions`, as the core contract sends it. */
export type HistoryItem = QuestionHistoryItem;

/**
 * One asked question: its id in the learner's server-side history (kept across sessions and devices) and,
 * once asked or reopened here, what came back — so reopening it again needs no request.
 */
export interface ThreadEntry { question: string; questionId?: string; answerId?: string | null; reply?: QueryResponse }

/** The history list as thread entries, keeping replies already loaded here (matched by answer id). */
export function fromHistory(items: HistoryItem[], known: ThreadEntry[]): ThreadEntry[] {
  return items.map((item) => {
    const loaded = known.find((e) => e.reply && e.reply.answer_id === item.answer_id)?.reply;
    return { question: item.question, questionId: item.question_id, answerId: item.answer_id, ...(loaded ? { reply: loaded } : {}) };
  });
}

/**
 * The question a thread remembers for a reply: the whole question as the server answered it (a follow-up read
 * against the one before, spelling corrected), so a second follow-up still knows what it is about. A refused
 * question keeps the student's own words: its spelling "corrections" found nothing, so they explain nothing.
 */
export function threadQuestion(reply: QueryResponse, asked: string): string {
  return reply.found ? reply.resolved_question ?? asked : asked;
}

/** A reopened question read as the answer it was. */
export function replyOf(reopened: ReopenedQuestion): QueryResponse {
  return {
    answer_id: reopened.answer_id ?? '', answer: reopened.answer, found: reopened.found, citations: reopened.citations,
    resolved_question: reopened.resolved_question, corrections: [], answer_mode: reopened.answer_mode,
  };
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

/** The learner's recent questions; each reopens its stored answer, and each can be deleted from the history. */
export function renderRecent(entries: ThreadEntry[], current: QueryResponse | undefined, reopen: (entry: ThreadEntry) => void, remove: (entry: ThreadEntry) => void): TemplateResult | typeof nothing {
  if (entries.length === 0) return nothing;
  return html`<nav class="recent" aria-labelledby="recent-heading"><h3 id="recent-heading">${threadStrings.recentHeading}</h3>
    <ul>${entries.map((entry) => html`<li><button type="button" class="link" aria-current=${entry.answerId && entry.answerId === current?.answer_id ? 'true' : 'false'}
      @click=${() => reopen(entry)}>${entry.question}</button>${entry.questionId ? html` <button type="button" class="link delete"
      aria-label=${threadStrings.removeLabel(entry.question)} @click=${() => remove(entry)}>${threadStrings.remove}</button>` : nothing}</li>`)}</ul></nav>`;
}
