import type { BuildContext } from './build-questions.js';
import { capitalise, contentStems, danglingPronoun, decapitalise, escapeRegExp, sentencesOf, shuffled, stripMarkdown, withoutLeadingConnective } from './text.js';
import type { GeneratedQuestion, SourceChunk } from './types.js';
import { type CourseVocabulary, learnVocabulary } from './vocabulary.js';

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
// "<cause>, so <effect>" and "<cause>; therefore, <effect>" (a result clause with its own subject).
const RESULT = /^(.{25,220}?)(?:,\s+so|;\s+(?:therefore|thus|hence|consequently|as a result)),?\s+(?!that\b|it\b|this\b|they\b)((?:the|a|an|[\p{L}]+)\s.{15,200}?)[.!]$/iu;
const THIS_IS_BECAUSE = /^(?:this|that)\s+is\s+(?:so\s+)?because\s+(.{15,200}?)[.!:]$/i;
const ENDS_OPEN = /\b(the|a|an|of|and|or|to|in|for|with|on|at|by|from|as|that|which|is|are|was|were|be|been|has|have|had|can|could|will|would|may|might|must|should|also)$/i;
const SUBORDINATE = /^(when|if|while|as|although|though|once|after|before|unless|until|whenever|because|since)\b/i;
// Auxiliaries and modals mark a clause (grammar, not subject matter).
const FINITE = /^(is|are|was|were|has|have|had|can|cannot|can’t|can't|could|will|would|does|do|did|may|might|must|should|shall|doesn’t|don’t|isn’t|aren’t)$/i;
const SKIP_HEADING = /\b(key terms?|glossary|summary|learning objectives|review questions|references)\b/i;

/**
 * The reasons the course states, one per sentence: the effect must stand alone (no pronoun at its start, no
 * question), and the cause must be a clause of its own (not "because of …").
 *
 * @example
 * const reasons = findStatedReasons(chunks);
 */
export function findStatedReasons(chunks: readonly SourceChunk[], vocabulary: Pick<CourseVocabulary, 'isVerb'> = learnVocabulary(chunks)): StatedReason[] {
  const found: StatedReason[] = [];
  const standsAlone = (effect: string) => !ANAPHOR.test(effect) && !/[?:;]/.test(effect) && effect.split(/\s+/).length >= 5
    // The text talking about itself ("before concluding this section, we will study …") is no cause and effect.
    && !/\b(we|us|our|i|this (?:section|chapter|book|tutorial|page))\b/i.test(effect)
    // "When an exception is created in order to …": a subordinate clause alone is not a statement.
    && !(SUBORDINATE.test(effect) && !effect.includes(','))
    // A statement has its own subject ("For brevity, it …" leans on an earlier one; "Matches a …" has none) and ends
    // in a word that can end one ("the package perl has" is cut off); one sentence, no footnote marks or broken quotes.
    && !/^[^,]{0,40},\s*(it|they|this|these|he|she)\b|^note\b/i.test(effect) && !vocabulary.isVerb((effect.split(/\s+/)[0] ?? '').toLowerCase())
    && !ENDS_OPEN.test(effect) && !/\.\s|\[\d+\]|“\s|\s”/.test(effect);
  const isClause = (cause: string) => cause.split(/\s+/).length >= 4 && !/^(it|this|that|they|of)\b/i.test(cause) && !ENDS_OPEN.test(cause)
    && (cause.split(',')[0] ?? '').split(/\s+/).some((w) => FINITE.test(w) || vocabulary.isVerb(w.replace(/[^\p{L}'’-]/gu, '')));
  for (const chunk of chunks) {
    if (SKIP_HEADING.test(chunk.headingPath.at(-1) ?? '')) continue;
    const sentences = sentencesOf(stripMarkdown(chunk.content)).map((raw) => withoutLeadingConnective(raw.replace(/\s*\([^()]*\)/g, '')).trim());
    sentences.forEach((sentence, i) => {
      const add = (effect: string, cause: string) => {
        const e = effect.trim().replace(/[,;]+$/, '');
        // A second reason joined on ("… into the drive and since only one disc …") is cut: one cause per option.
        // A contrast after the cause ("It also involves false memories, but it's different") is not part of the reason.
        const c = cause.trim().replace(/[.!,;]+$/, '').replace(/,?\s+and\s+(?:since|because)\s.*$/i, '').replace(/,\s+but\s.*$/i, '');
        // "so that" without a modal states a result, not a purpose ("… takes a few kilobytes, so that the amount downloaded is
        // divided by 10"): the answer to "why" would run backwards. A purpose takes one ("so that copies can be installed").
        if (/^so that\s/i.test(c) && !/\b(can|could|may|might|will|would|shall|should|must)\b/i.test(c)) return;
        // A demonstrative in the effect or the cause points at an earlier sentence ("each of these files", "in this
        // repository", "does not conform to these principles").
        if (/\b(these|those|this|such)\b/i.test(effect) || /\b(these|those|this)\s+\p{L}/iu.test(c)) return;
        // "<x> is designed so that …": a passive whose purpose completes it says nothing alone.
        if (/^(so that|in order to)/i.test(c) && /\b(is|are|was|were|be|been)\s+\p{L}+(ed|en)$/iu.test(effect.trim())) return;
        const bare = c.replace(/^(so that|in order to)\s+/, '');
        if (standsAlone(e) && bare.split(/\s+/).length >= 4 && (!/^(it|this|that|they|of)\b/i.test(bare) || pronounAgrees(bare, e, vocabulary.isVerb)) && !ENDS_OPEN.test(bare)
          && !found.some((r) => r.effect === e)) found.push({ effect: e, cause: c, chunk });
      };
      const match = CAUSAL.exec(sentence);
      if (match) {
        const link = (match[2] ?? '').toLowerCase();
        // "since" with no verb after it is a time ("since the previous update"), not a reason.
        // ("since it has to be inserted" is a clause: its pronoun is checked against the effect's subject in add).
        if (link === 'since' && !isClause(match[3] ?? '') && !/^(it|they)\s+\S+\s+\S+/i.test(match[3] ?? '')) return;
        add(match[1] ?? '', `${link === 'so that' || link === 'in order to' ? `${link} ` : ''}${match[3] ?? ''}`);
        return;
      }
      // "<cause>, so <effect>." and "<cause>; therefore, <effect>.": the effect is stated second.
      const result = RESULT.exec(sentence);
      if (result && isClause(result[1] ?? '')) { add(capitaliseFirst(result[2] ?? ''), result[1] ?? ''); return; }
      // "<effect>. This is because <cause>." — the effect is the sentence before.
      const previous = sentences[i - 1];
      const because = THIS_IS_BECAUSE.exec(sentence);
      if (because && previous && /[.!]$/.test(previous) && isClause(because[1] ?? '')) add(previous.replace(/[.!]$/, ''), because[1] ?? '');
    });
  }
  return found;
}

const capitaliseFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * A cause opening with "it" or "they" refers to the effect's subject ("Regular upgrades are recommended, because they
 * include the latest security updates"): kept when the pronoun agrees in number with that subject — the words before
 * the effect's first auxiliary or verb, after any fronted phrase ("Contrary to other entries, a CD-ROM is …") — and
 * the subject is a plain noun phrase (no pronoun of its own). Grammar only.
 */
function pronounAgrees(cause: string, effect: string, isVerb: (word: string) => boolean): boolean {
  const pronoun = (/^(it|they)\b/i.exec(cause)?.[1] ?? '').toLowerCase();
  if (!pronoun) return false;
  const words = effect.split(/\s+/);
  // The first auxiliary ("Regular upgrades are …"), else the first verb the course's usage knows.
  const auxiliaryAt = words.findIndex((w, i) => i > 0 && FINITE.test(w));
  const verbAt = auxiliaryAt > 0 ? auxiliaryAt : words.findIndex((w, i) => i > 0 && isVerb(w.replace(/[^\p{L}'’-]/gu, '')));
  if (verbAt < 1 || verbAt > 8) return false;
  const subject = words.slice(0, verbAt).join(' ').split(',').at(-1)?.trim().split(/\s+/) ?? [];
  const head = (subject.at(-1) ?? '').replace(/[^\p{L}\p{N}'’-]/gu, '').toLowerCase();
  if (!head || subject.length > 5 || /^(it|they|this|these|that|those|he|she|we|you|i)$/.test(head) || subject.some((w) => /^(and|or)$/i.test(w))) return false;
  const plural = /\p{L}{2,}s$/u.test(head) && !/(ss|us|is)$/.test(head);
  return pronoun === 'they' ? plural : !plural;
}

/** A name keeps its capital: the passage writes the first word capitalised mid-sentence too ("… and Jerome"). */
function keepsCapital(sentence: string, passage: string): boolean {
  const first = sentence.split(/\s+/)[0] ?? '';
  return /^[\p{Lu}]/u.test(first) && new RegExp(`[\\p{Ll},] ${escapeRegExp(first)}\\b`, 'u').test(passage);
}

/**
 * Tier 2, explain: "Why is it that <effect>?" — the key is the cause the text gives; the distractors are causes the
 * text gives for other things (true somewhere, not the reason here), closest in length first, so length does not
 * point at the key. Returns undefined when the course states too few reasons, or when the effect has a pronoun with
 * nothing to refer to in the question.
 *
 * @example
 * explainQuestion(ctx, reason, reasons);
 */
export function explainQuestion(ctx: BuildContext, reason: StatedReason, all: readonly StatedReason[]): GeneratedQuestion | undefined {
  // The effect becomes the question: a pronoun in it must have something to refer to ("why … APT includes them …?").
  // Such a reason still serves as another question's distractor (its cause is a true reason for something else).
  if (danglingPronoun(reason.effect)) return undefined;
  const effectStems = new Set(contentStems(reason.effect));
  const sameLink = (r: StatedReason) => /^(so that|in order to)/.test(r.cause) === /^(so that|in order to)/.test(reason.cause);
  // A cause about the same thing (sharing words with this effect) might also be right: not a distractor.
  // A cause opening with a pronoun reads as being about the question's subject: a key so opened takes distractors opened
  // with the same pronoun only (the one "It …" among named subjects would give it away), a key opened otherwise none.
  const opener = (r: StatedReason) => {
    const word = (/^(it|its|they|their|them)\b/i.exec(r.cause)?.[1] ?? '').toLowerCase();
    return word.startsWith('it') ? 'it' : word ? 'they' : '';
  };
  const candidates = all.filter((r) => r !== reason && r.cause !== reason.cause && sameLink(r) && opener(r) === opener(reason)
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
