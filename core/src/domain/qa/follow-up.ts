import { analyseQuestion } from './question-analysis.js';
import { contentTerms } from './text-analysis.js';

// "and what about X?", "what about X?", "how about X?", "and X?"
const WHAT_ABOUT = /^\s*(?:and|but|so)?\s*(?:what|how)\s+about\s+(.+?)\s*\??\s*$/i;
const AND_X = /^\s*(?:and|or)\s+(.+?)\s*\??\s*$/i;
// A question leaning on the previous one: a pronoun stands for its subject.
const PRONOUN = /\b(it|its|they|them|their|this|that|these|those|he|him|his|she|her)\b/i;

/**
 * A follow-up question read against the previous turn of the thread, so retrieval and answer see a whole
 * question. "and what about negative punishment?" after "What is negative reinforcement?" becomes "What is
 * negative punishment?"; "Who discovered it?" after "What is classical conditioning?" becomes "Who discovered
 * classical conditioning?". A question that stands on its own is returned unchanged.
 *
 * @example
 * resolveFollowUp('and what about negative punishment?', 'What is negative reinforcement?') // 'What is negative punishment?'
 */
export function resolveFollowUp(question: string, previous: string | undefined): string {
  const prior = previous?.trim();
  if (!prior) return question;
  const before = analyseQuestion(prior);
  const about = WHAT_ABOUT.exec(question)?.[1] ?? AND_X.exec(question)?.[1];
  if (about) {
    if (before.subject) return prior.replace(new RegExp(before.subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'), about);
    if (before.sides) return prior.replace(before.sides[1].text, about);
    return `${about} — ${prior}`;
  }
  const terms = contentTerms(question);
  const pronoun = PRONOUN.exec(question);
  if (pronoun && terms.length <= 3) {
    const subject = before.subject ?? before.sides?.map((s) => s.text).join(' and ') ?? prior.replace(/[?.!]+$/, '');
    return question.replace(pronoun[0], subject);
  }
  return question;
}
