import { createLocalHashEmbeddings, replaceDocumentChunks, upsertMembership } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourseDocuments, PSYCHOLOGY_COURSE_DIR } from '../../../core/test/quiz/fixtures/markdown-course.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue #15 finding 10: resubmitting a graded quiz with the answers the first attempt revealed turned 0 % into
// 80 % and queued a passback. A quiz is one served set of items, submitted once; every replayed or forged
// submission is refused and changes no mastery, tier, attempt or grade.
type Answer = string | number | boolean | null;
let t: TestApp;
let instructor: string;
let courseId: string;
const passbacks: { attemptId: string; score: number }[] = [];

beforeAll(async () => {
  t = await startTestApp({ services: { onAttemptGraded: async (a: { attemptId: string; score: number }) => { passbacks.push(a); } } });
  instructor = await t.login('instructor');
  courseId = (await t.api('/v1/courses', { token: instructor, body: { title: 'Grade integrity' } })).body.id as string;
  const embeddings = createLocalHashEmbeddings(64);
  for (const doc of loadCourseDocuments(PSYCHOLOGY_COURSE_DIR, false).filter((d) => d.file.startsWith('03-'))) {
    const row = await t.deps.db.insertInto('documents').values({
      tenant_id: t.demo.tenantId, course_id: courseId, title: doc.title, format: 'markdown', media_type: 'text/markdown', byte_size: 1, status: 'succeeded',
    }).returning('id').executeTakeFirstOrThrow();
    await replaceDocumentChunks(t.deps.db, {
      tenantId: t.demo.tenantId, courseId, documentId: row.id, documentTitle: doc.title, chunks: doc.chunks,
      embeddings: await embeddings.embed(doc.chunks.map((c) => c.content), 'document'), model: embeddings.model, dimensions: embeddings.dimensions,
    });
  }
}, 180_000);
afterAll(async () => { await t?.close(); });

async function newLearner(name: string): Promise<string> {
  const first = await t.login({ email: `${name}@demo.tutorgraph.test` });
  const me = await t.api('/v1/me', { token: first });
  await upsertMembership(t.deps.db, t.demo.tenantId, me.body.user.id, 'learner');
  expect((await t.api(`/v1/courses/${courseId}/members`, { token: instructor, body: { user_id: me.body.user.id, role: 'learner' } })).status).toBe(201);
  return t.login({ email: `${name}@demo.tutorgraph.test` });
}

async function newQuiz(token: string): Promise<string> {
  const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 4 } });
  expect(quiz.status).toBe(201);
  return quiz.body.id as string;
}

/** Answers to every question of the quiz: all wrong, or all right (the key read from the database). */
async function answers(quizId: string, mode: 'right' | 'wrong'): Promise<{ question_id: string; answer: Answer }[]> {
  const rows = await t.deps.db.selectFrom('quiz_questions').select(['id', 'answer', 'choices']).where('quiz_id', '=', quizId).orderBy('position').execute();
  return rows.map((q) => {
    const key = q.answer as { kind: string; index?: number; value?: boolean; text?: string };
    if (key.kind === 'choice') return { question_id: q.id, answer: mode === 'right' ? key.index as number : ((key.index as number) + 1) % q.choices.length };
    if (key.kind === 'boolean') return { question_id: q.id, answer: mode === 'right' ? key.value as boolean : !key.value };
    return { question_id: q.id, answer: mode === 'right' ? key.text as string : 'no idea' };
  });
}

const submit = (token: string, quizId: string, body: unknown) => t.api(`/v1/quizzes/${quizId}/attempts`, { token, body });

/** What a refused submission must leave untouched: mastery, evidence, tier, attempts, passbacks. */
async function snapshot(token: string) {
  const performance = (await t.api(`/v1/courses/${courseId}/performance`, { token })).body;
  const attempts = (await t.api(`/v1/courses/${courseId}/attempts?user=me`, { token })).body.items;
  // Mastery decays with time since practice (#17), so two reads a second apart differ in the 8th digit; a graded
  // replay would move it by whole points.
  return { mastery: Math.round(performance.mastery * 1000) / 1000, evidence: performance.evidence, tier: performance.tier, attempts, passbacks: passbacks.length };
}

describe('grade integrity', () => {
  it('when a learner resubmits a graded quiz with the keys it revealed, then 409 names the attempt that counts and nothing changes', async () => {
    const token = await newLearner('replayer');
    const quizId = await newQuiz(token);
    const first = await submit(token, quizId, { answers: await answers(quizId, 'wrong') });
    expect(first.status).toBe(201);
    expect(first.body.score).toBe(0);
    const revealed = first.body.results.map((r: { question_id: string; correct_answer: string }) => ({ question_id: r.question_id, answer: r.correct_answer }));
    const before = await snapshot(token);

    for (const body of [{ answers: revealed }, { answers: await answers(quizId, 'right') }, { answers: await answers(quizId, 'wrong') }]) {
      const replay = await submit(token, quizId, body);
      expect(replay.status).toBe(409);
      expect(replay.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already submitted'), details: { attempt_id: first.body.attempt_id } });
    }
    expect(await snapshot(token)).toEqual(before);
    expect(passbacks.filter((p) => p.attemptId === first.body.attempt_id)).toHaveLength(1);
  });

  it('when the same submission arrives twice at once, then exactly one is graded and the other gets 409', async () => {
    const token = await newLearner('twotabs');
    const quizId = await newQuiz(token);
    const body = { answers: await answers(quizId, 'right') };
    const results = await Promise.all([submit(token, quizId, body), submit(token, quizId, body), submit(token, quizId, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const after = await snapshot(token);
    expect(after.attempts).toHaveLength(1);
    expect(after.evidence).toBe(body.answers.length);
    expect(passbacks.filter((p) => p.attemptId === after.attempts[0].id)).toHaveLength(1);
  });

  it('when answers name items that were not served in this quiz, then 400 lists them and nothing is graded', async () => {
    const token = await newLearner('forger');
    const quizId = await newQuiz(token);
    const otherQuizId = await newQuiz(token);
    const classmate = await newLearner('classmate');
    const classmatesQuizId = await newQuiz(classmate);
    const own = await answers(quizId, 'right');
    const before = await snapshot(token);
    const forgeries = [
      [...own.slice(1), (await answers(otherQuizId, 'right'))[0]], // an item of another of my quizzes
      [...own.slice(1), (await answers(classmatesQuizId, 'right'))[0]], // an item served to someone else
      [...own.slice(1), { ...own[0], question_id: '00000000-0000-4000-8000-000000000001' }], // an altered item id
    ];
    for (const forged of forgeries) {
      const res = await submit(token, quizId, { answers: forged });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { question_ids: [forged.at(-1)?.question_id] } });
    }
    expect(await snapshot(token)).toEqual(before);
    // The quiz is still unsubmitted: the honest submission is graded.
    expect((await submit(token, quizId, { answers: own })).status).toBe(201);
  });

  it('when a submission answers one item twice, then 400 and nothing is graded', async () => {
    const token = await newLearner('doubler');
    const quizId = await newQuiz(token);
    const own = await answers(quizId, 'wrong');
    const right = await answers(quizId, 'right');
    const before = await snapshot(token);
    const res = await submit(token, quizId, { answers: [...own, right[0]] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { question_ids: [own[0]?.question_id] } });
    expect(await snapshot(token)).toEqual(before);
  });

  it('when a classmate submits answers to my quiz, then 404 and my quiz stays unsubmitted', async () => {
    const token = await newLearner('owner');
    const quizId = await newQuiz(token);
    const classmate = await newLearner('intruder');
    expect((await submit(classmate, quizId, { answers: await answers(quizId, 'wrong') })).status).toBe(404);
    expect((await submit(token, quizId, { answers: await answers(quizId, 'right') })).status).toBe(201);
  });
});
