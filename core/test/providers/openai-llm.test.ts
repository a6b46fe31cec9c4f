import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { createQaRepository } from '../../src/domain/qa/qa.repository.js';
import { createRetrievalRepository } from '../../src/domain/qa/retrieval.repository.js';
import { answerQuestion } from '../../src/domain/qa/answer-question.js';
import { NOT_FOUND_ANSWER } from '../../src/domain/qa/refusal.js';
import { isAppError } from '../../src/errors/app-error.js';
import { createLocalHashEmbeddings } from '../../src/providers/embeddings/local-hash.embeddings.js';
import { createOpenAiLlm } from '../../src/providers/llm/openai.llm.js';
import { createTestDatabase } from '../../../test-support/test-db.js';
import { addDocument, createCourse, createTenant } from '../domain/qa/qa-fixtures.js';
import { chatReply, startFakeOpenAi } from './fake-openai-server.js';

const passages = [
  { marker: 1, title: 'Week 1', text: 'Pavlov studied classical conditioning in dogs.' },
  { marker: 2, title: 'Week 2', text: 'Skinner studied operant conditioning with rats.' },
];
const question = 'Who studied classical conditioning?';

describe('OpenAI-compatible LLM provider (against a fake server on loopback)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => { await close?.(); close = undefined; });

  it('when the model replies with valid JSON, then the answer and its markers come back and the prompt holds only the passages', async () => {
    const fake = await startFakeOpenAi([{ body: chatReply('{"found": true, "answer": "Pavlov studied it [1].", "citations": [1]}') }]);
    close = fake.close;
    const llm = createOpenAiLlm({ apiKey: 'test-key', baseUrl: fake.baseUrl, model: 'fake-model', timeoutMs: 2000 });
    const answer = await llm.answer({ question, passages });
    expect(answer).toEqual({ found: true, answer: 'Pavlov studied it [1].', citedMarkers: [1] });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
    const messages = JSON.stringify(fake.requests[0]?.body.messages);
    expect(messages).toContain('ONLY the numbered course passages');
    expect(messages).toContain('[2] (Week 2)');
    expect(fake.requests[0]?.body.response_format).toEqual({ type: 'json_object' });
  });

  it('when the model says the context does not answer, then found is false (a refusal, not an error)', async () => {
    const fake = await startFakeOpenAi([{ body: chatReply('{"found": false, "answer": "", "citations": []}') }]);
    close = fake.close;
    const llm = createOpenAiLlm({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'fake-model' });
    expect(await llm.answer({ question: 'What is the capital of France?', passages })).toEqual({ found: false, answer: '', citedMarkers: [] });
  });

  it('when the first reply is not JSON and the second is valid, then it retries once and answers', async () => {
    const fake = await startFakeOpenAi([
      { body: chatReply('Sure! Pavlov did [1].') },
      { body: chatReply('{"found": true, "answer": "Pavlov [1].", "citations": [1]}') },
    ]);
    close = fake.close;
    const llm = createOpenAiLlm({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'fake-model' });
    const answer = await llm.answer({ question, passages });
    expect(answer.citedMarkers).toEqual([1]);
    expect(fake.requests).toHaveLength(2);
    expect(JSON.stringify(fake.requests[1]?.body.messages)).toContain('previous reply was invalid (reply is not JSON)');
  });

  it('when the reply is invalid twice (bad JSON, then a marker that names no passage), then a clear UNAVAILABLE error is thrown', async () => {
    const fake = await startFakeOpenAi([
      { body: chatReply('{"found": tru') },
      { body: chatReply('{"found": true, "answer": "From memory [7].", "citations": [7]}') },
    ]);
    close = fake.close;
    const llm = createOpenAiLlm({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'fake-model' });
    const error = await llm.answer({ question, passages }).catch((e: unknown) => e);
    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect((error as Error).message).toMatch(/invalid answer twice.*not JSON.*cites no given passage/);
    expect(fake.requests).toHaveLength(2);
  });

  it('when the model does not answer within the timeout, then UNAVAILABLE names the timeout and nothing is retried', async () => {
    const fake = await startFakeOpenAi([{ body: chatReply('{"found": false, "answer": "", "citations": []}'), delayMs: 2000 }]);
    close = fake.close;
    const llm = createOpenAiLlm({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'fake-model', timeoutMs: 200 });
    const started = Date.now();
    const error = await llm.answer({ question, passages }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: 'The language model did not answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('OpenAI-compatible answers held to the grounded contract (answer-question use case, fake server, real PGlite)', () => {
  const embeddings = createLocalHashEmbeddings(384);
  const NOTES = [
    'Classical conditioning is learning in which a neutral stimulus becomes associated with a meaningful stimulus. Ivan Pavlov discovered it while studying digestion in dogs.',
    'In operant conditioning, behaviour is strengthened or weakened by its consequences. B. F. Skinner studied operant conditioning with rats pressing a lever.',
  ];
  let handle: DatabaseHandle;
  let scope: { tenantId: string; courseId: string };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
    const tenantId = await createTenant(handle.db, 'OpenAI school');
    scope = { tenantId, courseId: await createCourse(handle.db, tenantId, 'Psychology') };
    await addDocument(handle.db, embeddings, scope, 'Learning', NOTES, ['Conditioning']);
  });
  afterAll(async () => { await handle.close(); });
  afterEach(async () => { await close?.(); close = undefined; });

  /** Asks through the use case with the model scripted to reply `replies` (markers are retrieval ranks: [1] is the Pavlov passage). */
  const askWith = async (replies: string[], question = 'Who discovered classical conditioning?') => {
    const fake = await startFakeOpenAi(replies.map((content) => ({ body: chatReply(content) })));
    close = fake.close;
    const llm = createOpenAiLlm({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'fake-model', timeoutMs: 5000 });
    const deps = { retrieval: createRetrievalRepository(handle.db), embeddings, llm, store: createQaRepository(handle.db) };
    return { result: await answerQuestion(deps, { ...scope, userId: null, question }), fake };
  };

  it('when the model answers from the passages and cites them, then the answer stands with its citations and the prompt held only the passages', async () => {
    const { result, fake } = await askWith(['{"found": true, "answer": "Ivan Pavlov discovered classical conditioning while studying digestion in dogs [1].", "citations": [1]}']);
    expect(result).toMatchObject({ found: true, answer: 'Ivan Pavlov discovered classical conditioning while studying digestion in dogs [1].' });
    expect(result.citations.find((c) => c.cited)?.text).toBe(NOTES[0]);
    const prompt = JSON.stringify(fake.requests[0]?.body.messages);
    expect(prompt).toContain('ONLY the numbered course passages');
    expect(prompt).toContain('Ivan Pavlov discovered it');
  });

  it('when one sentence is not supported by the passage it cites, then that sentence is dropped server-side and the rest stands', async () => {
    const { result } = await askWith([JSON.stringify({
      found: true, citations: [1, 2],
      answer: 'Ivan Pavlov discovered classical conditioning while studying digestion in dogs [1]. He later won the Nobel Prize for his work on the telephone [2].',
    })]);
    expect(result.found).toBe(true);
    expect(result.answer).toBe('Ivan Pavlov discovered classical conditioning while studying digestion in dogs [1].');
    expect(result.answer).not.toContain('Nobel');
    expect(result.retrievalStats.droppedSentences).toBe(1);
  });

  it('when no sentence is supported by its citation (outside knowledge), then it is a refusal', async () => {
    const { result } = await askWith(['{"found": true, "answer": "Pavlov was born in Ryazan in 1849 [1]. He won the Nobel Prize in 1904 [2].", "citations": [1, 2]}']);
    expect(result).toMatchObject({ found: false, answer: NOT_FOUND_ANSWER, citations: [] });
  });

  it('when a sentence carries no citation at all, then it is dropped', async () => {
    const { result } = await askWith(['{"found": true, "answer": "Everyone knows dogs drool. Ivan Pavlov discovered classical conditioning [1].", "citations": [1]}']);
    expect(result.answer).toBe('Ivan Pavlov discovered classical conditioning [1].');
  });

  it('when the model says the context is silent, then it is a refusal', async () => {
    const { result } = await askWith(['{"found": false, "answer": "", "citations": []}'], 'What did Skinner eat for breakfast?');
    expect(result).toMatchObject({ found: false, answer: NOT_FOUND_ANSWER });
  });

  it('when the model replies malformed twice, then the use case fails with UNAVAILABLE and stores nothing as an answer', async () => {
    const before = await handle.db.selectFrom('answers').select(handle.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const error = await askWith(['not json at all', '{"found": true, "answer": 42}']).catch((e: unknown) => e);
    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    const after = await handle.db.selectFrom('answers').select(handle.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
