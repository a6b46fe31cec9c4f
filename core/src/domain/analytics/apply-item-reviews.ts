import type { Db } from '../../db/db-types.js';
import type { GeneratedQuestion } from '../quiz/types.js';
import { listItemReviews } from './analytics.repository.js';
import { itemKeyOf } from './item-key.js';

/**
 * The teacher's item review applied to a generator's candidates before the gate: retired items are dropped (they
 * never reach learners), edited items carry the teacher's text. Called where quizzes are assembled (createQuiz).
 *
 * @example
 * candidates = await applyItemReviews(db, tenantId, courseId, candidates);
 */
export async function applyItemReviews(db: Db, tenantId: string, courseId: string, candidates: GeneratedQuestion[]): Promise<GeneratedQuestion[]> {
  const reviews = await listItemReviews(db, tenantId, courseId);
  if (reviews.length === 0) return candidates;
  const byKey = new Map(reviews.flatMap((r) => (r.edited_key ? [[r.item_key, r], [r.edited_key, r]] as const : [[r.item_key, r]] as const)));
  return candidates.flatMap((c) => {
    const review = byKey.get(itemKeyOf(c.prompt));
    if (!review) return [c];
    if (review.status === 'retired') return [];
    const edit = review.edit;
    if (!edit) return [c];
    const choices = edit.choices && edit.choices.length === c.choices.length ? edit.choices : c.choices;
    const answer = c.answer.kind === 'choice' ? { ...c.answer, text: choices[c.answer.index] ?? c.answer.text } : c.answer;
    return [{ ...c, prompt: edit.prompt ?? c.prompt, choices, answer, explanation: edit.explanation ?? c.explanation }];
  });
}
