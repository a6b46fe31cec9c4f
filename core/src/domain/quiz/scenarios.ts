import { type KeyTerm, longerTermsOf } from './extract-terms.js';
import type { SourceChunk } from './types.js';
import { capitalise, formsPattern, mentions, sentencesOf, stripMarkdown } from './text.js';

/**
 * A short worked example from the course text ("For example, …") and the key term it illustrates, for
 * apply-in-a-scenario items. `masked` is true when the term had to be blanked inside the example.
 *
 * @example
 * scenario.text; // 'You tell your five-year-old son, Jerome, that if he cleans his room, he will get a toy. …'
 */
export interface Scenario { term: KeyTerm; text: string; masked: boolean; chunk: SourceChunk }

const EXAMPLE_START = /^(?:for example|for instance|imagine|suppose|consider|let['’]s say|say that)\b/i;
const EXPLANATION_START = /^(?:in this case|this is|this|that|that’s|thus|therefore|in other words|here,|such|these|as a result of this|since|because)\b/i;
// Questions to the reader, asides and figure references end the example.
const STOP_SENTENCE = /\?$|\blet['’]s\b|\bexample of\b|\billustrat|^(figure|table)\s+\d|\bearlier\b/i;
const SKIP_HEADING = /\b(key terms?|glossary|summary|learning objectives|review questions|references)\b/i;
export const BLANK = '________';

/** Removes the lead-in ("For example, let’s say that …") so the example reads as a standalone scenario. */
function cleanLeadIn(text: string): string {
  const stripped = text
    .replace(/^(?:for example|for instance),\s*/i, '')
    .replace(/^(?:let['’]s say|say|suppose)(?:\s+that)?,?\s*/i, '')
    .replace(/^imagine(?:\s+that)?\s+/i, 'Imagine that ');
  return capitalise(stripped);
}

/** Which key term a passage illustrates: named in the sentence before it, or mentioned repeatedly in it. */
function attribute(before: string, passage: string, terms: readonly KeyTerm[], longerOf: Map<string, string[]>): KeyTerm | undefined {
  const scored = terms.map((term) => {
    const forms = [term.term, ...term.aliases];
    const longer = longerOf.get(term.key) ?? [];
    const clean = (text: string) => (longer.length > 0 ? text.replace(formsPattern(longer), '') : text);
    const inBefore = mentions(clean(before), forms) ? 3 : 0;
    if (inBefore === 0) return { term, score: 0 };
    const inPassage = [...clean(passage).matchAll(formsPattern(forms))].length;
    return { term, score: inBefore + inPassage };
  }).filter((s) => s.score >= 3).sort((a, b) => b.score - a.score);
  const [best, second] = scored;
  if (!best || (second && second.score === best.score)) return undefined;
  // One-word terms are often everyday words ("recall", "memory"): only when the passage keeps naming them.
  if (!/\s|-/.test(best.term.term) && best.score < 5) return undefined;
  return best.term;
}

/**
 * Finds worked examples in the course text and the term each one illustrates. The example is cut before the
 * sentence that explains it (which would give the answer away); labels in parentheses that name key terms are
 * removed; a mention of the answer inside the first sentence is blanked.
 *
 * @example
 * const scenarios = findScenarios(chunks, terms);
 */
export function findScenarios(chunks: readonly SourceChunk[], terms: readonly KeyTerm[]): Scenario[] {
  const scenarios: Scenario[] = [];
  const allForms = terms.flatMap((t) => [t.term, ...t.aliases]);
  const longerOf = new Map(terms.map((t) => [t.key, longerTermsOf(t.term, terms.map((o) => o.term))]));
  for (const chunk of chunks) {
    if (SKIP_HEADING.test(chunk.headingPath.at(-1) ?? '')) continue;
    const sentences = sentencesOf(stripMarkdown(chunk.content));
    sentences.forEach((sentence, i) => {
      if (!EXAMPLE_START.test(sentence) || i === 0 || STOP_SENTENCE.test(sentence)) return;
      const passage: string[] = [sentence];
      for (let j = i + 1; j < sentences.length && passage.length < 6 && passage.join(' ').length < 560; j += 1) {
        const next = sentences[j] ?? '';
        if (EXPLANATION_START.test(next) || EXAMPLE_START.test(next) || STOP_SENTENCE.test(next)) break;
        passage.push(next);
      }
      const term = attribute(sentences[i - 1] ?? '', passage.join(' '), terms, longerOf);
      if (!term) return;
      const forms = [term.term, ...term.aliases];
      // Keep sentences up to the first later one that names the answer.
      const kept: string[] = [];
      const termWords = term.term.split(/[\s-]+/).filter((w) => w.length > 3);
      for (const [k, s] of passage.entries()) {
        if (k > 0 && (mentions(s, forms) || (termWords.length >= 2 && termWords.filter((w) => mentions(s, [w])).length >= 2))) break;
        kept.push(s);
      }
      let text = cleanLeadIn(kept.join(' '))
        .replace(/\s*\(([^()]*)\)/g, (whole, inner: string) => (mentions(inner, allForms) || /\d{4}/.test(inner) ? '' : whole));
      const masked = mentions(text, forms);
      // One unmasked sentence is rarely a whole example ("Imagine that Brandon runs out into the street.").
      if (!masked && kept.length < 2) return;
      // A one-word term blanked inside an example is usually its everyday sense ("you might easily recall a fact").
      if (masked && !/\s|-/.test(term.term)) return;
      if (/^(this|that|these|those|it|in this)\b/i.test(text) || /\bnever\b/i.test(text)) return;
      if (masked) text = text.replace(formsPattern(forms), BLANK);
      if (text.length < 60 || text.length > 700 || !/[.!?”"]$/.test(text)) return;
      scenarios.push({ term, text, masked, chunk });
    });
    for (const sentence of sentences) {
      const found = conditionalExample(sentence, terms);
      if (found) scenarios.push({ ...found, chunk });
    }
  }
  return scenarios;
}

/**
 * "If you gave Sydney a piece of candy every time Sydney scored a goal, you would be using a primary reinforcer."
 * — a conditional about a concrete person whose main clause names exactly one multi-word term: the term is
 * blanked and the sentence becomes a scenario.
 */
function conditionalExample(sentence: string, terms: readonly KeyTerm[]): { term: KeyTerm; text: string; masked: true } | undefined {
  if (!/^(if|when|whenever)\b/i.test(sentence) || !/\b(you|your|[A-Z][a-z]+’s|[A-Z][a-z]{2,})\b/.test(sentence.slice(3))) return undefined;
  const comma = sentence.indexOf(',');
  if (comma < 0 || sentence.length > 300) return undefined;
  const main = sentence.slice(comma);
  const named = terms.filter((t) => /\s|-/.test(t.term) && mentions(main, [t.term, ...t.aliases]));
  const longest = named.filter((t) => !named.some((o) => o !== t && o.term.length > t.term.length && mentions(o.term, [t.term])));
  const [term] = longest;
  if (longest.length !== 1 || !term || mentions(sentence.slice(0, comma), [term.term])) return undefined;
  if (/\b(it|this|these|those|that|them)\b/i.test(sentence.slice(0, comma))) return undefined;
  const text = sentence.replace(formsPattern([term.term, ...term.aliases]), BLANK)
    .replace(/\b(a|an) ________/gi, 'a(n) ________');
  return /[.!]$/.test(text) ? { term, text, masked: true } : undefined;
}
