import type { EmbeddingsProvider } from '../../providers/embeddings/embeddings.port.js';
import type { Tier } from '../mastery/tiers.js';
import {
  type BuildContext, clozeQuestion, describeQuestion, scenarioQuestion, shortAnswerQuestion, statementsQuestion, taskQuestion, trueFalseQuestion,
} from './build-questions.js';
import { type KeyTerm, extractKeyTerms } from './extract-terms.js';
import { explainQuestion, findStatedReasons, type StatedReason } from './explain-questions.js';
import { gateItems, itemText } from './item-gate.js';
import { type Procedure, findProcedures, procedureQuestion, purposeQuestion } from './procedures.js';
import { type ListPoint, findListPoints, listHeadingQuestion, listQuestion } from './lists.js';
import { type Scenario, findScenarios } from './scenarios.js';
import { relationStatementsQuestion, relationsOf } from './synthesize-relations.js';
import { type TermSimilarity, termSimilarity } from './similarity.js';
import { NON_TOPIC_HEADING } from './extract-terms.js';
import { hashSeed, mentions, seededRandom, shuffled } from './text.js';
import type { GeneratedQuestion, QuizGenerationRequest, QuizGenerator, SourceChunk } from './types.js';

export const LOCAL_QUIZ_GENERATOR = 'local-terms-v1';

type Builder = (ctx: BuildContext, term: KeyTerm, scenarios: Scenario[], reasons: StatedReason[]) => GeneratedQuestion | undefined;

const BUILDERS = {
  cloze: (ctx, term) => clozeQuestion(ctx, term),
  short: (_ctx, term) => shortAnswerQuestion(term),
  tf1: (ctx, term) => trueFalseQuestion(ctx, term, 1),
  tf2: (ctx, term) => trueFalseQuestion(ctx, term, 2),
  describe: (ctx, term) => describeQuestion(ctx, term),
  explain: (ctx, term, _scenarios, reasons) => firstDefined(reasonsAbout(term, reasons), (r) => explainQuestion(ctx, r, reasons)),
  scenario3: (ctx, _term, scenarios) => firstDefined(scenarios, (s) => scenarioQuestion(ctx, s, 3)),
  task: (ctx, term) => taskQuestion(ctx, term),
  scenario4: (ctx, _term, scenarios) => firstDefined(scenarios, (s) => scenarioQuestion(ctx, s, 4)),
  statements: (ctx, term) => statementsQuestion(ctx, term),
} as const satisfies Record<string, Builder>;

/** The strategy recorded on each item, per builder. */
const STRATEGY: Record<keyof typeof BUILDERS, string> = {
  cloze: 'recall-cloze', short: 'recall-short-answer', tf1: 'recall-true-false', tf2: 'explain-true-false', describe: 'explain-definition',
  explain: 'explain-cause', scenario3: 'apply-scenario', task: 'apply-task', scenario4: 'synthesize-scenario-close-distractors', statements: 'synthesize-swapped-definitions',
};

/** Reasons the text states about a term: in its home passage, or naming it. */
function reasonsAbout(term: KeyTerm, reasons: readonly StatedReason[]): StatedReason[] {
  return reasons.filter((r) => r.chunk.id === term.homeChunk.id || mentions(r.effect, [term.term, ...term.aliases]));
}
/** Forms built from the course's stated procedures rather than from a term (see procedures.ts). */
const PROCEDURE_FORMS = { procedure: procedureQuestion, purpose: purposeQuestion } as const;
type BuilderName = keyof typeof BUILDERS | keyof typeof PROCEDURE_FORMS | 'list' | 'listHeading' | 'cause' | 'relations';

/**
 * Per tier, the cycle of question forms (slot i uses entry i mod length) and the fallbacks tried when no term
 * supports the planned form. Fallbacks are labelled with their own tier: a quiz never claims a harder item
 * than it holds.
 */
const PLAN: Record<Tier, { cycle: BuilderName[]; fallback: BuilderName[] }> = {
  1: { cycle: ['cloze', 'short', 'cloze', 'tf1'], fallback: ['cloze', 'short', 'list'] },
  2: { cycle: ['explain', 'describe', 'purpose', 'cause', 'tf2'], fallback: ['explain', 'purpose', 'describe', 'tf2', 'listHeading', 'list'] },
  3: { cycle: ['scenario3', 'procedure', 'task', 'scenario3', 'procedure'], fallback: ['procedure', 'task', 'scenario3', 'scenario4', 'describe', 'tf2', 'listHeading', 'list'] },
  4: { cycle: ['statements', 'scenario4', 'relations'], fallback: ['statements', 'scenario4', 'relations', 'scenario3', 'describe', 'listHeading', 'list'] },
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

type CourseAnalysis = {
  terms: KeyTerm[]; scenarios: Scenario[]; reasons: StatedReason[]; procedures: Procedure[]; points: ListPoint[]; similarity: TermSimilarity;
};
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
      return {
        terms, scenarios: findScenarios(chunks, terms), reasons: findStatedReasons(chunks), procedures: findProcedures(chunks, NON_TOPIC_HEADING),
        points: findListPoints(chunks),
        similarity: await termSimilarity(terms, embeddings),
      };
    })();
    analysis.catch(() => analyses.delete(key));
    if (analyses.size >= 32) analyses.delete(analyses.keys().next().value as string);
    analyses.set(key, analysis);
  }
  return analysis;
}

/**
 * Candidate items from the course text alone, deterministically for a given seed: key terms and their
 * definitions (extractKeyTerms) become cloze, short-answer and true/false items at tier 1; causes the text states
 * ("… because …") and definitions become "explain" items at tier 2; worked examples from the text become
 * "apply" items at tier 3; statements that swap the definitions of the closest terms (or examples with the
 * closest distractors, or statements swapping the parts of procedures and causes across sections) are tier 4. Each item cites the chunks it came from, carries the topic where the course
 * introduces its term, the strategy that built it and, per wrong option, what that option is. About three
 * candidates per question asked: the item quality gate picks the ones served.
 *
 * @example
 * const candidates = await generateLocalCandidates({ chunks, tier: 2, numQuestions: 5, seed: quizId }, embeddings);
 */
export async function generateLocalCandidates(request: QuizGenerationRequest, embeddings?: EmbeddingsProvider): Promise<GeneratedQuestion[]> {
  const { terms, scenarios, reasons, procedures, points, similarity } = await analyseCourse(request.chunks, embeddings);
  const ctx: BuildContext = { terms, similarity, rng: seededRandom(hashSeed(request.seed)) };
  const inScope = request.topicId ? terms.filter((t) => t.homeChunk.topicId === request.topicId) : terms;
  const scopedReasons = request.topicId ? reasons.filter((r) => r.chunk.topicId === request.topicId) : reasons;
  const scenariosOf = (term: KeyTerm) => shuffled(scenarios.filter((s) => s.term.key === term.key), ctx.rng);
  let pool = spreadByTopic(shuffled(inScope, ctx.rng));
  if (request.tier >= 3) pool = [...pool.filter((t) => scenariosOf(t).length > 0), ...pool.filter((t) => scenariosOf(t).length === 0)];

  const plan = PLAN[request.tier];
  const wanted = request.numQuestions * 3;
  const used = new Set<string>();
  const prompts = new Set<string>();
  const questions: GeneratedQuestion[] = [];
  const make = (form: keyof typeof BUILDERS, term: KeyTerm) => {
    const question = BUILDERS[form](ctx, term, scenariosOf(term), reasons);
    return question && !prompts.has(itemText(question)) ? { question: { ...question, strategy: question.strategy ?? STRATEGY[form] }, term } : undefined;
  };
  // A source (procedure, list point, stated reason) drawn for an item is used once per quiz and per queue: the first
  // source in the queue's seeded order not drawn yet whose item can be built and is not in the quiz already.
  const drawer = <T>(queue: readonly T[]) => {
    const drawn = new Set<T>();
    return (build: (source: T) => GeneratedQuestion | undefined) => firstDefined(queue.filter((s) => !drawn.has(s)), (source) => {
      const question = build(source);
      if (!question || prompts.has(itemText(question))) return undefined;
      drawn.add(source);
      return { question, term: undefined };
    });
  };
  // Procedures, in a seeded order, within the quiz's topic when it has one; both procedure forms share the queue.
  const drawProcedure = drawer(shuffled(request.topicId ? procedures.filter((p) => p.chunk.topicId === request.topicId) : procedures, ctx.rng));
  const fromProcedure = (form: keyof typeof PROCEDURE_FORMS) => drawProcedure((procedure) => PROCEDURE_FORMS[form](ctx, procedure, procedures));
  // List points: the last resort of every tier (short courses of lists and worksheets), labelled tier 1.
  const pointQueue = shuffled(request.topicId ? points.filter((p) => p.chunk.topicId === request.topicId) : points, ctx.rng);
  const drawPoint = drawer(pointQueue);
  const fromList = () => drawPoint((point) => listQuestion(ctx, point, points));
  // Causes stated in passages that define no term get a slot of their own in tier 2's cycle (a manual states reasons
  // about commands and archives rather than about defined terms), in a seeded order, within the quiz's topic.
  const drawCause = drawer(shuffled(scopedReasons, ctx.rng));
  const fromCause = () => drawCause((reason) => explainQuestion(ctx, reason, reasons));
  // Points under sub-headings: which heading a point belongs to (tier 2), before plain list recall; drawn apart from
  // the recall queue, so one point may serve both forms.
  const drawHeadingPoint = drawer(pointQueue);
  const fromListHeading = () => drawHeadingPoint((point) => listHeadingQuestion(ctx, point, points));
  // Tier 4 across sections (synthesize-relations.ts): relations stated in the course — procedures, causes, points under
  // sibling sub-headings — as keys,
  // in an order seeded apart from the quiz's rng so the other tiers' items stay as they were.
  const relationCtx: BuildContext = { ...ctx, rng: seededRandom(hashSeed(`relations:${request.seed}`)) };
  const relations = request.tier === 4 ? relationsOf(procedures, reasons, points) : [];
  const drawRelation = drawer(shuffled(request.topicId ? relations.filter((r) => r.chunk.topicId === request.topicId) : relations, relationCtx.rng));
  const relationPrompts = new Set<string>();
  const fromRelation = () => {
    const made = drawRelation((relation) => relationStatementsQuestion(relationCtx, relation, relations, request.chunks, relationPrompts));
    if (made) relationPrompts.add(made.question.prompt);
    return made;
  };
  for (let slot = 0; questions.length < wanted && slot < wanted * 2; slot += 1) {
    const planned = plan.cycle[slot % plan.cycle.length] as BuilderName;
    // A relations slot the course cannot fill is skipped, not handed to the fallbacks: a course with enough terms
    // keeps the same mix of swapped definitions and worked examples it had before relations were asked for.
    const forms = planned === 'relations' ? [planned] : [planned, ...plan.fallback];
    const made = firstDefined(forms, (form) => (form === 'relations' ? fromRelation() : form === 'list' ? fromList() : form === 'listHeading' ? fromListHeading() : form === 'cause' ? fromCause() : form in PROCEDURE_FORMS
      ? fromProcedure(form as keyof typeof PROCEDURE_FORMS)
      : firstDefined(pool.filter((t) => !used.has(t.key)), (term) => make(form as keyof typeof BUILDERS, term))));
    if (!made && planned === 'relations') continue;
    if (!made) break;
    if (made.term) used.add(made.term.key);
    prompts.add(itemText(made.question));
    questions.push(made.question);
  }
  // Tier 2 also explains causes stated in passages that define no term.
  if (request.tier === 2) {
    for (const reason of shuffled(scopedReasons, ctx.rng)) {
      if (questions.length >= wanted) break;
      const question = explainQuestion(ctx, reason, reasons);
      if (question && !prompts.has(itemText(question))) { prompts.add(itemText(question)); questions.push(question); }
    }
  }
  return questions;
}

/**
 * A quiz from the course text alone: the candidates (generateLocalCandidates) through the item quality gate.
 * Returns fewer questions than asked when the course (or topic) has too few good items.
 *
 * @example
 * const questions = await generateLocalQuiz({ chunks, tier: 2, numQuestions: 5, seed: quizId }, embeddings);
 */
export async function generateLocalQuiz(request: QuizGenerationRequest, embeddings?: EmbeddingsProvider): Promise<GeneratedQuestion[]> {
  const candidates = await generateLocalCandidates(request, embeddings);
  return gateItems(candidates, { chunks: request.chunks, limit: request.numQuestions, seed: request.seed, seenPrompts: request.seenPrompts ?? [] }).accepted;
}

/**
 * The local generator as a QuizGenerator port (name recorded on the quiz).
 *
 * @example
 * const generator = createLocalQuizGenerator({ embeddings });
 */
export function createLocalQuizGenerator(options: { embeddings?: EmbeddingsProvider } = {}): QuizGenerator {
  return { name: LOCAL_QUIZ_GENERATOR, generate: (request) => generateLocalCandidates(request, options.embeddings) };
}
