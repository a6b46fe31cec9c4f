import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import type { LlmProvider } from './llm.port.js';
import { createLocalExtractiveLlm } from './local-extractive.llm.js';
import { createOpenAiLlm } from './openai.llm.js';

export * from './llm.port.js';
export { createLocalExtractiveLlm, type LocalExtractiveOptions } from './local-extractive.llm.js';
export { createOpenAiLlm, type OpenAiLlmOptions } from './openai.llm.js';

/**
 * The answerer chosen by configuration: the offline extractive one by default, an OpenAI-compatible
 * chat model when `LLM_PROVIDER=openai`.
 *
 * @example
 * const llm = createLlmProvider(loadConfig());
 */
export function createLlmProvider(config: Pick<Config, 'llm' | 'openai'>): LlmProvider {
  if (config.llm.provider === 'local') return createLocalExtractiveLlm();
  if (!config.openai.apiKey) throw new AppError('INVALID_ARGUMENT', 'OPENAI_API_KEY is required for the openai LLM provider');
  return createOpenAiLlm({ apiKey: config.openai.apiKey, baseUrl: config.openai.baseUrl, model: config.llm.model, timeoutMs: config.llm.timeoutMs });
}
