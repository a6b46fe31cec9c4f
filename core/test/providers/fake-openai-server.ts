import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server saw, with its parsed JSON body. */
export interface SeenRequest { path: string; body: Record<string, unknown> }

/** How the fake answers a request: a status and a JSON body, optionally after a delay. */
export interface FakeReply { status?: number; body: unknown; delayMs?: number }

/**
 * A tiny OpenAI-compatible server on loopback for provider contract tests: each request is answered by
 * the next scripted reply (the last one repeats). Nothing leaves the machine.
 *
 * @example
 * const fake = await startFakeOpenAi([{ body: chatReply('{"found":false,"answer":"","citations":[]}') }]);
 */
export async function startFakeOpenAi(replies: FakeReply[]): Promise<{ baseUrl: string; requests: SeenRequest[]; close(): Promise<void> }> {
  const requests: SeenRequest[] = [];
  const readBody = async (req: IncomingMessage) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    return JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>;
  };
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      requests.push({ path: req.url ?? '', body });
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)] ?? { body: {} };
      const timer = setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
      res.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A chat-completions response whose message content is `content`. */
export function chatReply(content: string) {
  return {
    id: 'chatcmpl-test', object: 'chat.completion', created: 0, model: 'fake-model',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
  };
}

/** An embeddings response with the given vectors. */
export function embeddingsReply(vectors: number[][]) {
  return { object: 'list', model: 'fake-embed', data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })), usage: { prompt_tokens: 0, total_tokens: 0 } };
}
