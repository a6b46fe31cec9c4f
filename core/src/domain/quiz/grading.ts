import type { StoredQuestion } from './quiz.repository.js';
import { STOPWORDS, stem, tokenize } from '../qa/text-analysis.js';

/** What a learner may send as an answer: a choice index or text, true/false, free text; null = skipped. */
export type GivenAnswer = string | number | boolean | null;

/** The verdict on one answer. */
export interface GradedAnswer { correct: boolean; given: GivenAnswer; correctAnswer: string }

/** Lower case, no punctuation, no leading article, single spaces. @example normaliseAnswer('The Engram!') // 'engram' */
export function normaliseAnswer(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/-/g, ' ').replace(/\s+/g, ' ').trim().replace(/^(a|an|the)\s+/, '');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * A misspelling, not another term: same number of words, each starting with the same two letters, and at most
 * one edit per ten letters ("unconditoned stimulus" yes; "conditioned stimulus" for "unconditioned stimulus" no).
 */
function isTypoOf(answer: string, form: string): boolean {
  const a = answer.split(' ');
  const f = form.split(' ');
  if (a.length !== f.length || a.some((word, i) => word.slice(0, 2) !== f[i]?.slice(0, 2))) return false;
  return editDistance(answer, form) <= Math.max(1, Math.floor(form.length / 10));
}

/**
 * Short answers: right when the normalised text equals an accepted form or misspells it (see isTypoOf), or when
 * it contains every key term of the answer and little else ("it's the unconditioned stimulus" is right;
 * "conditioned stimulus" for "unconditioned stimulus" is not; a list of many terms is not).
 *
 * @example
 * isShortAnswerCorrect('unconditoned stimulus', ['unconditioned stimulus'], []); // → true (one typo)
 */
export function isShortAnswerCorrect(given: string, accept: readonly string[], keyTerms: readonly string[]): boolean {
  const answer = normaliseAnswer(given);
  if (!answer) return false;
  for (const form of accept.map(normaliseAnswer)) {
    if (answer === form || isTypoOf(answer, form)) return true;
  }
  const words = tokenize(answer).filter((t) => !STOPWORDS.has(t)).map(stem);
  return keyTerms.length > 0 && keyTerms.every((k) => words.includes(k)) && words.length <= keyTerms.length + 3;
}

/**
 * Grades one answer against the stored key. Multiple choice accepts the choice index or its exact text;
 * true/false accepts booleans or "true"/"false"; short answer see isShortAnswerCorrect.
 *
 * @example
 * gradeAnswer(question, 2); // → { correct: true, given: 2, correctAnswer: 'extinction' }
 */
export function gradeAnswer(question: Pick<StoredQuestion, 'answer' | 'choices'>, given: GivenAnswer): GradedAnswer {
  const key = question.answer;
  if (key.kind === 'choice') {
    const index = typeof given === 'number' ? given
      : typeof given === 'string' ? question.choices.findIndex((c) => normaliseAnswer(c) === normaliseAnswer(given)) : -1;
    return { correct: index === key.index, given, correctAnswer: key.text };
  }
  if (key.kind === 'boolean') {
    const value = typeof given === 'boolean' ? given : typeof given === 'string' ? ({ true: true, false: false } as Record<string, boolean>)[normaliseAnswer(given)] : undefined;
    return { correct: value === key.value, given, correctAnswer: key.value ? 'True' : 'False' };
  }
  return { correct: typeof given === 'string' && isShortAnswerCorrect(given, key.accept, key.keyTerms), given, correctAnswer: key.text };
}

/** Chance of a right answer by guessing, for the mastery model: 1/choices, ½ for true/false, 0 for short answer. */
export function guessRate(question: Pick<StoredQuestion, 'type' | 'choices'>): number {
  if (question.type === 'short_answer') return 0;
  if (question.type === 'true_false') return 0.5;
  return question.choices.length > 0 ? 1 / question.choices.length : 0.25;
}
