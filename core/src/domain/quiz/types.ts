import type { Tier } from '../mastery/tiers.js';

/** The question types a quiz may hold (as in the `quiz_questions.type` column). */
export const QUESTION_TYPES = ['multiple_choice', 'true_false', 'short_answer'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * A chunk of course text as the generator sees it (a row of `chunks` with its topic and document title).
 *
 * @example
 * const chunk: SourceChunk = { id, documentId, documentTitle: '6.2 Classical Conditioning', topicId, topicTitle: 'Behaviorism',
 *   content: 'Classical conditioning is …', headingPath: ['6.2 Classical Conditioning', 'Behaviorism'] };
 */
export interface SourceChunk {
  id: string;
  documentId: string;
  documentTitle: string;
  topicId: string | null;
  topicTitle: string | null;
  content: string;
  headingPath: string[];
}

/**
 * The stored answer key of a question. Multiple choice: index into `choices`; true/false: the truth value;
 * short answer: the expected text, accepted variants and the key terms a free answer must contain.
 *
 * @example
 * const key: AnswerKey = { kind: 'choice', index: 2, text: 'extinction' };
 */
export type AnswerKey =
  | { kind: 'choice'; index: number; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'text'; text: string; accept: string[]; keyTerms: string[] };

/**
 * One generated question with its answer key, explanation and the chunks it came from (its citations).
 *
 * @example
 * question.chunkIds; // → ['c1f3…'] — the passages the explanation cites
 */
export interface GeneratedQuestion {
  type: QuestionType;
  tier: Tier;
  prompt: string;
  /** Empty for short answer; ['True', 'False'] for true/false. */
  choices: string[];
  answer: AnswerKey;
  explanation: string;
  topicId: string | null;
  chunkIds: string[];
  /** The template or strategy that built the item (`cloze`, `describe`, `scenario`, `statements`, `openai` …). */
  strategy?: string;
  /**
   * For multiple choice: what each wrong option actually is, with the passage that says so — the feedback a
   * learner who chose it gets ("X refers to …; the question describes Y").
   */
  optionNotes?: OptionNote[];
}

/**
 * What a wrong option is, and where the course says so.
 *
 * @example
 * const note: OptionNote = { choice: 'negative reinforcement', note: 'Negative reinforcement refers to …', chunkId };
 */
export interface OptionNote { choice: string; note: string; chunkId: string | null }

/** What any quiz generator (local or LLM) is asked for. `seed` varies the pick between quizzes, deterministically. */
export interface QuizGenerationRequest {
  chunks: SourceChunk[];
  tier: Tier;
  numQuestions: number;
  seed: string;
  /** Restrict to one topic (chunks are still the whole course, for distractors). */
  topicId?: string | null;
  /** Prompts the learner has already been served: generators should prefer other items. */
  seenPrompts?: readonly string[];
}

/**
 * The port every generator implements: the local deterministic one and the OpenAI-compatible one. A generator
 * may return more candidates than asked: the item quality gate (`gateItems`) picks those a learner sees.
 *
 * @example
 * const questions = await generator.generate({ chunks, tier: 2, numQuestions: 5, seed: quizId });
 */
export interface QuizGenerator {
  /** Recorded in `quizzes.generator`, e.g. `local-terms-v1` or `openai:gpt-4o-mini`. */
  readonly name: string;
  generate(request: QuizGenerationRequest): Promise<GeneratedQuestion[]>;
}
