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
    // Nothing in the course is about boiling or nitrogen: no unrelated section is offered as "closest".
    expect(res.body.suggestion).toBe('This course does not seem to cover that. You could ask your instructor.');
  });

  it('when a question is misspelt, then it is corrected against the course\'s words and answered', async () => {
    const res = await t.api(`/v1/courses/${courseId}/query`, { token: learner, body: { question: 'Who discoverd clasical conditioning?' } });
    expect(res.status).toBe(200);
    expect(res.body.found).toBe(true);
    expect(res.body.corrections).toEqual([{ from: 'discoverd', to: 'discovered' }, { from: 'clasical', to: 'classical' }]);
    expect(res.body.resolved_question).toBe('Who discovered classical conditioning?');
    expect(res.body.answer).toContain('Ivan Pavlov');
  });

  it('when a follow-up leans on the previous question, then it is read against it', async () => {
    const res = await t.api(`/v1/courses/${courseId}/query`, {
      token: learner, body: { question: 'and what about operant conditioning?', previous_question: 'What is classical conditioning?' },
    });
    expect(res.status).toBe(200);
    expect(res.body.resolved_question).toBe('What is operant conditioning?');
    expect(res.body.answer).toContain('In operant conditioning, behaviour is strengthened or weakened by its consequences.');
    expect(res.body.answer).not.toContain('Pavlov');
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

describe('the teacher\'s answer policy', () => {
  let t: TestApp;
  let instructor: string;
  let learner: string;
  let courseId: string;
  const hour = 3_600_000;
  const setPolicy = (body: Record<string, unknown>) => t.api(`/v1/courses/${courseId}/answer-policy`, { method: 'PUT', token: instructor, body });
  const ask = (question: string, extra: Record<string, unknown> = {}) => t.api(`/v1/courses/${courseId}/query`, { token: learner, body: { question, ...extra } });

  beforeAll(async () => {
    t = await startTestApp({ services: { embeddings, llm: createLocalExtractiveLlm() } });
    [instructor, learner] = await Promise.all([t.login('instructor'), t.login('learner')]);
    courseId = (await t.api('/v1/courses', { token: instructor, body: { title: 'Policy course' } })).body.id;
    await t.api(`/v1/courses/${courseId}/members`, { token: instructor, body: { user_id: t.demo.users.learner, role: 'learner' } });
    await addDocument(t.db.db, embeddings, { tenantId: t.demo.tenantId, courseId }, 'Learning and memory', NOTES, ['Learning']);
  });
  afterAll(() => t.close());

  it('when the course is set to hints only, then a learner gets a hint pointing to the passage that never contains the key', async () => {
    expect((await setPolicy({ mode: 'hints' })).body).toMatchObject({ mode: 'hints', source: 'course' });
    const cases = [
      { question: 'Who discovered classical conditioning?', keys: ['Ivan Pavlov', 'Pavlov', 'digestion'] },
      { question: 'What did Skinner study with rats?', keys: ['operant', 'lever'] },
      { question: 'Who showed observational learning in the Bobo doll experiment?', keys: ['Albert Bandura', 'Bandura'] },
      { question: 'What is classical conditioning?', keys: ['neutral stimulus', 'meaningful stimulus'] },
    ];
    for (const { question, keys } of cases) {
      const res = await ask(question);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ found: true, answer_mode: 'hints' });
      expect(res.body.answer).toMatch(/^Hint: read passage \[1\]/);
      const everything = JSON.stringify(res.body);
      for (const key of keys) expect(everything.toLowerCase()).not.toContain(key.toLowerCase());
      expect(res.body.citations[0]).toMatchObject({ marker: 1, document_title: 'Learning and memory', text: '', snippet: '' });
    }
    // The instructor who set it still gets full answers.
    const full = await t.api(`/v1/courses/${courseId}/query`, { token: instructor, body: { question: 'Who discovered classical conditioning?' } });
    expect(full.body).toMatchObject({ answer_mode: 'full' });
    expect(full.body.answer).toContain('Ivan Pavlov');
  });

  it('when an exam window is on now, then answers are off and the learner is told until when; before and after it, the course mode applies', async () => {
    const now = Date.now();
    const during = await setPolicy({ mode: 'full', window: { mode: 'off', starts_at: new Date(now - hour).toISOString(), ends_at: new Date(now + hour).toISOString() } });
    expect(during.body).toMatchObject({ mode: 'off', next_mode: 'full', changes_at: new Date(now + hour).toISOString() });
    const shown = await t.api(`/v1/courses/${courseId}/answer-policy`, { token: learner });
    expect(shown.body).toMatchObject({ mode: 'off', source: 'course' });
    expect(shown.body.message).toMatch(/^Answers are turned off until \d{4}-\d\d-\d\d \d\d:\d\d UTC; then full answers with sources\.$/);
    const refused = await ask('Who discovered classical conditioning?');
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ answer_policy: 'off' });

    const later = await setPolicy({ mode: 'full', window: { mode: 'hints', starts_at: new Date(now + hour).toISOString(), ends_at: new Date(now + 2 * hour).toISOString() } });
    expect(later.body).toMatchObject({ mode: 'full', next_mode: 'hints', changes_at: new Date(now + hour).toISOString() });
    expect((await ask('Who discovered classical conditioning?')).body).toMatchObject({ found: true, answer_mode: 'full' });

    const past = await setPolicy({ mode: 'hints', window: { mode: 'off', starts_at: new Date(now - 2 * hour).toISOString(), ends_at: new Date(now - hour).toISOString() } });
    expect(past.body).toMatchObject({ mode: 'hints', changes_at: null, next_mode: null });
    expect((await ask('Who discovered classical conditioning?')).body).toMatchObject({ answer_mode: 'hints' });
  });

  it('when a placement has its own policy, then it wins there and the course policy applies elsewhere; a foreign placement is 404', async () => {
    await setPolicy({ mode: 'full' });
    const db = t.db.db;
    const registration = await db.insertInto('lti_registrations').values({
      tenant_id: t.demo.tenantId, name: 'Policy LMS', kind: 'canvas', issuer: 'https://lms.example', client_id: 'policy-client',
      auth_login_url: 'https://lms.example/auth', auth_token_url: 'https://lms.example/token', keyset_url: 'https://lms.example/jwks',
    }).returning('id').executeTakeFirstOrThrow();
    const link = await db.insertInto('lti_resource_links').values({
      tenant_id: t.demo.tenantId, course_id: courseId, registration_id: registration.id, resource_link_id: 'exam-page', widget: 'ask',
    }).returning('id').executeTakeFirstOrThrow();
    expect((await setPolicy({ placement_id: link.id, mode: 'off' })).body).toMatchObject({ mode: 'off', source: 'placement' });
    expect((await ask('Who discovered classical conditioning?', { placement_id: link.id })).status).toBe(403);
    expect((await ask('Who discovered classical conditioning?')).body).toMatchObject({ answer_mode: 'full' });
    const foreign = await ask('Who discovered classical conditioning?', { placement_id: '00000000-0000-4000-8000-000000000000' });
    expect(foreign.status).toBe(404);
    expect((await t.api(`/v1/courses/${courseId}/answer-policy`, { method: 'PUT', token: learner, body: { mode: 'full' } })).status).toBe(403);
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
