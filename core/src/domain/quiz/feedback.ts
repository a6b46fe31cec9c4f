import type { Db } from '../../db/db-types.js';
import type { StoredQuestion } from './quiz.repository.js';
import { type AttemptCitationView, buildCitations } from './citations.js';
import type { GivenAnswer } from './grading.js';
import type { OptionNote } from './types.js';

/** One question's verdict as the learner sees it after an attempt. */
export interface ExplainedResult {
  questionId: string; correct: boolean; given: GivenAnswer; correctAnswer: string; explanation: string; citations: AttemptCitationView[];
}

/** The note on the option a learner chose (multiple choice), when the generator left one. */
export function chosenOptionNote(q: StoredQuestion, given: GivenAnswer): OptionNote | undefined {
  if (q.type !== 'multiple_choice' || given === null || given === undefined) return undefined;
  const chosen = typeof given === 'number' ? q.choices[given]
    : typeof given === 'string' ? q.choices.find((c) => c.trim().toLowerCase() === given.trim().toLowerCase()) : undefined;
  return chosen === undefined ? undefined : q.optionNotes.find((n) => n.choice === chosen);
}

/**
 * Per question: the verdict, the key, and an explanation that teaches. For a wrong choice it first says what the
 * chosen option actually is, citing the passage that says so, and that it does not fit; then why the key does.
 *
 * @example
 * const results = await explainResults(db, tenantId, questions, graded);
 */
export async function explainResults(
  db: Db, tenantId: string, questions: readonly StoredQuestion[], graded: readonly { correct: boolean; given: GivenAnswer; correctAnswer: string }[],
): Promise<ExplainedResult[]> {
  const notes = questions.map((q, i) => (graded[i]?.correct ? undefined : chosenOptionNote(q, graded[i]?.given ?? null)));
  // The chosen options' passages are cited as pseudo-questions keyed `<question id>:chosen`.
  const chosen = questions.flatMap((q, i) => {
    const note = notes[i];
    return note?.chunkId ? [{ ...q, id: `${q.id}:chosen`, chunkIds: [note.chunkId], explanation: note.note, prompt: note.choice }] : [];
  });
  const citations = await buildCitations(db, tenantId, [...questions, ...chosen]);
  return questions.map((q, i) => {
    const note = notes[i];
    const own = citations.get(q.id) ?? [];
    const extra = note ? (citations.get(`${q.id}:chosen`) ?? []).filter((c) => !own.some((o) => o.chunkId === c.chunkId)) : [];
    return {
      questionId: q.id, correct: graded[i]?.correct ?? false, given: graded[i]?.given ?? null, correctAnswer: graded[i]?.correctAnswer ?? '',
      explanation: note ? `You chose “${note.choice}”. ${note.note} It does not fit this question. ${q.explanation}` : q.explanation,
      citations: [...extra, ...own],
    };
  });
}

/**
 * Topics where the learner got fewer than 60% right in this attempt, weakest first.
 *
 * @example
 * weakTopicsOf(questions, [true, false, false]); // → [{ topicId, title, correct: 0, total: 2 }]
 */
export function weakTopicsOf(questions: readonly StoredQuestion[], correct: readonly boolean[]) {
  const byTopic = new Map<string, { topicId: string; title: string; correct: number; total: number }>();
  questions.forEach((q, i) => {
    if (!q.topicId) return;
    const entry = byTopic.get(q.topicId) ?? { topicId: q.topicId, title: q.topicTitle ?? '', correct: 0, total: 0 };
    entry.total += 1;
    entry.correct += correct[i] ? 1 : 0;
    byTopic.set(q.topicId, entry);
  });
  return [...byTopic.values()].filter((t) => t.correct / t.total < 0.6)
    .sort((a, b) => a.correct / a.total - b.correct / b.total || a.title.localeCompare(b.title));
}
