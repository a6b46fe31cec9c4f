import OpenAI from 'openai';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import { type LlmAnswer, type LlmAnswerRequest, type LlmProvider, markersIn } from './llm.port.js';

/** Options of the OpenAI-compatible chat answerer. */
export interface OpenAiLlmOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  model: string;
  /** Per request; a timeout is not retried (the student is waiting). @defaultValue 30000 */
  timeoutMs?: number;
}

/** The only shape the model may answer with. */
const ModelAnswer = z.object({
  found: z.boolean(),
  answer: z.string(),
  citations: z.array(z.number().int().positive()).default([]),
});

const SYSTEM_PROMPT = [
  'You answer a student\'s question using ONLY the numbered course passages provided. Never use outside knowledge.',
  'Reply with a single JSON object and nothing else: {"found": boolean, "answer": string, "citations": number[]}.',
  'If the passages do not contain the answer, reply {"found": false, "answer": "", "citations": []}.',
  'Otherwise write a short answer (at most 4 sentences); end every sentence with the marker(s) of the passage(s) that support it, like [1] or [2][3].',
  '"citations" lists every marker you used. Do not cite a passage that does not support the sentence.',
].join('\n');

function userPrompt(request: LlmAnswerRequest): string {
  const passages = request.passages.map((p) => `[${p.marker}] (${p.title})\n${p.text}`).join('\n\n');
  return `Passages:\n${passages}\n\nQuestion: ${request.question}`;
}

/** Parses and checks one reply; returns a reason string when it is unusable. */
function parseReply(content: string | null | undefined, known: ReadonlySet<number>): LlmAnswer | string {
  let json: unknown;
  try {
    json = JSON.parse((content ?? '').trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return 'reply is not JSON';
  }
  const parsed = ModelAnswer.safeParse(json);
  if (!parsed.success) return `reply does not match the schema: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`;
  if (!parsed.data.found) return { found: false, answer: '', citedMarkers: [] };
  const cited = [...new Set([...markersIn(parsed.data.answer, known), ...parsed.data.citations.filter((m) => known.has(m))])];
  if (parsed.data.answer.trim() === '') return 'answer is empty although found is true';
  if (cited.length === 0) return 'answer cites no given passage';
  return { found: true, answer: parsed.data.answer.trim(), citedMarkers: cited };
}

/**
 * An answerer backed by any OpenAI-compatible chat-completions endpoint. The prompt allows only the
 * given passages; the reply must be JSON matching `{found, answer, citations}` (zod-validated, markers
 * must name given passages). An invalid reply is retried once; a second invalid reply or a timeout
 * throws `AppError('UNAVAILABLE')` with a clear message. `found: false` from the model is a refusal.
 *
 * @example
 * const llm = createOpenAiLlm({ apiKey, model: 'gpt-4o-mini', timeoutMs: 20_000 });
 * const answer = await llm.answer({ question, passages });
 */
export function createOpenAiLlm(options: OpenAiLlmOptions): LlmProvider {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: timeoutMs, maxRetries: 0 });

  const answer = async (request: LlmAnswerRequest): Promise<LlmAnswer> => {
    const known = new Set(request.passages.map((p) => p.marker));
    const problems: string[] = [];
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      let content: string | null | undefined;
      try {
        const completion = await client.chat.completions.create({
          model: options.model,
          temperature: 0,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: userPrompt(request) },
            ...(problems.length > 0
              ? [{ role: 'user' as const, content: `Your previous reply was invalid (${problems.at(-1)}). Reply with the JSON object only.` }]
              : []),
          ],
        });
        content = completion.choices[0]?.message?.content;
      } catch (error) {
        if (error instanceof OpenAI.APIConnectionTimeoutError) {
          throw new AppError('UNAVAILABLE', `The language model did not answer within ${timeoutMs} ms`, { model: options.model }, { cause: error });
        }
        throw new AppError('UNAVAILABLE', `The language model request failed: ${(error as Error).message}`, { model: options.model }, { cause: error });
      }
      const result = parseReply(content, known);
      if (typeof result !== 'string') return result;
      problems.push(result);
    }
    throw new AppError('UNAVAILABLE', `The language model returned an invalid answer twice (${problems.join('; ')})`, { model: options.model });
  };

  return { provider: 'openai', model: options.model, answer };
}
