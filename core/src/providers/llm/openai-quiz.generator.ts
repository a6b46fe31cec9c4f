import OpenAI from 'openai';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.js';
import type { Tier } from '../../domain/mastery/tiers.js';
import { hashSeed, seededRandom, shuffled } from '../../domain/quiz/text.js';
import type { GeneratedQuestion, QuizGenerationRequest, QuizGenerator, SourceChunk } from '../../domain/quiz/types.js';

/** Options of the OpenAI-compatible quiz generator. */
export interface OpenAiQuizOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  model: string;
  /** @defaultValue 60000 */
  timeoutMs?: number;
  /** Passages sent per request. @defaultValue 8 */
  maxPassages?: number;
}

const TIER_BRIEF: Record<Tier, string> = {
  1: 'Tier 1 (recall): ask for a term or fact stated in a passage (fill-in-the-blank or "What is the term for …?").',
  2: 'Tier 2 (explain): ask why or how something happens, or what a cause leads to, as the passage explains it — not what a word means.',
  3: 'Tier 3 (apply): describe a short new scenario and ask which concept it illustrates or what would happen.',
  4: 'Tier 4 (synthesize): combine two or more concepts; distractors are the closest related concepts from the passages, each wrong for a specific reason.',
};

/** The only shape the model may answer with. */
const ModelQuiz = z.object({
  questions: z.array(z.object({
    type: z.enum(['multiple_choice', 'true_false', 'short_answer']),
    prompt: z.string().min(10),
    choices: z.array(z.string().min(1)).default([]),
    answer_index: z.number().int().min(0).optional(),
    answer_bool: z.boolean().optional(),
    answer_text: z.string().optional(),
    accept: z.array(z.string()).default([]),
    explanation: z.string().min(10),
    passages: z.array(z.number().int().positive()).min(1),
  }).superRefine((q, ctx) => {
    if (q.type === 'multiple_choice') {
      if (q.choices.length !== 4 || new Set(q.choices.map((c) => c.toLowerCase())).size !== 4) ctx.addIssue({ code: 'custom', message: 'multiple choice needs 4 distinct choices' });
      if (q.answer_index === undefined || q.answer_index > 3) ctx.addIssue({ code: 'custom', message: 'answer_index must point at a choice' });
    }
    if (q.type === 'true_false' && q.answer_bool === undefined) ctx.addIssue({ code: 'custom', message: 'true_false needs answer_bool' });
    if (q.type === 'short_answer' && !q.answer_text?.trim()) ctx.addIssue({ code: 'custom', message: 'short_answer needs answer_text' });
  })).min(1),
});

function systemPrompt(tier: Tier, count: number): string {
  return [
    'You write quiz questions for students using ONLY the numbered course passages provided. Never use outside knowledge.',
    TIER_BRIEF[tier],
    `Write ${count} questions, mostly multiple_choice (exactly 4 choices, one correct, plausible distractors of the same kind and length), plus true_false or short_answer where they fit.`,
    'Never put the answer (or a word that gives it away) in the prompt. No "all of the above".',
    'Reply with one JSON object and nothing else: {"questions": [{"type", "prompt", "choices", "answer_index" (multiple_choice), "answer_bool" (true_false), "answer_text" and "accept" (short_answer), "explanation", "passages"}]}.',
    '"explanation" says why the answer is right, citing the passage; "passages" lists the markers of the passages the question is built from.',
  ].join('\n');
}

/** Passages for one request: the topic's chunks (or the course's), a seeded sample so quizzes differ. */
function pickPassages(request: QuizGenerationRequest, max: number): SourceChunk[] {
  const scope = request.topicId ? request.chunks.filter((c) => c.topicId === request.topicId) : request.chunks;
  const useful = scope.filter((c) => c.content.length > 200 && !/key terms|glossary|summary|learning objectives/i.test(c.headingPath.at(-1) ?? ''));
  return shuffled(useful.length > 0 ? useful : scope, seededRandom(hashSeed(request.seed))).slice(0, max);
}

function toQuestions(parsed: z.infer<typeof ModelQuiz>, passages: SourceChunk[], tier: Tier): GeneratedQuestion[] | string {
  const questions: GeneratedQuestion[] = [];
  for (const q of parsed.questions) {
    const cited = q.passages.map((m) => passages[m - 1]).filter((c): c is SourceChunk => Boolean(c));
    if (cited.length === 0) return `question "${q.prompt.slice(0, 40)}" cites no given passage`;
    const base = { tier, strategy: `openai-tier-${tier}`, prompt: q.prompt.trim(), explanation: q.explanation.trim(), topicId: cited[0]?.topicId ?? null, chunkIds: [...new Set(cited.map((c) => c.id))] };
    if (q.type === 'multiple_choice') {
      const index = q.answer_index ?? 0;
      questions.push({ ...base, type: 'multiple_choice', choices: q.choices, answer: { kind: 'choice', index, text: q.choices[index] ?? '' } });
    } else if (q.type === 'true_false') {
      questions.push({ ...base, type: 'true_false', choices: ['True', 'False'], answer: { kind: 'boolean', value: q.answer_bool ?? false } });
    } else {
      const text = (q.answer_text ?? '').trim();
      questions.push({ ...base, type: 'short_answer', choices: [], answer: { kind: 'text', text, accept: [text, ...q.accept], keyTerms: [] } });
    }
  }
  return questions;
}

/**
 * A quiz generator backed by any OpenAI-compatible chat-completions endpoint: the prompt allows only the given
 * passages; the reply must be JSON that passes the zod schema (4 distinct choices, a valid answer, cited
 * passages that exist). An invalid reply is retried once with the reason; a second one (or a timeout) throws
 * `AppError('UNAVAILABLE')`.
 *
 * @example
 * const generator = createOpenAiQuizGenerator({ apiKey, model: 'gpt-4o-mini' });
 * const questions = await generator.generate({ chunks, tier: 3, numQuestions: 5, seed: 'quiz-1' });
 */
export function createOpenAiQuizGenerator(options: OpenAiQuizOptions): QuizGenerator {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs ?? 60_000, maxRetries: 0 });
  return {
    name: `openai:${options.model}`,
    generate: async (request) => {
      const passages = pickPassages(request, options.maxPassages ?? 8);
      if (passages.length === 0) return [];
      const user = `Passages:\n${passages.map((p, i) => `[${i + 1}] (${p.documentTitle} › ${p.headingPath.join(' › ')})\n${p.content}`).join('\n\n')}`;
      const problems: string[] = [];
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        let content: string | null | undefined;
        try {
          const completion = await client.chat.completions.create({
            model: options.model, temperature: 0.3, response_format: { type: 'json_object' },
            messages: [
              { role: 'system', content: systemPrompt(request.tier, request.numQuestions + 2) },
              { role: 'user', content: user },
              ...(problems.length > 0 ? [{ role: 'user' as const, content: `Your previous reply was invalid (${problems.at(-1)}). Reply with the JSON object only.` }] : []),
            ],
          });
          content = completion.choices[0]?.message?.content;
        } catch (error) {
          throw new AppError('UNAVAILABLE', 'The quiz model did not answer', { model: options.model }, { cause: error });
        }
        let json: unknown;
        try {
          json = JSON.parse((content ?? '').trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
        } catch {
          problems.push('reply is not JSON');
          continue;
        }
        const parsed = ModelQuiz.safeParse(json);
        if (!parsed.success) {
          problems.push(`reply does not match the schema: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
          continue;
        }
        const questions = toQuestions(parsed.data, passages, request.tier);
        if (typeof questions === 'string') {
          problems.push(questions);
          continue;
        }
        // All of them: the item quality gate picks the ones a learner sees.
        return questions;
      }
      throw new AppError('UNAVAILABLE', `The quiz model replied with invalid quizzes twice: ${problems.join(' / ')}`, { model: options.model });
    },
  };
}
