import { createLocalExtractiveLlm, createLocalHashEmbeddings } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDocument } from '../../../core/test/domain/qa/qa-fixtures.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

// Issue #15 finding 16: feedback on someone else's answer (same course) succeeded.
const embeddings = createLocalHashEmbeddings(384);
let t: TestApp;
let learner: string;
let classmate: string;
let answerId: string;
beforeAll(async () => {
  t = await startTestApp({ services: { embeddings, llm: createLocalExtractiveLlm() } });
  const instructor = await t.login('instructor');
  [learner, classmate] = await Promise.all([t.login('learner'), t.login('learner2')]);
  const courseId = (await t.api('/v1/courses', { token: instructor, body: { title: 'Feedback course' } })).body.id as string;
  for (const userId of [t.demo.users.learner, t.demo.users.learner2]) {
    expect((await t.api(`/v1/courses/${courseId}/members`, { token: instructor, body: { user_id: userId, role: 'learner' } })).status).toBe(201);
  }
  await addDocument(t.db.db, embeddings, { tenantId: t.demo.tenantId, courseId }, 'Notes', ['Ivan Pavlov discovered classical conditioning while studying digestion in dogs.'], ['Learning']);
  const asked = await t.api(`/v1/courses/${courseId}/query`, { token: learner, body: { question: 'Who discovered classical conditioning?' } });
  expect(asked.status).toBe(200);
  answerId = asked.body.answer_id;
});
afterAll(async () => { await t?.close(); });

describe('answer feedback', () => {
  it('when a classmate in the same course rates someone else\'s answer, then 404 and nothing is stored', async () => {
    const res = await t.api(`/v1/answers/${answerId}/feedback`, { token: classmate, body: { helpful: false, grounded: false } });
    expect(res.status).toBe(404);
    const rows = await t.db.db.selectFrom('answer_feedback').select('id').where('answer_id', '=', answerId).execute();
    expect(rows).toHaveLength(0);
  });

  it('when the asker rates their own answer, then it is stored', async () => {
    expect((await t.api(`/v1/answers/${answerId}/feedback`, { token: learner, body: { helpful: true, grounded: true } })).status).toBe(200);
  });
});
