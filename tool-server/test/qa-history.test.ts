import { createLocalExtractiveLlm, createLocalHashEmbeddings } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDocument } from '../../core/test/domain/qa/qa-fixtures.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const embeddings = createLocalHashEmbeddings(384);
const NOTES = [
  'Classical conditioning is learning in which a neutral stimulus becomes associated with a meaningful stimulus. Ivan Pavlov discovered it while studying digestion in dogs.',
  'In operant conditioning, behaviour is strengthened or weakened by its consequences. B. F. Skinner studied operant conditioning with rats pressing a lever.',
  'Observational learning occurs when people learn by watching others. Albert Bandura showed it in the Bobo doll experiment.',
];

describe('a learner\'s question history', () => {
  let t: TestApp;
  let instructor: string;
  let learner: string;
  let classmate: string;
  let courseId: string;
  let otherCourseId: string;
  const history = (token: string, course = courseId, query = '') => t.api(`/v1/courses/${course}/my-questions${query}`, { token });
  const ask = (token: string, question: string, course = courseId) => t.api(`/v1/courses/${course}/query`, { token, body: { question } });

  beforeAll(async () => {
    t = await startTestApp({ services: { embeddings, llm: createLocalExtractiveLlm() } });
    [instructor, learner, classmate] = await Promise.all([t.login('instructor'), t.login('learner'), t.login('learner2')]);
    courseId = (await t.api('/v1/courses', { token: instructor, body: { title: 'Psychology 101' } })).body.id;
    otherCourseId = (await t.api('/v1/courses', { token: instructor, body: { title: 'Psychology 102' } })).body.id;
    for (const course of [courseId, otherCourseId]) {
      for (const user of [t.demo.users.learner, t.demo.users.learner2]) {
        expect((await t.api(`/v1/courses/${course}/members`, { token: instructor, body: { user_id: user, role: 'learner' } })).status).toBe(201);
      }
      await addDocument(t.db.db, embeddings, { tenantId: t.demo.tenantId, courseId: course }, 'Learning and memory', NOTES, ['Learning']);
    }
  });
  afterAll(() => t.close());

  it('when a learner asks, then the questions are listed newest first in a later session, only their own and only this course\'s', async () => {
    const first = await ask(learner, 'Who discovered classical conditioning?');
    const second = await ask(learner, 'What did Skinner study with rats?');
    await ask(classmate, 'Who showed observational learning?');
    await ask(learner, 'What is extinction?', otherCourseId);
    expect(first.status).toBe(200);

    const laterSession = await t.login('learner');
    const res = await history(laterSession);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { question: string }) => i.question)).toEqual(['What did Skinner study with rats?', 'Who discovered classical conditioning?']);
    expect(res.body.items[0]).toMatchObject({ answer_id: second.body.answer_id, found: true, answer_mode: 'full', resolved_question: 'What did Skinner study with rats?' });
    expect((await history(classmate)).body.items.map((i: { question: string }) => i.question)).toEqual(['Who showed observational learning?']);
    const page = await history(learner, courseId, `?limit=1&before=${encodeURIComponent(res.body.items[0].asked_at)}`);
    expect(page.body.items.map((i: { question: string }) => i.question)).toEqual(['Who discovered classical conditioning?']);
  });

  it('when a learner reopens a question, then the stored answer and its sources come back without asking again; a classmate gets 404', async () => {
    const asked = await ask(learner, 'Who showed observational learning?');
    const item = (await history(learner)).body.items[0];
    const reopened = await t.api(`/v1/courses/${courseId}/my-questions/${item.question_id}`, { token: learner });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ question: 'Who showed observational learning?', answer: asked.body.answer, found: true, answer_id: asked.body.answer_id });
    expect(reopened.body.citations.map((c: { chunk_id: string; marker: number; cited: boolean; text: string }) => [c.marker, c.chunk_id, c.cited, c.text]))
      .toEqual(asked.body.citations.map((c: { chunk_id: string; marker: number; cited: boolean; text: string }) => [c.marker, c.chunk_id, c.cited, c.text]));
    expect((await t.api(`/v1/courses/${courseId}/my-questions/${item.question_id}`, { token: classmate })).status).toBe(404);
    expect((await t.api(`/v1/courses/${otherCourseId}/my-questions/${item.question_id}`, { token: learner })).status).toBe(404);
    expect((await t.api(`/v1/courses/${courseId}/my-questions/not-a-uuid`, { token: learner })).status).toBe(400);
  });

  it('when a learner deletes a question, then it is gone with its answer; a classmate cannot delete it; a course they are not in is 403', async () => {
    const asked = await ask(learner, 'What is classical conditioning?');
    const item = (await history(learner)).body.items[0];
    expect(item.answer_id).toBe(asked.body.answer_id);
    const path = `/v1/courses/${courseId}/my-questions/${item.question_id}`;
    expect((await t.api(path, { method: 'DELETE', token: classmate })).status).toBe(404);
    expect((await history(learner)).body.items[0].question_id).toBe(item.question_id);
    const notEnrolled = (await t.api('/v1/courses', { token: instructor, body: { title: 'Psychology 103' } })).body.id as string;
    expect((await history(learner, notEnrolled)).status).toBe(403);

    const deleted = await t.api(path, { method: 'DELETE', token: learner });
    expect(deleted.status).toBe(200);
    expect((await history(learner)).body.items.map((i: { question_id: string }) => i.question_id)).not.toContain(item.question_id);
    expect((await t.api(path, { token: learner })).status).toBe(404);
    expect(await t.db.db.selectFrom('answers').select('id').where('id', '=', asked.body.answer_id).executeTakeFirst()).toBeUndefined();
    expect((await t.api(path, { method: 'DELETE', token: learner })).status).toBe(404);
  });

  it('when the answer was a hint, then reopening it still gives a hint whose sources carry no text', async () => {
    expect((await t.api(`/v1/courses/${courseId}/answer-policy`, { method: 'PUT', token: instructor, body: { mode: 'hints' } })).status).toBe(200);
    const asked = await ask(learner, 'Who discovered classical conditioning?');
    expect(asked.body.answer_mode).toBe('hints');
    await t.api(`/v1/courses/${courseId}/answer-policy`, { method: 'PUT', token: instructor, body: { mode: 'full' } });
    const item = (await history(learner)).body.items[0];
    expect(item).toMatchObject({ answer_id: asked.body.answer_id, answer_mode: 'hints' });
    const reopened = await t.api(`/v1/courses/${courseId}/my-questions/${item.question_id}`, { token: learner });
    expect(reopened.body.answer).toBe(asked.body.answer);
    expect(JSON.stringify(reopened.body).toLowerCase()).not.toContain('pavlov');
    expect(reopened.body.citations[0]).toMatchObject({ text: '', snippet: '' });
  });
});
