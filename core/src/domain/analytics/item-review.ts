import type { Db } from '../../db/db-types.js';
import { AppError, notFound } from '../../errors/app-error.js';
import type { Actor } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import { requireCourseRole } from '../identity/courses.js';
import { itemProblems } from '../quiz/item-gate.js';
import type { AnswerKey, GeneratedQuestion } from '../quiz/types.js';
import { applyItemEdit } from './apply-item-reviews.js';
import { type ItemEdit, listChunkPassages, listCourseAttempts, listGateRecords, listItemReviews, listServedQuestions, listSourceChunks, upsertItemReview } from './analytics.repository.js';
import { itemKeyOf } from './item-key.js';
import { itemChecks, itemStatistics, type ItemAnswer } from './item-statistics.js';

const keyText = (key: AnswerKey) => (key.kind === 'choice' ? key.text : key.kind === 'boolean' ? (key.value ? 'True' : 'False') : key.text);

/**
 * Every quiz item the course has served, as the teacher reviews it: key, the passages that support it, the
 * automatic checks, live statistics (p-value, discrimination, how often each option was chosen) and the review
 * status; plus the candidates the generation gate held back, with its reasons.
 *
 * @example
 * const { items, rejected } = await listReviewItems(db, actor, courseId, {});
 */
export async function listReviewItems(db: Db, actor: Actor, courseId: string, filter: { status?: 'active' | 'approved' | 'retired' | undefined }) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  const [served, attempts, reviews, gates] = await Promise.all([
    listServedQuestions(db, actor.tenantId, courseId), listCourseAttempts(db, actor.tenantId, courseId),
    listItemReviews(db, actor.tenantId, courseId), listGateRecords(db, actor.tenantId, courseId),
  ]);
  const editedToKey = new Map(reviews.flatMap((r) => (r.edited_key ? [[r.edited_key, r.item_key] as const] : [])));
  const reviewOf = new Map(reviews.map((r) => [r.item_key, r]));
  // First attempt per quiz: what the learner knew before the keys were shown.
  const firstAttempts = new Map<string, (typeof attempts)[number]>();
  for (const a of attempts) if (!firstAttempts.has(a.quiz_id)) firstAttempts.set(a.quiz_id, a);

  const groups = new Map<string, { rows: typeof served; answers: ItemAnswer[] }>();
  for (const q of served) {
    const raw = itemKeyOf(q.prompt);
    const key = editedToKey.get(raw) ?? raw;
    const group = groups.get(key) ?? { rows: [], answers: [] };
    group.rows.push(q);
    const attempt = firstAttempts.get(q.quiz_id);
    const results = (attempt?.results ?? []) as { question_id: string; correct: boolean; given: unknown }[];
    const result = results.find((r) => r.question_id === q.id);
    if (attempt && result) {
      const given = typeof result.given === 'number' ? q.choices[result.given] ?? null : typeof result.given === 'string' ? result.given : typeof result.given === 'boolean' ? (result.given ? 'True' : 'False') : null;
      group.answers.push({ correct: result.correct, chosen: given, restPercent: attempt.max_score > 1 ? (attempt.score - (result.correct ? 1 : 0)) / (attempt.max_score - 1) : null });
    }
    groups.set(key, group);
  }
  const passages = new Map((await listChunkPassages(db, actor.tenantId, [...new Set(served.flatMap((q) => q.chunk_ids))])).map((c) => [c.id, c]));
  const items = [...groups.entries()].map(([itemKey, { rows, answers }]) => {
    const latest = rows[0] as (typeof served)[number];
    const review = reviewOf.get(itemKey);
    const key = keyText(latest.answer as AnswerKey);
    const stats = itemStatistics(answers, latest.type === 'short_answer' ? [] : latest.choices, key, rows.length);
    const cited = latest.chunk_ids.flatMap((id) => { const c = passages.get(id); return c ? [{ chunkId: c.id, documentTitle: c.document_title, heading: c.heading, text: c.content.slice(0, 1200) }] : []; });
    return {
      itemKey, status: review?.status ?? 'active', isEdited: Boolean(review?.edit), type: latest.type, tier: latest.tier,
      prompt: review?.edit?.prompt ?? latest.prompt, choices: review?.edit?.choices ?? latest.choices, key, explanation: review?.edit?.explanation ?? latest.explanation,
      strategy: (latest.answer as { strategy?: string | null }).strategy ?? null,
      topic: latest.topic_id ? { id: latest.topic_id, title: latest.topic_title ?? '' } : null,
      passages: cited, checks: itemChecks({ choices: latest.choices, key, type: latest.type, passages: cited.map((c) => c.text) }, stats),
      stats, lastServedAt: latest.created_at,
    };
  }).filter((i) => !filter.status || i.status === filter.status);
  const rejectedByPrompt = new Map<string, { prompt: string; tier: number; strategy: string | null; reasons: string[]; times: number }>();
  for (const g of gates) {
    const rejected = (g.context as { gate?: { rejected?: { prompt: string; tier: number; strategy: string | null; reasons: string[] }[] } }).gate?.rejected ?? [];
    for (const r of rejected) {
      const seen = rejectedByPrompt.get(r.prompt);
      if (seen) seen.times += 1; else rejectedByPrompt.set(r.prompt, { ...r, strategy: r.strategy ?? null, times: 1 });
    }
  }
  return { items, rejected: [...rejectedByPrompt.values()].sort((a, b) => b.times - a.times).slice(0, 200) };
}

type ServedRow = Awaited<ReturnType<typeof listServedQuestions>>[number];

/**
 * Refuses an edit that the quality gate would hold back (learners would then never see the item, and the teacher
 * would not know): the gate's reasons that the edit adds, in the one error model. Rewording the key's option is
 * kept when the cited passage still supports the new wording.
 */
async function refuseEditTheGateWouldHoldBack(db: Db, tenantId: string, row: ServedRow, edit: ItemEdit): Promise<void> {
  const served: GeneratedQuestion = {
    type: row.type as GeneratedQuestion['type'], tier: row.tier as GeneratedQuestion['tier'], prompt: row.prompt, choices: row.choices,
    answer: row.answer as AnswerKey, explanation: row.explanation, topicId: row.topic_id, chunkIds: row.chunk_ids,
  };
  const chunks = new Map((await listSourceChunks(db, tenantId, row.chunk_ids)).map((c) => [c.id, c]));
  const edited = applyItemEdit(served, edit);
  const before = new Set(itemProblems(served, chunks));
  const added = itemProblems(edited, chunks).filter((r) => !before.has(r));
  if (added.length === 0) return;
  const key = edited.answer.kind === 'boolean' ? null : edited.answer.text;
  const keyAdvice = added.includes('the key is not supported by the cited passage')
    ? ` The key${key ? ` (“${key}”)` : ''} must stay supported by the cited passage: word it as the passage does, or retire the item and let a better one be generated.` : '';
  throw new AppError('INVALID_ARGUMENT', `This edit was not saved: the quality gate would hold the edited item back, so learners would never see it (${added.join('; ')}).${keyAdvice}`,
    { reasons: added, key });
}

/**
 * Approve, retire (never served again) or edit an item. An edit replaces what later quizzes show for it; an edit the
 * quality gate would hold back is refused with the gate's reasons (INVALID_ARGUMENT), nothing is saved.
 *
 * @example
 * await updateReviewItem(db, actor, courseId, itemKey, { status: 'retired' });
 */
export async function updateReviewItem(db: Db, actor: Actor, courseId: string, itemKey: string, input: {
  status?: 'active' | 'approved' | 'retired' | undefined; prompt?: string | undefined; choices?: string[] | undefined; explanation?: string | undefined;
}) {
  await requireCourseRole(db, actor, courseId, 'instructor');
  if (Object.values(input).every((v) => v === undefined)) throw new AppError('INVALID_ARGUMENT', 'Nothing to update');
  const served = await listServedQuestions(db, actor.tenantId, courseId);
  const reviews = await listItemReviews(db, actor.tenantId, courseId);
  const existing = reviews.find((r) => r.item_key === itemKey);
  const original = served.find((q) => itemKeyOf(q.prompt) === itemKey);
  if (!original && !existing) throw notFound('Item', { item_key: itemKey });
  if (input.choices && original && input.choices.length !== original.choices.length) {
    throw new AppError('INVALID_ARGUMENT', 'An edit keeps the number of choices (the key is positional)', { choices: original.choices.length });
  }
  const hasEdit = input.prompt !== undefined || input.choices !== undefined || input.explanation !== undefined;
  // The options as the teacher saw them (the newest serving of the item): an edited option replaces the one with that text.
  const shown = served.find((q) => { const k = itemKeyOf(q.prompt); return k === itemKey || k === existing?.edited_key; });
  const originalChoices = existing?.edit?.originalChoices ?? (existing?.edit?.choices ? undefined : shown?.choices);
  const edit: ItemEdit | null = hasEdit ? { ...(existing?.edit ?? {}), ...(input.prompt !== undefined ? { prompt: input.prompt } : {}),
    ...(input.choices !== undefined ? { choices: input.choices, ...(originalChoices ? { originalChoices } : {}) } : {}),
    ...(input.explanation !== undefined ? { explanation: input.explanation } : {}) } : existing?.edit ?? null;
  if (hasEdit && edit && original) await refuseEditTheGateWouldHoldBack(db, actor.tenantId, original, edit);
  const status = input.status ?? existing?.status ?? 'active';
  await upsertItemReview(db, {
    tenantId: actor.tenantId, courseId, itemKey, status, edit, editedKey: edit?.prompt ? itemKeyOf(edit.prompt) : null, reviewedBy: actor.userId,
  });
  await audit(db, actor, `quiz_item.${input.status ?? 'edited'}`, 'quiz_item', itemKey, { course_id: courseId, edited: hasEdit });
  const { items } = await listReviewItems(db, actor, courseId, {});
  const item = items.find((i) => i.itemKey === itemKey);
  if (!item) throw notFound('Item', { item_key: itemKey });
  return item;
}
