import type { EmbeddingsProvider } from '../../providers/embeddings/embeddings.port.js';
import type { Tier } from '../mastery/tiers.js';
import {
  type BuildContext, clozeQuestion, describeQuestion, scenarioQuestion, shortAnswerQuestion, statementsQuestion, trueFalseQuestion,
} from './build-questions.js';
import { type KeyTerm, extractKeyTerms } from './extract-terms.js';
import { type Scenario, findScenarios } from './scenarios.js';
import { type TermSimilarity, termSimilarity } from './similarity.js';
import { hashSeed, seededRandom, shuffled } from './text.js';
import type { GeneratedQuestion, QuizGenerationRequest, QuizGenerator, SourceChunk } from './types.js';

export const LOCAL_QUIZ_GENERATOR = 'local-terms-v1';

type Builder = (ctx: BuildContext, term: KeyTerm, scenarios: Scenario[]) => GeneratedQuestion | undefined;

const BUILDERS = {
  cloze: (ctx, term) => clozeQuestion(ctx, term),
  short: (_ctx, term) => shortAnswerQuestion(term),
  tf1: (ctx, term) => trueFalseQuestion(ctx, term, 1),
  tf2: (ctx, term) => trueFalseQuestion(ctx, term, 2),
  describe: (ctx, term) => describeQuestion(ctx, term),
  scenario3: (ctx, _term, scenarios) => firstDefined(scenarios, (s) => scenarioQuestion(ctx, s, 3)),
  scenario4: (ctx, _term, scenarios) => firstDefined(scenarios, (s) => scenarioQuestion(ctx, s, 4)),
  statements: (ctx, term) => statementsQuestion(ctx, term),
} as const satisfies Record<string, Builder>;
type BuilderName = keyof typeof BUILDERS;

/**
 * Per tier, the cycle of question forms (slot i uses entry i mod length) and the fallbacks tried when no term
 * supports the planned form. Fallbacks are labelled with their own tier: a quiz never claims a harder item
 * than it holds.
 */
const PLAN: Record<Tier, { cycle: BuilderName[]; fallback: BuilderName[] }> = {
  1: { cycle: ['cloze', 'short', 'cloze', 'tf1'], fallback: ['cloze', 'short'] },
  2: { cycle: ['describe', 'describe', 'tf2'], fallback: ['describe', 'tf2', 'cloze'] },
  3: { cycle: ['scenario3'], fallback: ['scenario4', 'describe', 'tf2'] },
  4: { cycle: ['statements', 'scenario4'], fallback: ['statements', 'scenario4', 'scenario3', 'describe'] },
};

function firstDefined<T, R>(items: readonly T[], make: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const made = make(item);
    if (made) return made;
  }
  return undefined;
}

/** Interleaves terms by topic so a course-wide quiz covers several sections rather than one. */
function spreadByTopic(terms: KeyTerm[]): KeyTerm[] {
  const byTopic = new Map<string, KeyTerm[]>();
  for (const term of terms) {
    const key = term.homeChunk.topicId ?? '';
    byTopic.set(key, [...(byTopic.get(key) ?? []), term]);
  }
  const queues = [...byTopic.values()];
  const out: KeyTerm[] = [];
  while (out.length < terms.length) for (const queue of queues) if (queue.length > 0) out.push(queue.shift() as KeyTerm);
  return out;
}

type CourseAnalysis = { terms: KeyTerm[]; scenarios: Scenario[]; similarity: TermSimilarity };
const analyses = new Map<string, Promise<CourseAnalysis>>();

/**
 * Terms, worked examples and term similarity of a course, cached by its content (chunk ids and lengths) and the
 * embeddings model: every quiz of an unchanged course reuses them; re-ingesting changes the key.
 */
function analyseCourse(chunks: readonly SourceChunk[], embeddings?: EmbeddingsProvider): Promise<CourseAnalysis> {
  const key = `${embeddings?.model ?? 'lexical'}:${hashSeed(chunks.map((c) => `${c.id}:${c.content.length}:${c.topicId ?? ''}`).join('|'))}:${chunks.length}`;
  let analysis = analyses.get(key);
  if (!analysis) {
    analysis = (async () => {
      const terms = extractKeyTerms(chunks);
      return { terms, scenarios: findScenarios(chunks, terms), similarity: await termSimilarity(terms, embeddings) };
    })();
    analysis.catch(() => analyses.delete(key));
    if (analyses.size >= 32) analyses.delete(analyses.keys().next().value as string);
    analyses.set(key, analysis);
  }
  return analysis;
}

/**
 * Generates a quiz from the course text alone, deterministically for a given seed: key terms and their
 * definitions (extractKeyTerms) become cloze, short-answer and true/false items at tier 1, "which best
 * describes" items at tier 2, worked examples from the text at tier 3, and statements that swap the
 * definitions of the closest terms (or examples with the closest distractors) at tier 4. Each question cites
 * the chunks it came from and carries the topic where the course introduces its term. Returns fewer questions
 * than asked when the course (or topic) has too few terms.
 *
 * @example
 * const questions = await generateLocalQuiz({ chunks, tier: 2, numQuestions: 5, seed: quizId }, embeddings);
 */
export async function generateLocalQuiz(request: QuizGenerationRequest, embeddings?: EmbeddingsProvider): Promise<GeneratedQuestion[]> {
  const { terms, scenarios, similarity } = await analyseCourse(request.chunks, embeddings);
  const ctx: BuildContext = { terms, similarity, rng: seededRandom(hashSeed(request.seed)) };
  const inScope = request.topicId ? terms.filter((t) => t.homeChunk.topicId === request.topicId) : terms;
  const scenariosOf = (term: KeyTerm) => shuffled(scenarios.filter((s) => s.term.key === term.key), ctx.rng);
  let pool = spreadByTopic(shuffled(inScope, ctx.rng));
  if (request.tier >= 3) pool = [...pool.filter((t) => scenariosOf(t).length > 0), ...pool.filter((t) => scenariosOf(t).length === 0)];

  const plan = PLAN[request.tier];
  const used = new Set<string>();
  const prompts = new Set<string>();
  const questions: GeneratedQuestion[] = [];
  for (let slot = 0; questions.length < request.numQuestions && slot < request.numQuestions * 3; slot += 1) {
    const forms = [plan.cycle[slot % plan.cycle.length] as BuilderName, ...plan.fallback];
    const made = firstDefined(forms, (form) => firstDefined(pool.filter((t) => !used.has(t.key)), (term) => {
      const question = BUILDERS[form](ctx, term, scenariosOf(term));
      return question && !prompts.has(`${question.prompt}|${term.key}`) ? { question, term } : undefined;
    }));
    if (!made) break;
    used.add(made.term.key);
    prompts.add(`${made.question.prompt}|${made.term.key}`);
    questions.push(made.question);
  }
  return questions;
}

/**
 * The local generator as a QuizGenerator port (name recorded on the quiz).
 *
 * @example
 * const generator = createLocalQuizGenerator({ embeddings });
 */
export function createLocalQuizGenerator(options: { embeddings?: EmbeddingsProvider } = {}): QuizGenerator {
  return { name: LOCAL_QUIZ_GENERATOR, generate: (request) => generateLocalQuiz(request, options.embeddings) };
}
