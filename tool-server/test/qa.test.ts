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

describe('grounded Q&A API', () => {
  let t: TestApp;
  let instructor: string;
  let learner: string;
  let outsider: string;
  let courseId: string;

  beforeAll(async () => {
    t = await startTestApp({ services: { embeddings, llm: createLocalExtractiveLlm() } });
    [instructor, learner, outsider] = await Promise.all([t.login('instructor'), t.login('learner'), t.login('learner2')]);
    const course = await t.api('/v1/courses', { token: instructor, body: { title: 'Psychology 101' } });
    expect(course.status).toBe(201);
    courseId = course.body.id;
    const enrol = await t.api(`/v1/courses/${courseId}/members`, { token: instructor, body: { user_id: t.demo.users.learner, role: 'learner' } });
    expect(enrol.status).toBe(201);
    await addDocument(t.db.db, embeddings, { tenantId: t.demo.tenantId, courseId }, 'Learning and memory', NOTES, ['Learning']);
  });
  afterAll(() => t.close());

  it('when an enrolled learner asks, then the answer comes from the course with markers and citations, without debug stats', async () => {
    const res = await t.api(`/v1/courses/${courseId}/query`, { token: learner, body: { question: 'Who discovered classical conditioning?' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ found: true, answer_id: expect.any(String) });
    expect(res.body.answer).toContain('Ivan Pavlov discovered it while studying digestion in dogs. [1]');
    expect(res.body.citations[0]).toMatchObject({
      marker: 1, document_title: 'Learning and memory', chunk_index: 0, location: { page: 1, heading: 'Learning' }, text: NOTES[0], cited: true,
    });
    expect(res.body.citations[0].snippet.length).toBeLessThanOrEqual(300);
    expect(res.body.citations.length).toBe(3);
    expect(res.body.retrieval_stats).toBeUndefined();
    // Sources read [1], [2], … in the order the answer cites them; uncited candidates come after.
    const markers = res.body.citations.map((c: { marker: number }) => c.marker);
    expect(markers).toEqual([1, 2, 3]);
    const cited = res.body.citations.filter((c: { cited: boolean }) => c.cited).map((c: { marker: number }) => c.marker);
    expect(cited).toEqual(cited.map((_: number, i: number) => i + 1));
    const mentioned = [...new Set([...String(res.body.answer).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
    expect(mentioned).toEqual(mentioned.map((_, i) => i + 1));
  });

  it('when an instructor asks with debug, then retrieval_stats shows both legs, fusion, rerank, selection and latency per stage', async () => {
    const res = await t.api(`/v1/courses/${courseId}/query`, { token: instructor, body: { question: 'What did Skinner study with rats?', debug: true, top_k: 2, top_n: 5 } });
    expect(res.status).toBe(200);
    const stats = res.body.retrieval_stats;
    expect(stats.legs.vector.length).toBe(3);
    expect(stats.legs.lexical[0]).toMatchObject({ chunk_id: expect.any(String), score: expect.any(Number) });
    expect(stats.fused.length).toBeGreaterThan(0);
    expect(stats.reranked[0]).toMatchObject({ vector_similarity: expect.any(Number), lexical: expect.any(Number) });
    expect(stats.selected).toEqual(res.body.citations.map((c: { chunk_id: string }) => c.chunk_id));
    expect(stats.selected).toHaveLength(2);
    expect(Object.keys(stats.latency_ms)).toEqual(expect.arrayContaining(['embed', 'vector', 'lexical', 'rerank', 'total']));
  });

  it('when a learner asks for debug, then 403', async () => {
    const res = await t.api(`/v1/courses/${courseId}/query`, { token: learner, body: { question: 'What is operant conditioning?', debug: true } });
    expect(res.status).toBe(403);
  });

  it('when the question is longer than 1,000 characters or empty, then 400 INVALID_ARGUMENT', async () => {
    for (const question of ['x'.repeat(1001), '   ']) {
      const res = await t.api(`/v1/courses/${courseId}/query`, { token: learner, body: { question } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    }
  });

  it('when the course does not cover the question, then found is false with "Not found in course content." and a suggestion', async () => {
    const res = await t.api(`/v1/courses/${courseId}/query`, { token: learner, body: { question: 'What is the boiling point of liquid nitrogen?' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ found: false, answer: 'Not found in course content.', citations: [] });
    expect(res.body.suggestion).toContain('Learning and memory');
  });

  it('when someone not enrolled asks, then 403 and nothing is answered', async () => {
    const res = await t.api(`/v1/courses/${courseId}/query`, { token: outsider, body: { question: 'Who discovered classical conditioning?' } });
    expect(res.status).toBe(403);
  });

  it('when the learner gives feedback, then it is stored once per user and the instructor sees it in recent questions; others cannot', async () => {
    const asked = await t.api(`/v1/courses/${courseId}/query`, { token: learner, body: { question: 'Who showed observational learning?' } });
    const answerId = asked.body.answer_id as string;
    const first = await t.api(`/v1/answers/${answerId}/feedback`, { token: learner, body: { helpful: false, grounded: true } });
    expect(first.status).toBe(200);
    const second = await t.api(`/v1/answers/${answerId}/feedback`, { token: learner, body: { helpful: true, grounded: true, comment: 'Spot on' } });
    expect(second.body).toMatchObject({ answer_id: answerId, helpful: true, grounded: true, comment: 'Spot on', feedback_id: first.body.feedback_id });

    const notEnrolled = await t.api(`/v1/answers/${answerId}/feedback`, { token: outsider, body: { helpful: false, grounded: false } });
    expect(notEnrolled.status).toBe(404);
    const unknown = await t.api('/v1/answers/00000000-0000-4000-8000-000000000000/feedback', { token: learner, body: { helpful: true, grounded: true } });
    expect(unknown.status).toBe(404);

    expect((await t.api(`/v1/courses/${courseId}/questions`, { token: learner })).status).toBe(403);
    const recent = await t.api(`/v1/courses/${courseId}/questions?limit=5`, { token: instructor });
    expect(recent.status).toBe(200);
    expect(recent.body.items.length).toBeLessThanOrEqual(5);
    expect(recent.body.items[0]).toMatchObject({
      answer_id: answerId, question: 'Who showed observational learning?', found: true, user_id: t.demo.users.learner,
      feedback: { helpful_count: 1, not_helpful_count: 0, grounded_count: 1, not_grounded_count: 0, comments: ['Spot on'] },
    });
  });
});

describe('grounded Q&A rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_EXPENSIVE_PER_MINUTE: '2' }, services: { embeddings, llm: createLocalExtractiveLlm() } });
  });
  afterAll(() => t.close());

  it('when a user asks more often than the expensive limit allows, then 429 RATE_LIMITED', async () => {
    const instructor = await t.login('instructor');
    const course = await t.api('/v1/courses', { token: instructor, body: { title: 'Limits' } });
    const ask = () => t.api(`/v1/courses/${course.body.id}/query`, { token: instructor, body: { question: 'anything?' } });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });
});
