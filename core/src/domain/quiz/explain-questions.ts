import type { BuildContext } from './build-questions.js';
import { capitalise, contentStems, decapitalise, escapeRegExp, sentencesOf, shuffled, stripMarkdown, withoutLeadingConnective } from './text.js';
import type { GeneratedQuestion, SourceChunk } from './types.js';

/**
 * A cause stated in the text: "<effect> because <cause>." — material for "explain" (tier 2) items, which ask
 * why something is so rather than what a word means.
 *
 * @example
 * reason.effect; // 'dpkg will refuse to install a package that breaks an installed package'
 * reason.cause;  // 'the Breaks field says the two versions cannot work together'
 */
export interface StatedReason { effect: string; cause: string; chunk: SourceChunk }

const CAUSAL = /^(.{25,220}?),?\s+(because|since|so that|in order to)\s+(.{15,200}?)[.!]$/i;
const ANAPHOR = /^(this|that|these|those|it|they|he|she|such|here|there|in (?:this|that|such|these)|at this|then)\b/i;
const SKIP_HEADING = /\b(key terms?|glossary|summary|learning objectives|review questions|references)\b/i;

/**
 * The reasons the course states, one per sentence: the effect must stand alone (no pronoun at its start, no
 * question), and the cause must be a clause of its own (not "because of …").
 *
 * @example
 * const reasons = findStatedReasons(chunks);
 */
export function findStatedReasons(chunks: readonly SourceChunk[]): StatedReason[] {
  const found: StatedReason[] = [];
  for (const chunk of chunks) {
    if (SKIP_HEADING.test(chunk.headingPath.at(-1) ?? '')) continue;
    for (const raw of sentencesOf(stripMarkdown(chunk.content))) {
      const sentence = withoutLeadingConnective(raw.replace(/\s*\([^()]*\)/g, '')).trim();
      const match = CAUSAL.exec(sentence);
      if (!match) continue;
      const effect = (match[1] ?? '').trim();
      const link = (match[2] ?? '').toLowerCase();
      const cause = `${link === 'so that' || link === 'in order to' ? `${link} ` : ''}${(match[3] ?? '').trim()}`;
      if (ANAPHOR.test(effect) || /^of\b/i.test(match[3] ?? '') || /[?:;]/.test(effect) || effect.split(/\s+/).length < 5) continue;
      // The text talking about itself ("before concluding this section, we will study …") is no cause and effect.
      if (/\b(we|us|our|I|this (?:section|chapter|book|tutorial|page))\b/.test(effect)) continue;
      if (cause.split(/\s+/).length < 4 || /^(it|this|that|they)\b/i.test(match[3] ?? '')) continue;
      found.push({ effect, cause, chunk });
    }
  }
  return found;
}

/** A name keeps its capital: the passage writes the first word capitalised mid-sentence too ("… and Jerome"). */
function keepsCapital(sentence: string, passage: string): boolean {
  const first = sentence.split(/\s+/)[0] ?? '';
  return /^[\p{Lu}]/u.test(first) && new RegExp(`[\\p{Ll},] ${escapeRegExp(first)}\\b`, 'u').test(passage);
}

/**
 * Tier 2, explain: "Why is it that <effect>?" — the key is the cause the text gives; the distractors are causes the
 * text gives for other things (true somewhere, not the reason here), closest in length first, so length does not
 * point at the key. Returns undefined when the course states too few reasons.
 *
 * @example
 * explainQuestion(ctx, reason, reasons);
 */
export function explainQuestion(ctx: BuildContext, reason: StatedReason, all: readonly StatedReason[]): GeneratedQuestion | undefined {
  const effectStems = new Set(contentStems(reason.effect));
  const sameLink = (r: StatedReason) => /^(so that|in order to)/.test(r.cause) === /^(so that|in order to)/.test(reason.cause);
  // A cause about the same thing (sharing words with this effect) might also be right: not a distractor.
  const candidates = all.filter((r) => r !== reason && r.cause !== reason.cause && sameLink(r)
    && contentStems(r.cause).filter((s) => effectStems.has(s)).length === 0
    && contentStems(r.effect).filter((s) => effectStems.has(s)).length < 2);
  if (candidates.length < 3) return undefined;
  const length = reason.cause.length;
  const byLength = [...candidates].sort((a, b) => Math.abs(a.cause.length - length) - Math.abs(b.cause.length - length));
  const distractors = shuffled(byLength.slice(0, 8), ctx.rng).slice(0, 3);
  const render = (r: StatedReason) => capitalise(r.cause.replace(/[.,;]+$/, ''));
  const key = render(reason);
  const choices = shuffled([key, ...distractors.map(render)], ctx.rng);
  const effect = reason.effect.replace(/[,;]+$/, '');
  return {
    type: 'multiple_choice', tier: 2, strategy: 'explain-cause',
    prompt: `According to the text, why is it that ${keepsCapital(effect, reason.chunk.content) ? effect : decapitalise(effect)}?`,
    choices, answer: { kind: 'choice', index: choices.indexOf(key), text: key },
    explanation: `The text explains: ${capitalise(effect)} ${/^(so that|in order to)/.test(reason.cause) ? '' : 'because '}${reason.cause}.`,
    topicId: reason.chunk.topicId, chunkIds: [reason.chunk.id],
    optionNotes: distractors.map((d) => ({ choice: render(d), note: `That is the reason the text gives for something else: ${capitalise(d.effect)} ${/^(so that|in order to)/.test(d.cause) ? '' : 'because '}${d.cause}.`, chunkId: d.chunk.id })),
  };
}
