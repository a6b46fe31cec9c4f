import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { upsertMembership } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/** A stand-in OpenAI-compatible endpoint that writes one question citing the first passage it was given. */
function fakeModel() {
  const prompts: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const request = JSON.parse(body) as { messages: { content: string }[] };
      prompts.push(request.messages.map((m) => m.content).join('\n'));
      const content = JSON.stringify({ questions: [{
        type: 'multiple_choice', prompt: 'A dog salivates at a bell that was paired with food. What is the bell now?',
        choices: ['conditioned stimulus', 'unconditioned stimulus', 'neutral stimulus', 'unconditioned response'], answer_index: 0,
        explanation: 'After pairing, the bell elicits the response on its own [1].', passages: [1],
      }] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'fake', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] }));
    });
  });
  return { server, prompts };
}

describe('quizzes with an OpenAI-compatible model', () => {
  const model = fakeModel();
  let t: TestApp;
  let courseId: string;
  let chunkId: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => model.server.listen(0, '127.0.0.1', () => resolve()));
    const baseUrl = `http://127.0.0.1:${(model.server.address() as AddressInfo).port}/v1`;
    t = await startTestApp({ env: { LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: baseUrl, LLM_MODEL: 'fake-model' } });
    const instructor = await t.login('instructor');
    courseId = (await t.api('/v1/courses', { token: instructor, body: { title: 'Conditioning' } })).body.id;
    await t.api(`/v1/courses/${courseId}/members`, { token: instructor, body: { user_id: t.demo.users.learner, role: 'learner' } });
    const doc = await t.deps.db.insertInto('documents').values({ tenant_id: t.demo.tenantId, course_id: courseId, title: 'Pavlov', format: 'markdown', media_type: 'text/markdown', byte_size: 1 }).returning('id').executeTakeFirstOrThrow();
    const topic = await t.deps.db.insertInto('topics').values({ tenant_id: t.demo.tenantId, course_id: courseId, document_id: doc.id, title: 'Classical conditioning' }).returning('id').executeTakeFirstOrThrow();
    const content = 'Pavlov paired a tone with meat powder. After repeated pairings the tone alone made the dogs salivate: the tone had become a conditioned stimulus, a stimulus that elicits a response after being paired with an unconditioned stimulus.';
    chunkId = (await t.deps.db.insertInto('chunks').values({ tenant_id: t.demo.tenantId, course_id: courseId, document_id: doc.id, topic_id: topic.id, chunk_index: 0, content, heading_path: ['Pavlov', 'Classical conditioning'], char_start: 0, char_end: content.length }).returning('id').executeTakeFirstOrThrow()).id;
    await upsertMembership(t.deps.db, t.demo.tenantId, t.demo.users.learner, 'learner');
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => model.server.close(() => resolve()));
  });

  it('when LLM_PROVIDER=openai, then the quiz comes from the model, cites the passage it used and grades like any other', async () => {
    const token = await t.login('learner');
    const quiz = await t.api(`/v1/courses/${courseId}/quizzes`, { token, body: { num_questions: 1 } });
    expect(quiz.status).toBe(201);
    expect(quiz.body).toMatchObject({ generator: 'openai:fake-model', tier: 1 });
    expect(quiz.body.questions[0]).toMatchObject({ type: 'multiple_choice', tier: 1, topic: { title: 'Classical conditioning' } });
    expect(model.prompts.at(-1)).toMatch(/Tier 1 \(recall\)[\s\S]*Pavlov paired a tone/);
    const result = await t.api(`/v1/quizzes/${quiz.body.id}/attempts`, { token, body: { answers: [{ question_id: quiz.body.questions[0].id, answer: 'conditioned stimulus' }] } });
    // The gate may have moved the key to balance positions across the bank: the choice is answered by its text.
    expect(quiz.body.questions[0].choices).toContain('conditioned stimulus');
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ score: 1, max_score: 1 });
    expect(result.body.results[0].citations[0]).toMatchObject({ chunk_id: chunkId, document_title: 'Pavlov' });
    expect(result.body.results[0].citations[0].snippet).toMatch(/conditioned stimulus/);
  });
});
