import type { Db } from '../../db/db-types.js';
import type { GeneratedQuestion } from '../quiz/types.js';
import { type ItemEdit, listItemReviews } from './analytics.repository.js';
import { itemKeyOf } from './item-key.js';

/**
 * One item with the teacher's edit applied: their prompt, explanation and options exactly as they saved them. The key
 * is the option that stands where the key stood when they edited (`originalChoices`), since a later quiz may order
 * the options, or even draw the distractors, differently; edits saved without the original options go by position.
 * Rewording the key's option rewords the key; a reworded option loses its note (what that option is).
 *
 * @example
 * applyItemEdit(candidate, { choices: ['classical conditioning', 'extinction', 'the learned response'], originalChoices })
 */
export function applyItemEdit(candidate: GeneratedQuestion, edit: ItemEdit): GeneratedQuestion {
  let { choices, answer } = candidate;
  if (edit.choices && answer.kind === 'choice') {
    const keyAt = edit.originalChoices?.length === edit.choices.length ? edit.originalChoices.indexOf(answer.text) : -1;
    const index = keyAt >= 0 ? keyAt : edit.choices.length === candidate.choices.length ? answer.index : -1;
    if (index >= 0) {
      choices = edit.choices;
      answer = { ...answer, index, text: edit.choices[index] ?? answer.text };
    }
  }
  // What a wrong option is, for the learner who chose it, is said only of options that kept their text: a note on
  // the original wording could describe something the teacher's option no longer says.
  const optionNotes = candidate.optionNotes?.filter((n) => choices.includes(n.choice));
  return {
    ...candidate, prompt: edit.prompt ?? candidate.prompt, choices, answer, explanation: edit.explanation ?? candidate.explanation,
    ...(optionNotes ? { optionNotes } : {}),
  };
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
