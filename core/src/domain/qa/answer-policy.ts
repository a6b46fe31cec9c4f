import type { CourseScope } from './qa.ports.js';
import { analyseQuestion } from './question-analysis.js';
import { contentTerms, STOPWORDS, tokenize } from './text-analysis.js';

/** What the Q&A gives a learner: full answers, hints only (where to look and a guiding question), or nothing. */
export const ANSWER_MODES = ['full', 'hints', 'off'] as const;
export type AnswerMode = (typeof ANSWER_MODES)[number];

/** A teacher's policy for a course or one placement, with an optional dated window (an exam) using another mode. */
export interface AnswerPolicy {
  mode: AnswerMode;
  window: { mode: AnswerMode; startsAt: Date; endsAt: Date } | null;
  updatedAt?: Date;
}

/** The mode in force now, where it comes from, and until when (for the learner's banner). */
export interface EffectiveAnswerPolicy {
  mode: AnswerMode;
  source: 'default' | 'course' | 'placement';
  /** When the mode in force changes next (the window opens or closes); null when nothing is scheduled. */
  changesAt: Date | null;
  /** The next mode at `changesAt`. */
  nextMode: AnswerMode | null;
  policy: AnswerPolicy | null;
}

/**
 * Reads and writes answer policies; `linkId` null is the whole course.
 *
 * @example
 * await store.upsertPolicy({ tenantId, courseId, linkId: null, policy: { mode: 'hints', window: null }, userId });
 */
export interface AnswerPolicyStore {
  findPolicies(input: CourseScope & { linkId: string | null }): Promise<{ course: AnswerPolicy | null; placement: AnswerPolicy | null }>;
  upsertPolicy(input: CourseScope & { linkId: string | null; policy: AnswerPolicy; userId: string | null }): Promise<AnswerPolicy>;
  /** Whether the placement (resource link) belongs to the course. */
  linkInCourse(input: CourseScope & { linkId: string }): Promise<boolean>;
}

/**
 * The mode in force at `now`: the placement's policy when it has one, else the course's, else full answers;
 * inside the policy's window the window's mode applies.
 *
 * @example
 * effectiveAnswerPolicy({ course: { mode: 'full', window: { mode: 'off', startsAt, endsAt } }, placement: null }, now).mode // 'off' during the exam
 */
export function effectiveAnswerPolicy(policies: { course: AnswerPolicy | null; placement: AnswerPolicy | null }, now: Date): EffectiveAnswerPolicy {
  const policy = policies.placement ?? policies.course;
  const source = policies.placement ? 'placement' : policies.course ? 'course' : 'default';
  if (!policy) return { mode: 'full', source, changesAt: null, nextMode: null, policy: null };
  const window = policy.window;
  if (window && now >= window.startsAt && now < window.endsAt) return { mode: window.mode, source, changesAt: window.endsAt, nextMode: policy.mode, policy };
  if (window && now < window.startsAt) return { mode: policy.mode, source, changesAt: window.startsAt, nextMode: window.mode, policy };
  return { mode: policy.mode, source, changesAt: null, nextMode: null, policy };
}

const WH_PROMPTS: Record<string, string> = {
  who: 'Which person or group does it name',
  when: 'What time or date does it give',
  where: 'Which place does it mention',
  why: 'What reason does it give',
  how: 'What steps or mechanism does it describe',
};

/**
 * A hint instead of an answer: where to read (the cited passage's title and heading, with its marker) and a
 * guiding question built from the question's own words. It never repeats a word of the answer that the
 * question does not already contain, so it cannot state the key; a location whose words would give it away
 * is left out.
 *
 * @example
 * buildHint({ question: 'Who discovered classical conditioning?', answer: 'Ivan Pavlov discovered it. [1]', where: [{ marker: 1, label: 'Learning › Conditioning' }] })
 * // 'Read passage [1] ("Learning › Conditioning"). Which person or group does it name in connection with "discovered classical conditioning"? …'
 */
export function buildHint(input: { question: string; answer: string; where: { marker: number; label: string }[] }): string {
  const questionWords = new Set(tokenize(input.question));
  const questionTerms = new Set(contentTerms(input.question));
  const answerBody = input.answer.replace(/\[\d+\]/g, ' ');
  // Words of the answer that the question does not have: the key lives among them.
  const keyWords = new Set(tokenize(answerBody).filter((w) => !STOPWORDS.has(w) && !questionWords.has(w) && !questionTerms.has(contentTerms(w)[0] ?? w) && w.length > 2));
  const leaks = (text: string) => tokenize(text).some((w) => keyWords.has(w));
  const places = input.where.slice(0, 2).map((w) => (leaks(w.label) ? `passage [${w.marker}]` : `passage [${w.marker}] ("${w.label}")`));
  const analysis = analyseQuestion(input.question);
  const lead = tokenize(input.question)[0] ?? '';
  const about = analysis.subject ?? analysis.sides?.map((s) => s.text).join('" and "') ?? input.question.replace(/^\s*(who|what|when|where|why|how|which)\s+(is|are|was|were|did|do|does)?\s*/i, '').replace(/[?.!]+$/, '');
  const prompt = analysis.kind === 'definition' ? `In your own words, what makes something "${about}"? Which example in the passage fits it`
    : analysis.kind === 'comparison' ? `What does the passage say about each of "${about}", and where do they differ`
      : `${WH_PROMPTS[lead] ?? 'What does it say'} in connection with "${about}"`;
  const markers = input.where.slice(0, 2).map((w) => `[${w.marker}]`).join(' ');
  // Last guard: never send a word of the key, even one the wording above happens to share with it.
  const options = [
    `Hint: read ${places.join(' and ')}. ${prompt}? Try to answer before you look further.`,
    `Hint: read ${input.where.slice(0, 2).map((w) => `passage [${w.marker}]`).join(' and ')} and look for the part about your question's words.`,
  ];
  return options.find((hint) => !leaks(hint)) ?? `Hint: ${markers}`;
}
