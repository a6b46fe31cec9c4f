/**
 * The typed `tg-*` events every element dispatches. All bubble and are composed, so a host page can listen on
 * `document` whatever shadow roots sit in between.
 *
 * @example
 * document.addEventListener('tg-answer', (e) => console.log(e.detail.answerId));
 */
export interface TgEventDetails {
  /** An answer arrived. */
  'tg-answer': { answerId: string; question: string; found: boolean };
  /** The learner opened a citation's document context. */
  'tg-citation-open': { chunkId: string; documentId: string; marker: number };
  /** Feedback was sent for an answer. */
  'tg-feedback': { answerId: string; helpful: boolean | null; grounded: boolean | null };
  /** A quiz was generated and is ready to answer. */
  'tg-quiz-start': { quizId: string; tier: number | string };
  /** A quiz attempt was graded. */
  'tg-quiz-complete': { quizId: string; attemptId: string; percent: number; nextTier: number | string | null };
  /** A flashcard was rated; FSRS scheduled its next review. */
  'tg-flashcard-review': { cardId: string; rating: 'again' | 'hard' | 'good' | 'easy'; dueAt: string };
  /** A document upload finished (or failed: see `tg-error`). */
  'tg-upload': { documentId: string; title: string };
  /** Any API error the element shows to the user. */
  'tg-error': { code: string; message: string; status: number; requestId: string | null };
  /** The API said the token is no longer valid and no refresh was possible. */
  'tg-session-expired': { status: number };
}

/** Name of every `tg-*` event. */
export type TgEventName = keyof TgEventDetails;

/** A `tg-*` event with its typed detail. */
export type TgEvent<K extends TgEventName> = CustomEvent<TgEventDetails[K]>;

/**
 * Dispatches a bubbling, composed `tg-*` event from `target`.
 *
 * @example
 * emit(this, 'tg-answer', { answerId: 'a1', question: 'Why?', found: true });
 */
export function emit<K extends TgEventName>(target: EventTarget, name: K, detail: TgEventDetails[K]): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }));
}

declare global {
  interface HTMLElementEventMap {
    'tg-answer': TgEvent<'tg-answer'>;
    'tg-citation-open': TgEvent<'tg-citation-open'>;
    'tg-feedback': TgEvent<'tg-feedback'>;
    'tg-quiz-start': TgEvent<'tg-quiz-start'>;
    'tg-quiz-complete': TgEvent<'tg-quiz-complete'>;
    'tg-upload': TgEvent<'tg-upload'>;
    'tg-flashcard-review': TgEvent<'tg-flashcard-review'>;
    'tg-error': TgEvent<'tg-error'>;
    'tg-session-expired': TgEvent<'tg-session-expired'>;
  }
  interface DocumentEventMap {
    'tg-answer': TgEvent<'tg-answer'>;
    'tg-quiz-complete': TgEvent<'tg-quiz-complete'>;
    'tg-error': TgEvent<'tg-error'>;
    'tg-session-expired': TgEvent<'tg-session-expired'>;
  }
}
