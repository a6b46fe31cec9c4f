import OpenAI from 'openai';
import { AppError } from '../../errors/app-error.js';
import type { EmbeddingsProvider } from './embeddings.port.js';

/** Options of the OpenAI-compatible embeddings adapter. */
export interface OpenAiEmbeddingsOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint; the official API when absent. */
  baseUrl?: string | undefined;
  model: string;
  dimensions: number;
  /** Texts per request. @defaultValue 96 */
  batchSize?: number;
  /** Per-request timeout. @defaultValue 30000 */
  timeoutMs?: number;
  /** Attempts per batch, including the first. @defaultValue 4 */
  maxAttempts?: number;
  /** First backoff delay; doubles each retry, with jitter. @defaultValue 500 */
  backoffMs?: number;
}

/** Errors worth another attempt: network trouble, timeouts, rate limits and server errors — not bad input. */
function isRetryable(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError) return true; // includes APIConnectionTimeoutError
  if (error instanceof OpenAI.APIError) return error.status === 429 || (error.status ?? 0) >= 500;
  return false;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Embeddings from an OpenAI-compatible `/embeddings` endpoint: batched requests, a timeout per request,
 * and retries with exponential backoff on rate limits, server errors and timeouts. After the last attempt
 * it throws `AppError('UNAVAILABLE')` with the provider's error as `cause`.
 *
 * @example
 * const provider = createOpenAiEmbeddings({ apiKey, model: 'text-embedding-3-small', dimensions: 384 });
 * const vectors = await provider.embed(chunkTexts, 'document');
 */
export function createOpenAiEmbeddings(options: OpenAiEmbeddingsOptions): EmbeddingsProvider {
  const batchSize = options.batchSize ?? 96;
  const maxAttempts = options.maxAttempts ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  // The SDK's own retries are off so that the attempts and backoff here are the only ones (and testable).
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs ?? 30_000, maxRetries: 0 });

  const embedBatch = async (batch: string[]): Promise<number[][]> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await client.embeddings.create({
          model: options.model,
          input: batch.map((text) => text || ' '),
          dimensions: options.dimensions,
          encoding_format: 'float',
        });
        const vectors = [...response.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
        if (vectors.length !== batch.length || vectors.some((v) => v.length !== options.dimensions)) {
          throw new AppError('UNAVAILABLE', `Embeddings endpoint returned ${vectors.length} vectors for ${batch.length} texts or the wrong dimension (expected ${options.dimensions})`);
        }
        return vectors;
      } catch (error) {
        if (attempt < maxAttempts && isRetryable(error)) {
          await sleep(backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
          continue;
        }
        if (error instanceof AppError) throw error;
        throw new AppError('UNAVAILABLE', `Embeddings request failed after ${attempt} attempt(s): ${(error as Error).message}`, { model: options.model }, { cause: error });
      }
    }
  };

  return {
    model: `openai/${options.model}`,
    dimensions: options.dimensions,
    embed: async (texts) => {
      const out: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        out.push(...(await embedBatch(texts.slice(start, start + batchSize))));
      }
      return out;
    },
  };
}
