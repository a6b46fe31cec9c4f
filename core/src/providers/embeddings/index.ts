import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { EmbeddingsProvider } from './embeddings.port.js';
import { createLocalHashEmbeddings } from './local-hash.embeddings.js';
import { createOpenAiEmbeddings } from './openai.embeddings.js';

export type { EmbeddingsProvider } from './embeddings.port.js';
export { createLocalHashEmbeddings } from './local-hash.embeddings.js';
export { createOpenAiEmbeddings, type OpenAiEmbeddingsOptions } from './openai.embeddings.js';

/**
 * The embeddings provider chosen by configuration: the offline hashed-lexical one by default, an
 * OpenAI-compatible endpoint when `EMBEDDINGS_PROVIDER=openai`.
 *
 * @example
 * const embeddings = createEmbeddingsProvider(loadConfig());
 */
export function createEmbeddingsProvider(config: Pick<Config, 'embeddings' | 'openai'>): EmbeddingsProvider {
  if (config.embeddings.provider === 'local') return createLocalHashEmbeddings(config.embeddings.dimensions);
  if (!config.openai.apiKey) throw new AppError('INVALID_ARGUMENT', 'OPENAI_API_KEY is required for the openai embeddings provider');
  return createOpenAiEmbeddings({
    apiKey: config.openai.apiKey,
    baseUrl: config.openai.baseUrl,
    model: config.embeddings.model,
    dimensions: config.embeddings.dimensions,
  });
}
