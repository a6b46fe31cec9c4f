import { contentStems, hashSeed, mentions, seededRandom, shuffled, stemOverlap, stripMarkdown } from './text.js';
import { strayQuote } from './term-quality.js';
import type { GeneratedQuestion, SourceChunk } from './types.js';

/**
 * The item quality gate every generator's output passes before a learner sees it (local and OpenAI-compatible
 * alike). An item that fails is not served; its reasons are kept for the teacher's item review.
 *
 * @example
 * const { accepted, rejected } = gateItems(questions, { chunks, topicTitles });
 */
export interface GateContext {
  /** The course's chunks (citations must point at them; the key must be supported by them). */
  chunks: readonly SourceChunk[];
  /** Prompts the learner has already been served (exposure control): avoided while unseen items remain. */
  seenPrompts?: readonly string[];
  /** How many items to serve at most. @defaultValue all that pass */
  limit?: number;
  /** Seed for the key-position balancing. @defaultValue 'gate' */
  seed?: string;
}

/** An item the gate held back, with why. */
export interface RejectedItem { question: GeneratedQuestion; reasons: string[] }

/** What the gate lets through and what it holds back. */
export interface GateResult { accepted: GeneratedQuestion[]; rejected: RejectedItem[] }

const keyText = (q: GeneratedQuestion): string => (q.answer.kind === 'boolean' ? '' : q.answer.text);
const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;
const normalised = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
/** Whole words of `key` appear in `text`, punctuation and hyphens ignored ("apt" in "apt-get"): a leak even inside a compound. */
const containsWords = (text: string, key: string): boolean => mentions(text, [key]) || ` ${normalised(text)} `.includes(` ${normalised(key)} `);

/**
 * What makes an item itself: its stem, and its key when the stem is generic ("Which of the following statements
 * is accurate?" is the stem of many different items).
 *
 * @example
 * itemText(question); // → 'Which of the following statements is accurate? | Extinction refers to …'
 */
export function itemText(q: GeneratedQuestion): string {
  return q.answer.kind === 'boolean' ? q.prompt : `${q.prompt} | ${q.answer.text}`;
}

/**
 * Words any quiz's own wording uses ("According to the course, which of these would you use?", "Which statement
 * does the course support?", "Which heading …"), and negated auxiliaries: sharing one of them gives nothing away.
 */
const QUIZ_WORDING = new Set(contentStems(`according course text term terms following best describe describes statement statements
  accurate correct true false refers support supports use used would need which what kind heading headings list lists listed under why how
  dont doesnt didnt cant cannot wont isnt arent wasnt werent`));

/**
 * The content words (stems of ≥ 3 letters, no number, none of a quiz's own wording) that `text` shares with a
 * question's stem.
 *
 * @example
 * stemCue('According to the course, what is aptitude update used for?', 'To update your system'); // → ['updat']
 */
export function stemCue(prompt: string, text: string): string[] {
  const telling = (t: string) => new Set(contentStems(t.replace(/_{3,}/g, ' ')).filter((s) => s.length >= 3 && /\p{L}/u.test(s) && !QUIZ_WORDING.has(s)));
  const inStem = telling(prompt);
  return [...telling(text)].filter((s) => inStem.has(s));
}

/**
 * The content words a multiple-choice key shares with its stem while no distractor shares any: a learner picks
 * the key by the shared word alone ("What is aptitude update used for?" → "To update your system …"). Empty when
 * a distractor also shares a word of the stem (the cue no longer singles the key out), and for items without
 * distractors.
 *
 * @example
 * guessableByStemWord(question); // → ['updat']
 */
export function guessableByStemWord(q: GeneratedQuestion): string[] {
  if (q.type !== 'multiple_choice' || q.answer.kind !== 'choice') return [];
  const index = q.answer.index;
  const others = q.choices.filter((_, i) => i !== index);
  if (others.length === 0 || others.some((o) => stemCue(q.prompt, o).length > 0)) return [];
  return stemCue(q.prompt, q.answer.text);
}

/**
 * Distractors drawn so a word the key shares with the stem does not single it out: when the key shares one and
 * none of `picked` shares any word of the stem, the last of them gives way to the first of `pool` that does.
 * Generators call it on their own draw (the pool holds only valid distractors); the gate refuses what stays
 * guessable.
 *
 * @example
 * withStemCueShared('What is the Alien package used for?', 'To convert between package formats', picked, pool, (p) => p.text);
 */
export function withStemCueShared<T>(prompt: string, key: string, picked: readonly T[], pool: readonly T[], textOf: (t: T) => string): T[] {
  const shares = (t: T) => stemCue(prompt, textOf(t)).length > 0;
  if (picked.length === 0 || stemCue(prompt, key).length === 0 || picked.some(shares)) return [...picked];
  const sharing = pool.find((t) => !picked.includes(t) && shares(t));
  return sharing === undefined ? [...picked] : [...picked.slice(0, -1), sharing];
}

/**
 * The reasons one item fails the gate (empty when it passes). The key must be one defensible answer supported by
 * the cited passage; it must not leak through the stem, the topic label or another option; the distractors must
 * be of the key's kind (all terms, or all descriptions) and none may also be right.
 *
 * @example
 * itemProblems(question, chunksById); // → ['the topic label names the key']
 */
export function itemProblems(q: GeneratedQuestion, chunksById: ReadonlyMap<string, SourceChunk>): string[] {
  const reasons: string[] = [];
  const cited = q.chunkIds.map((id) => chunksById.get(id)).filter((c): c is SourceChunk => Boolean(c));
  if (cited.length === 0) reasons.push('cites no passage of the course');
  const key = keyText(q);
  const namesTermOnPurpose = q.answer.kind === 'choice' && words(key) > 6;
  if (q.type === 'multiple_choice') {
    if (q.answer.kind !== 'choice' || q.choices[q.answer.index] !== q.answer.text) reasons.push('the answer key does not point at its choice');
    if (new Set(q.choices.map(normalised)).size !== q.choices.length) reasons.push('two options are the same');
    if (q.choices.length < 3) reasons.push('fewer than three options');
    // "To see the manual page for the command ls'": a quotation mark that opens or closes nothing (code aside).
    if (q.choices.some((c) => !/[=()[\]{}]/.test(c) && strayQuote(c))) reasons.push('an option holds a stray quotation mark');
  }
  if (key && cited.length > 0) {
    // Supported: most of the key's content words are in the passages the item cites.
    // A passage's headings are part of it (a citation shows them): "listed under <heading>" is supported by the heading.
    const passage = new Set(contentStems(cited.map((c) => `${c.headingPath.join(' ')} ${stripMarkdown(c.content)}`).join(' ')));
    const stems = contentStems(key);
    if (stems.length > 0 && stems.filter((s) => passage.has(s)).length / stems.length < 0.6) reasons.push('the key is not supported by the cited passage');
  }
  if (key && !namesTermOnPurpose && words(key) <= 6 && containsWords(q.prompt, key)) reasons.push('the stem names the key');
  const topic = cited.find((c) => c.topicId === q.topicId)?.topicTitle ?? null;
  if (key && words(key) <= 6 && topic && containsWords(topic, key)) reasons.push('the topic label names the key');
  if (q.type === 'multiple_choice' && q.answer.kind === 'choice') {
    const others = q.choices.filter((_, i) => i !== (q.answer.kind === 'choice' ? q.answer.index : -1));
    if (words(key) <= 6 && others.some((o) => containsWords(o, key))) reasons.push('another option contains the key');
    if (others.some((o) => words(o) <= 6 && words(key) <= 12 && mentions(key, [o]))) reasons.push('the key contains another option (both would be right)');
    if (!namesTermOnPurpose && others.some((o) => words(o) <= 6 && mentions(q.prompt.replace(/_{3,}/g, ' '), [o]))) reasons.push('the stem names a distractor');
    if (guessableByStemWord(q).length > 0) reasons.push('the key shares a word with the stem and no distractor does (guessable)');
    // Same kind: short terms with short terms, descriptions with descriptions.
    const lengths = q.choices.map(words);
    if (Math.min(...lengths) <= 3 && Math.max(...lengths) > 4 * Math.min(...lengths)) reasons.push('options are not of the same kind (terms mixed with descriptions)');
  }
  return reasons;
}

/** Reorders the choices so the key sits at `index` (the other options keep their order). */
function moveKeyTo(q: GeneratedQuestion, index: number): GeneratedQuestion {
  if (q.answer.kind !== 'choice' || q.type !== 'multiple_choice') return q;
  const key = q.choices[q.answer.index] as string;
  const others = q.choices.filter((_, i) => i !== (q.answer.kind === 'choice' ? q.answer.index : -1));
  const choices = [...others.slice(0, index), key, ...others.slice(index)];
  return { ...q, choices, answer: { ...q.answer, index, text: key } };
}

/** True when the key is the single longest option (a test-wise learner's cue). */
export function keyIsLongest(q: GeneratedQuestion): boolean {
  if (q.answer.kind !== 'choice' || q.type !== 'multiple_choice') return false;
  const keyLength = q.answer.text.length;
  return q.choices.every((c, i) => i === (q.answer.kind === 'choice' ? q.answer.index : -1) || c.length < keyLength);
}

/** The share of multiple-choice items whose key is the longest option a bank may have. */
export const MAX_KEY_LONGEST_SHARE = 0.3;

/**
 * Runs the gate over a generator's items, in order: per-item checks; near-duplicate stems (≥ 0.8 stem overlap
 * with an accepted item); exposure (a prompt the learner has seen waits until unseen items run out); a cap on
 * items whose key is the longest option; then the keys of the accepted multiple-choice items are spread evenly
 * over the positions (seeded), so neither position nor length gives the answer away across the bank.
 *
 * @example
 * const { accepted, rejected } = gateItems(candidates, { chunks, limit: 5, seed: quizId });
 */
export function gateItems(questions: readonly GeneratedQuestion[], ctx: GateContext): GateResult {
  const chunksById = new Map(ctx.chunks.map((c) => [c.id, c]));
  const seen = new Set((ctx.seenPrompts ?? []).map(normalised));
  const limit = ctx.limit ?? questions.length;
  const accepted: GeneratedQuestion[] = [];
  const rejected: RejectedItem[] = [];
  const waiting: GeneratedQuestion[] = [];
  let longest = 0;
  let choiceItems = 0;
  const admit = (q: GeneratedQuestion): boolean => {
    if (accepted.length >= limit) return false;
    const isChoice = q.type === 'multiple_choice';
    if (isChoice && keyIsLongest(q) && longest + 1 > MAX_KEY_LONGEST_SHARE * Math.max(limit, choiceItems + 1)) {
      rejected.push({ question: q, reasons: ['the key is the longest option too often in this bank'] });
      return false;
    }
    accepted.push(q);
    if (isChoice) { choiceItems += 1; longest += keyIsLongest(q) ? 1 : 0; }
    return true;
  };
  for (const q of questions) {
    const reasons = itemProblems(q, chunksById);
    const twin = accepted.find((a) => stemOverlap(itemText(a), itemText(q)) >= 0.8 || normalised(itemText(a)) === normalised(itemText(q)));
    if (twin) reasons.push('near-duplicate of another item\'s stem');
    if (reasons.length > 0) { rejected.push({ question: q, reasons }); continue; }
    if (seen.has(normalised(q.prompt))) { waiting.push(q); continue; }
    admit(q);
  }
  for (const q of waiting) if (!admit(q)) rejected.push({ question: q, reasons: ['the learner has seen this item; unseen items were served instead'] });
  return { accepted: balanceKeyPositions(accepted, ctx.seed ?? 'gate'), rejected };
}

/**
 * Spreads the keys of multiple-choice items evenly over the positions: position i of a seeded cycle of
 * 0…n−1 for the i-th such item, so over a bank no position holds much more than 1/n of the keys.
 *
 * @example
 * balanceKeyPositions(items, 'quiz-1');
 */
export function balanceKeyPositions(questions: readonly GeneratedQuestion[], seed: string): GeneratedQuestion[] {
  const rng = seededRandom(hashSeed(`positions:${seed}`));
  let cycle: number[] = [];
  return questions.map((q) => {
    if (q.type !== 'multiple_choice' || q.answer.kind !== 'choice') return q;
    if (cycle.length === 0) cycle = shuffled(q.choices.map((_, i) => i), rng);
    const target = (cycle.shift() as number) % q.choices.length;
    return moveKeyTo(q, target);
  });
}
