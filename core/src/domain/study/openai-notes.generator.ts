import OpenAI from 'openai';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import type { SourceChunk } from '../quiz/types.js';
import type { NoteLine, NotesGenerator, NotesRequest } from './types.js';

/** Options of the OpenAI-compatible notes generator. */
export interface OpenAiNotesOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  model: string;
  /** @defaultValue 60000 */
  timeoutMs?: number;
  /** Passages of the document sent per request (the first ones, in reading order). @defaultValue 24 */
  maxPassages?: number;
}

/** The only shape the model may answer with. */
const ModelNotes = z.object({
  lines: z.array(z.object({
    kind: z.enum(['heading', 'key_point', 'term']),
    text: z.string().min(2).max(600),
    term: z.string().max(120).optional(),
    definition: z.string().max(500).optional(),
    passage: z.number().int().positive(),
  })).min(1),
});

const SYSTEM = [
  'You write study notes for students from ONLY the numbered passages of one course document. Never use outside knowledge.',
  'Write an outline: for each section a "heading" line (the section heading as the passage states it), 1–4 "key_point" lines',
  '(the section\'s main points, each close to the passage\'s own words), and a "term" line for each key term the section defines',
  '("term: definition", with "term" and "definition" also given separately, the definition in the passage\'s words).',
  'Every line names in "passage" the ONE passage that states it; a line no single passage supports must be left out.',
  'Reply with one JSON object and nothing else: {"lines": [{"kind", "text", "term"?, "definition"?, "passage"}]}.',
].join('\n');

/**
 * A notes generator backed by any OpenAI-compatible chat-completions endpoint, under the same contract as the
 * local one: the reply must be JSON matching the schema, and every line cites a passage that was sent (the
 * caller then drops lines the passage does not support). An invalid reply is retried once; a second one, or
 * no answer, throws `AppError('UNAVAILABLE')` (the ingestion job retries later).
 *
 * @example
 * const generator = createOpenAiNotesGenerator({ apiKey, model: 'gpt-4o-mini' });
 */
export function createOpenAiNotesGenerator(options: OpenAiNotesOptions): NotesGenerator {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs ?? 60_000, maxRetries: 0 });
  return {
    name: `openai:${options.model}`,
    generate: async (request: NotesRequest): Promise<NoteLine[]> => {
      const passages: SourceChunk[] = request.documentChunks.slice(0, options.maxPassages ?? 24);
      if (passages.length === 0) return [];
      const user = `Document: ${request.documentTitle}\n\nPassages:\n${passages.map((p, i) => `[${i + 1}] (${p.headingPath.join(' › ')})\n${p.content}`).join('\n\n')}`;
      let problem: string | undefined;
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        let content: string | null | undefined;
        try {
          const completion = await client.chat.completions.create({
            model: options.model, temperature: 0.2, response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: SYSTEM }, { role: 'user', content: user },
              ...(problem ? [{ role: 'user' as const, content: `Your previous reply was invalid (${problem}). Reply with the JSON object only.` }] : []),
            ],
          });
          content = completion.choices[0]?.message?.content;
        } catch (error) {
          throw new AppError('UNAVAILABLE', 'The notes model did not answer', { model: options.model }, { cause: error });
        }
        let json: unknown;
        try {
          json = JSON.parse((content ?? '').trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
        } catch {
          problem = 'reply is not JSON';
          continue;
        }
        const parsed = ModelNotes.safeParse(json);
        if (!parsed.success) {
          problem = `reply does not match the schema: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`;
          continue;
        }
        return parsed.data.lines.flatMap((line, i) => {
          const chunk = passages[line.passage - 1];
          if (!chunk) return [];
          return [{
            id: `n${i + 1}`, kind: line.kind, text: line.text.trim(), term: line.kind === 'term' ? line.term ?? null : null,
            definition: line.kind === 'term' ? line.definition ?? null : null, chunkId: chunk.id, topicId: chunk.topicId,
          }];
        });
      }
      throw new AppError('UNAVAILABLE', `The notes model replied with invalid notes twice: ${problem ?? ''}`, { model: options.model });
    },
  };
}
