import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbeddings } from '../../src/providers/embeddings/openai.embeddings.js';
import { embeddingsReply, startFakeOpenAi } from './fake-openai-server.js';

describe('OpenAI-compatible embeddings provider (against a fake server on loopback)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => { await close?.(); close = undefined; });

  it('when given more texts than a batch, then it sends several requests and keeps the order', async () => {
    const fake = await startFakeOpenAi([
      { body: embeddingsReply([[1, 0], [0, 1]]) },
      { body: embeddingsReply([[0.5, 0.5]]) },
    ]);
    close = fake.close;
    const provider = createOpenAiEmbeddings({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'fake-embed', dimensions: 2, batchSize: 2 });
    expect(provider.model).toBe('openai/fake-embed');
    const vectors = await provider.embed(['a', 'b', 'c'], 'document');
    expect(vectors).toEqual([[1, 0], [0, 1], [0.5, 0.5]]);
    expect(fake.requests.map((r) => r.body.input)).toEqual([['a', 'b'], ['c']]);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'fake-embed', dimensions: 2 });
  });

  it('when the server fails with 500 then recovers, then it retries with backoff and succeeds', async () => {
    const fake = await startFakeOpenAi([
      { status: 500, body: { error: { message: 'boom' } } },
      { status: 429, body: { error: { message: 'slow down' } } },
      { body: embeddingsReply([[1, 0]]) },
    ]);
    close = fake.close;
    const provider = createOpenAiEmbeddings({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'm', dimensions: 2, backoffMs: 10 });
    expect(await provider.embed(['x'], 'query')).toEqual([[1, 0]]);
    expect(fake.requests).toHaveLength(3);
  });

  it('when the request is bad (400), then it does not retry and throws UNAVAILABLE with the cause', async () => {
    const fake = await startFakeOpenAi([{ status: 400, body: { error: { message: 'bad input' } } }]);
    close = fake.close;
    const provider = createOpenAiEmbeddings({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'm', dimensions: 2, backoffMs: 10 });
    const error = await provider.embed(['x'], 'query').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect((error as Error).cause).toBeDefined();
    expect(fake.requests).toHaveLength(1);
  });

  it('when every attempt times out, then it gives up after maxAttempts', async () => {
    const fake = await startFakeOpenAi([{ body: embeddingsReply([[1, 0]]), delayMs: 1000 }]);
    close = fake.close;
    const provider = createOpenAiEmbeddings({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'm', dimensions: 2, timeoutMs: 100, maxAttempts: 2, backoffMs: 10 });
    const error = await provider.embed(['x'], 'query').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('after 2 attempt(s)') });
    expect(fake.requests).toHaveLength(2);
  });

  it('when the endpoint returns the wrong dimension, then it refuses the vectors', async () => {
    const fake = await startFakeOpenAi([{ body: embeddingsReply([[1, 0, 0]]) }]);
    close = fake.close;
    const provider = createOpenAiEmbeddings({ apiKey: 'k', baseUrl: fake.baseUrl, model: 'm', dimensions: 2 });
    await expect(provider.embed(['x'], 'query')).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('wrong dimension') });
  });
});
