/**
 * One numbered passage of course content given to the answerer. The marker is what answer sentences
 * cite (`[1]`), so it is stable for the whole request.
 *
 * @example
 * const passage: LlmPassage = { marker: 1, title: 'Week 3 notes', text: 'Classical conditioning is…' };
 */
export interface LlmPassage {
  marker: number;
  title: string;
  text: string;
}

/** What an answerer is asked: the student's question and the only context it may use. */
export interface LlmAnswerRequest {
  question: string;
  passages: LlmPassage[];
}

/**
 * An answer built from the passages. `found: false` means the passages do not answer the question
 * (the caller turns that into a refusal); otherwise `answer` holds `[n]` markers and `citedMarkers`
 * lists the markers used, in first-use order.
 *
 * @example
 * const answer: LlmAnswer = { found: true, answer: 'Pavlov studied dogs [1].', citedMarkers: [1] };
 */
export interface LlmAnswer {
  found: boolean;
  answer: string;
  citedMarkers: number[];
  /**
   * A remark about the answer, not a claim from the passages (e.g. which side of a comparison they do not
   * cover); shown after the verified sentences, never cited, never verified.
   */
  note?: string;
}

/**
 * The port every answerer implements: the local extractive one and any OpenAI-compatible model.
 * Implementations must only use the given passages and must throw `AppError` (never return junk)
 * when the model cannot produce a valid answer.
 *
 * @example
 * const answer = await llm.answer({ question, passages });
 */
export interface LlmProvider {
  /** `local` or `openai`; stored with every answer. */
  readonly provider: 'local' | 'openai';
  /** e.g. `local-extractive-v1` or `gpt-4o-mini`. */
  readonly model: string;
  answer(request: LlmAnswerRequest): Promise<LlmAnswer>;
}

/**
 * The markers an answer text uses, in first-use order, restricted to the known ones.
 *
 * @example
 * markersIn('A [2]. B [1][2].', new Set([1, 2])) // [2, 1]
 */
export function markersIn(answer: string, known: ReadonlySet<number>): number[] {
  const seen: number[] = [];
  for (const match of answer.matchAll(/\[(\d{1,3})\]/g)) {
    const marker = Number(match[1]);
    if (known.has(marker) && !seen.includes(marker)) seen.push(marker);
  }
  return seen;
}
