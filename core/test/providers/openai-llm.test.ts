import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors/app-error.js';
import { createOpenAiLlm } from '../../src/providers/llm/openai.llm.js';
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
