import { STOPWORDS, tokenize } from '../qa/text-analysis.js';
import { contentStems, stripMarkdown } from '../quiz/text.js';

/** Words generators add to make a definition read as a noun phrase ("something that …"): not claims about the text. */
const FILLER = /\bsomething\b/gi;

/** Share of a claim's content words (stemmed) that the passage contains, 0–1; 0 for a claim with no content words. */
export function supportShare(claim: string, passage: string): number {
  const wanted = [...new Set(contentStems(stripMarkdown(claim).replace(FILLER, ' ')))];
  if (wanted.length === 0) return 0;
  const present = new Set(contentStems(stripMarkdown(passage)));
  return wanted.filter((s) => present.has(s)).length / wanted.length;
}

/**
 * The support rule every note line and every flashcard back must meet: at least `minShare` (default 0.8) of
 * its content words occur in the cited passage. Extractive lines meet it by construction; model-written ones
 * that paraphrase beyond the text do not, and are dropped.
 *
 * @example
 * isSupportedBy('extinction: the decrease in the conditioned response', chunk.content); // → true
 */
export function isSupportedBy(claim: string, passage: string, minShare = 0.8): boolean {
  return supportShare(claim, passage) >= minShare;
}

/**
 * True when the front gives the back away: most (≥ half) of the back's content words already stand on the front.
 *
 * @example
 * frontLeaksBack('Extinction is the decrease of …. What is extinction?', 'the decrease of …'); // → true
 */
export function frontLeaksBack(front: string, back: string): boolean {
  return supportShare(back, front) >= 0.5;
}

/**
 * Whether an extracted key term reads as a term: its last word is not a function word ("concept that",
 * "point that" come from sentences like "a concept that helps us …" read as definitions).
 *
 * @example
 * isUsableTerm({ term: 'mental model' }); // → true
 */
export function isUsableTerm(term: { term: string }): boolean {
  const last = tokenize(term.term).at(-1);
  return last !== undefined && !STOPWORDS.has(last);
}
