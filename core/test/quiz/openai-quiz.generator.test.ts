import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiQuizGenerator } from '../../src/providers/llm/openai-quiz.generator.js';
import type { SourceChunk } from '../../src/domain/quiz/types.js';

/** A local stand-in for an OpenAI-compatible endpoint: replies with the queued contents, records requests. */
function fakeChatServer() {
  const replies: string[] = [];
  const requests: { messages: { role: string; content: string }[] }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      requests.push(JSON.parse(body));
      const content = replies.shift() ?? '{}';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'fake', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }] }));
    });
  });
  return { server, replies, requests };
}

const chunks: SourceChunk[] = [1, 2, 3].map((i) => ({
  id: `chunk-${i}`, documentId: 'doc', documentTitle: 'Operant Conditioning', topicId: `topic-${i}`, topicTitle: `Topic ${i}`,
  headingPath: ['6.3 Operant Conditioning', `Topic ${i}`],
  content: `Passage ${i}. In positive reinforcement, a desirable stimulus is added to increase a behavior. `.repeat(4),
}));

const good = {
  questions: [
    { type: 'multiple_choice', prompt: 'A parent gives a toy when a child cleans up. Which concept is this?', choices: ['positive reinforcement', 'negative reinforcement', 'positive punishment', 'negative punishment'], answer_index: 0, explanation: 'A desirable stimulus is added to increase the behavior [1].', passages: [1] },
    { type: 'true_false', prompt: 'Positive reinforcement removes a stimulus.', answer_bool: false, explanation: 'It adds a desirable stimulus [2].', passages: [2] },
    { type: 'short_answer', prompt: 'What is adding a desirable stimulus to increase a behavior called?', answer_text: 'positive reinforcement', accept: ['reinforcement (positive)'], explanation: 'Passage 3 defines it.', passages: [3] },
  ],
};

describe('OpenAI-compatible quiz generator', () => {
  const fake = fakeChatServer();
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', () => resolve()));
    baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('when the model replies with valid JSON, then questions keep their cited chunks, topics and answer keys', async () => {
    fake.replies.push(JSON.stringify(good));
    const generator = createOpenAiQuizGenerator({ apiKey: 'test', baseUrl, model: 'fake-model' });
    const questions = await generator.generate({ chunks, tier: 3, numQuestions: 3, seed: 's' });
    expect(generator.name).toBe('openai:fake-model');
    expect(questions).toHaveLength(3);
    expect(questions.every((q) => q.tier === 3 && q.chunkIds.length === 1 && q.topicId === chunks.find((c) => c.id === q.chunkIds[0])?.topicId)).toBe(true);
    expect(questions[0]?.answer).toEqual({ kind: 'choice', index: 0, text: 'positive reinforcement' });
    expect(questions[1]?.answer).toEqual({ kind: 'boolean', value: false });
    expect(questions[2]?.answer).toMatchObject({ kind: 'text', text: 'positive reinforcement' });
    const sent = fake.requests.at(-1)?.messages ?? [];
    expect(sent[0]?.content).toMatch(/Tier 3 \(apply\)/);
    expect(sent[1]?.content).toMatch(/\[1\] \(Operant Conditioning/);
  });

  it('when the first reply breaks the schema, then it retries once with the reason and uses the second', async () => {
    fake.replies.push(JSON.stringify({ questions: [{ ...good.questions[0], choices: ['a', 'a', 'b', 'c'] }] }), JSON.stringify(good));
    const before = fake.requests.length;
    const questions = await createOpenAiQuizGenerator({ apiKey: 'test', baseUrl, model: 'fake-model' }).generate({ chunks, tier: 2, numQuestions: 2, seed: 's' });
    expect(questions).toHaveLength(3); // every valid item of the reply: the gate picks the ones served
    expect(fake.requests.length - before).toBe(2);
    expect(fake.requests.at(-1)?.messages.at(-1)?.content).toMatch(/previous reply was invalid.*4 distinct choices/);
  });

  it('when the model twice cites passages it was not given or is not JSON, then UNAVAILABLE', async () => {
    fake.replies.push(JSON.stringify({ questions: [{ ...good.questions[0], passages: [9] }] }), 'not json');
    await expect(createOpenAiQuizGenerator({ apiKey: 'test', baseUrl, model: 'fake-model' }).generate({ chunks, tier: 1, numQuestions: 1, seed: 's' }))
      .rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
