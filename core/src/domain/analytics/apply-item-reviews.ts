import type { Db } from '../../db/db-types.js';
import type { GeneratedQuestion } from '../quiz/types.js';
import { type ItemEdit, listItemReviews } from './analytics.repository.js';
import { itemKeyOf } from './item-key.js';

/**
 * One item with the teacher's edit applied: their prompt and explanation, and each option the teacher reworded
 * (matched by its original text, since a later quiz may order the options differently; by position for edits saved
 * without the original options). The key follows its option, so rewording the key's option changes the key's text.
 *
 * @example
 * applyItemEdit(candidate, { choices: ['classical conditioning', 'extinction', 'the learned response'], originalChoices })
 */
export function applyItemEdit(candidate: GeneratedQuestion, edit: ItemEdit): GeneratedQuestion {
  let choices = candidate.choices;
  if (edit.choices && edit.choices.length === candidate.choices.length) {
    const edited = edit.choices;
    const original = edit.originalChoices;
    choices = original && original.length === edited.length
      ? candidate.choices.map((c) => { const at = original.indexOf(c); return at >= 0 ? edited[at] ?? c : c; })
      : edited;
  }
  const answer = candidate.answer.kind === 'choice' ? { ...candidate.answer, text: choices[candidate.answer.index] ?? candidate.answer.text } : candidate.answer;
  return { ...candidate, prompt: edit.prompt ?? candidate.prompt, choices, answer, explanation: edit.explanation ?? candidate.explanation };
}

/**
 * The teacher's item review applied to a generator's candidates before the gate: retired items are dropped (they
 * never reach learners), edited items carry the teacher's text. Called where quizzes are assembled (createQuiz).
 * An edit the gate would hold back is refused when it is saved (updateReviewItem), so what is stored here passes.
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
    return [review.edit ? applyItemEdit(c, review.edit) : c];
  });
}
