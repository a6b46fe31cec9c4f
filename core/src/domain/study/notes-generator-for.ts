import type { Config } from '../../config/config.js';
import { createLocalNotesGenerator } from './generate-local-notes.js';
import { createOpenAiNotesGenerator } from './openai-notes.generator.js';
import type { NotesGenerator } from './types.js';

/**
 * The notes generator the configuration chooses: the OpenAI-compatible one when LLM_PROVIDER=openai (with a
 * key), else the local extractive one. Built once per process by the worker's job runtime.
 *
 * @example
 * const notesGenerator = studyNotesGeneratorFor(config);
 */
export function studyNotesGeneratorFor(config: Pick<Config, 'llm' | 'openai'>): NotesGenerator {
  const { llm, openai } = config;
  return llm.provider === 'openai' && openai.apiKey
    ? createOpenAiNotesGenerator({ apiKey: openai.apiKey, baseUrl: openai.baseUrl, model: llm.model, timeoutMs: llm.timeoutMs })
    : createLocalNotesGenerator();
}
