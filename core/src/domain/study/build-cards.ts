import { type KeyTerm, extractKeyTerms } from '../quiz/extract-terms.js';
import { findScenarios } from '../quiz/scenarios.js';
import { capitalise, contentStems, hashSeed, leaksAnswer, mentions, sentencesOf, stripMarkdown, withoutLeadingConnective } from '../quiz/text.js';
import type { SourceChunk } from '../quiz/types.js';
import { frontLeaksBack, isSupportedBy, isUsableTerm } from './support.js';
import type { CardDraft, GateFailure } from './types.js';

const SKIP_HEADING = /\b(key terms?|glossary|summary|learning objectives|review questions|references)\b/i;
/** "X leads to / results in / causes Y." — a stated cause and its effect. */
const CAUSAL = /^(.{12,160}?)\s+((?:can |may |often |usually |will |tends? to )?(?:leads? to|led to|results? in|resulted in|causes?|caused|produces?|produced|contributes? to|triggers?|triggered))\s+(.{8,200}?)[.!]$/i;
const DEPENDENT_START = /^(this|that|these|those|it|they|he|she|such|here|there|which|what|who)\b/i;
/** A negated or hedged-away link is not a cause and its effect ("failed to support the idea that X causes Y"). */
const NEGATED = /\b(not|no|never|neither|nor|fail(?:s|ed)? to|without|rather than|instead of)\b|n['’]t\b|\?/i;

/** A term as the back of a card: the term, then its definition ("extinction — the decrease …"). */
const termWithDefinition = (term: KeyTerm) => `${capitalise(term.term)} — ${term.definition}.`;
const sentence = (text: string) => `${capitalise(text.trim())}${/[.!?]$/.test(text.trim()) ? '' : '.'}`;
const cited = (...chunks: SourceChunk[]) => [...new Map(chunks.map((c) => [c.id, c])).values()];

/** Key term → definition and definition → term cards (the second only for noun-phrase definitions that read as a prompt). */
function termCards(terms: readonly KeyTerm[]): CardDraft[] {
  return terms.flatMap((term) => {
    const chunks = cited(term.homeChunk, term.definitionChunk);
    const cards: CardDraft[] = [{
      kind: 'term', cardKey: `term:${term.key}`, front: `What does “${term.term}” mean?`, back: sentence(term.definition), chunks, answerForms: [],
    }];
    cards.push({
      kind: 'definition', cardKey: `definition:${term.key}`,
      front: term.form === 'phrase' ? `What is the term for ${term.definition}?` : `Which term describes this: “${capitalise(term.definition)}”?`,
      back: capitalise(term.term), chunks, answerForms: [term.term, ...term.aliases],
    });
    return cards;
  });
}

/** Worked examples of the text (the quiz generator's scenarios) → the concept they illustrate. */
function exampleCards(chunks: readonly SourceChunk[], terms: readonly KeyTerm[]): CardDraft[] {
  const seen = new Set<string>();
  return findScenarios(chunks, terms).flatMap((scenario) => {
    const key = `example:${scenario.term.key}:${hashSeed(scenario.text).toString(36)}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const ask = scenario.masked ? 'Which term completes this example?' : 'Which concept does this example illustrate?';
    return [{
      kind: 'example' as const, cardKey: key, front: `${scenario.text}\n\n${ask}`, back: termWithDefinition(scenario.term),
      chunks: cited(scenario.chunk, scenario.term.definitionChunk), answerForms: [scenario.term.term, ...scenario.term.aliases],
    }];
  });
}

/** Sentences that state a cause and its effect → "Cause leads to ________." / the effect. */
function causeEffectCards(chunks: readonly SourceChunk[]): CardDraft[] {
  const cards: CardDraft[] = [];
  const seen = new Set<string>();
  for (const chunk of chunks) {
    if (SKIP_HEADING.test(chunk.headingPath.at(-1) ?? '')) continue;
    for (const raw of sentencesOf(stripMarkdown(chunk.content))) {
      const text = withoutLeadingConnective(raw.trim());
      const match = CAUSAL.exec(text);
      if (!match || text.split(/\s+/).length > 45 || DEPENDENT_START.test(text) || NEGATED.test(text)) continue;
      const [cause, verb] = [match[1] ?? '', match[2] ?? ''];
      // Asides in parentheses (examples, references) are not part of the effect to recall.
      const effect = (match[3] ?? '').replace(/\s*\([^()]*\)/g, '').trim();
      if (/[,;]\s*(which|that|who)$|\b(which|that)$/i.test(cause) || DEPENDENT_START.test(effect) || /^(them|him|her|us|me)\b/i.test(effect)) continue;
      if (contentStems(cause).length < 2 || contentStems(effect).length < 2) continue;
      const key = `cause_effect:${hashSeed(`${cause}|${effect}`.toLowerCase()).toString(36)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      cards.push({ kind: 'cause_effect', cardKey: key, front: `${capitalise(cause)} ${verb} what?`, back: sentence(effect), chunks: [chunk], answerForms: [] });
    }
  }
  return cards;
}

/**
 * Every card the course text yields, before the gate: key term → definition, definition → term, worked
 * example → concept (the quiz generator's term and scenario extraction, imported, not copied) and stated
 * cause → effect.
 *
 * @example
 * const drafts = draftCourseCards(chunks); // → [{ kind: 'term', front: 'What does “extinction” mean?', … }, …]
 */
export function draftCourseCards(chunks: readonly SourceChunk[], extracted: readonly KeyTerm[] = extractKeyTerms(chunks)): CardDraft[] {
  const terms = extracted.filter(isUsableTerm);
  return [...termCards(terms), ...exampleCards(chunks, terms), ...causeEffectCards(chunks)];
}

/**
 * The quality gate, the quiz generator's rules for its items applied to cards: the back must be supported by
 * the passages the card cites, and the front must not give the back away (the answer named or spelled on the
 * front, or most of the back's words already on it).
 *
 * @example
 * gateCard(draft); // → undefined when it passes, else 'unsupported_back' | 'back_leaks_on_front' | 'too_short'
 */
export function gateCard(draft: CardDraft): GateFailure | undefined {
  if (contentStems(draft.back).length === 0 || contentStems(draft.front).length < 2) return 'too_short';
  if (!isSupportedBy(draft.back, draft.chunks.map((c) => c.content).join('\n'))) return 'unsupported_back';
  if (draft.answerForms.length > 0 && (mentions(draft.front, draft.answerForms) || leaksAnswer(draft.front, draft.answerForms[0] ?? '', []))) return 'back_leaks_on_front';
  if (draft.answerForms.length === 0 && frontLeaksBack(draft.front, draft.back)) return 'back_leaks_on_front';
  return undefined;
}

/** The course's cards split by the gate, with the reason each rejected one failed. */
export interface CourseCards { passing: CardDraft[]; rejected: { draft: CardDraft; reason: GateFailure }[] }

/**
 * Drafts the course's cards and applies the gate.
 *
 * @example
 * const { passing, rejected } = buildCourseCards(chunks);
 */
export function buildCourseCards(chunks: readonly SourceChunk[], terms?: readonly KeyTerm[]): CourseCards {
  const result: CourseCards = { passing: [], rejected: [] };
  for (const draft of draftCourseCards(chunks, terms)) {
    const reason = gateCard(draft);
    if (reason) result.rejected.push({ draft, reason });
    else result.passing.push(draft);
  }
  return result;
}
