import type { Tier } from '../mastery/tiers.js';
import type { KeyTerm } from './extract-terms.js';
import { BLANK, type Scenario } from './scenarios.js';
import type { TermSimilarity } from './similarity.js';
import { leansOnEarlierText } from './term-quality.js';
import { capitalise, contentStems, danglingPronoun, formsPattern, leaksAnswer, mentions, shuffled, withoutLeadingConnective } from './text.js';
import type { GeneratedQuestion, OptionNote } from './types.js';

/** What every builder needs: the course's terms, how close they are, and the quiz's seeded PRNG. */
export interface BuildContext { terms: readonly KeyTerm[]; similarity: TermSimilarity; rng: () => number }

/** Rank window of candidate distractors per tier: low tiers skip the closest terms, tier 4 takes only them. */
const WINDOW: Record<Tier, [number, number]> = { 1: [3, 15], 2: [1, 10], 3: [0, 6], 4: [0, 3] };

const stemSet = (text: string) => new Set(contentStems(text));
const isSubset = (a: Set<string>, b: Set<string>) => [...a].every((s) => b.has(s));

/** Two terms can share a question only if neither is a broader form of the other ("punishment" ⊂ "positive punishment"). */
function compatible(a: KeyTerm, b: KeyTerm): boolean {
  if (a.key === b.key) return false;
  const sa = stemSet(a.term);
  const sb = stemSet(b.term);
  if (isSubset(sa, sb) || isSubset(sb, sa)) return false;
  const formsA = [a.term, ...a.aliases].map((f) => f.toLowerCase());
  return ![b.term, ...b.aliases].some((f) => formsA.includes(f.toLowerCase())) && a.definition !== b.definition;
}

/**
 * Picks `count` distractor terms for `answer`: valid ones (compatible with the answer and each other, not named
 * in `avoidText`, same definition form when `sameForm`), ranked by closeness in meaning, drawn from the tier's
 * window. Returns undefined when the course has too few.
 */
export function pickDistractors(
  ctx: BuildContext, answer: KeyTerm, tier: Tier,
  options: {
    count?: number; avoidText?: string; sameForm?: boolean; avoidDefinitionsNaming?: KeyTerm; exclude?: (t: KeyTerm) => boolean;
    /** Only terms of the answer's kind (same head words) when enough exist. */
    sameKind?: boolean;
  } = {},
): KeyTerm[] | undefined {
  const count = options.count ?? 3;
  const named = options.avoidDefinitionsNaming;
  // The headings above the answer name its broader concepts ("Operant Conditioning" above positive reinforcement,
  // "Memory-Enhancing Strategies" above mnemonic device): such a term would also be a right answer.
  const umbrellas = [answer.homeChunk.documentTitle, ...answer.homeChunk.headingPath].map(stemSet);
  const isUmbrella = (t: KeyTerm) => umbrellas.some((heading) => isSubset(stemSet(t.term), heading));
  const ranked = ctx.terms
    .filter((t) => compatible(answer, t) && (!options.sameForm || t.form === answer.form))
    .filter((t) => !named || !mentions(t.definition, [named.term, ...named.aliases]))
    .filter((t) => !isUmbrella(t) && !options.exclude?.(t))
    .filter((t) => !options.avoidText || !mentions(options.avoidText, [t.term, ...t.aliases]))
    .sort((a, b) => ctx.similarity(answer, b) - ctx.similarity(answer, a) || a.term.localeCompare(b.term));
  // An example of a fixed interval schedule is also an example of "partial reinforcement" and of "negative
  // reinforcement" (the pain stops): when the answer names a kind ("… reinforcement schedule") and enough
  // other kinds of it exist, the distractors are those, so exactly one choice is right.
  const kind = headOf(answer.term);
  const sameKind = options.sameKind && kind ? ranked.filter((t) => headOf(t.term) === kind) : [];
  if (sameKind.length >= count) ranked.splice(0, ranked.length, ...sameKind);
  const [from, to] = WINDOW[tier];
  const window = ranked.slice(Math.min(from, Math.max(0, ranked.length - count * 2)), Math.max(to, count));
  const picked: KeyTerm[] = [];
  for (const candidate of [...shuffled(window, ctx.rng), ...ranked]) {
    if (picked.length === count) break;
    if (!picked.includes(candidate) && picked.every((p) => compatible(p, candidate))) picked.push(candidate);
  }
  return picked.length === count ? picked : undefined;
}

/** The last two words of a term of three or more ("fixed interval reinforcement schedule" → "reinforcement schedule"). */
function headOf(term: string): string | undefined {
  const words = term.toLowerCase().split(/\s+/);
  return words.length >= 3 ? words.slice(-2).join(' ') : undefined;
}

/**
 * "The term “generators” refers to …": the subject is "the term", so the verb agrees whether the course's term is
 * singular or plural ("Generators refers to …" read wrongly), and the term keeps the course's own case ("dpkg").
 *
 * @example
 * termRefersTo('generators', 'functions that return an iterator'); // → 'The term “generators” refers to functions that return an iterator.'
 */
export function termRefersTo(term: string, phrase: string): string {
  return `The term “${term}” refers to ${phrase}.`;
}

/** "The term “X” refers to a stimulus that …" for noun-phrase definitions; a quoted description for clauses. */
export function describe(term: KeyTerm): string {
  return term.form === 'phrase'
    ? termRefersTo(term.term, term.phrase)
    : `“${term.term}”: “${capitalise(term.definition)}.”`;
}

const decapitaliseFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const citations = (...chunks: { id: string }[]) => [...new Set(chunks.map((c) => c.id))];

/** What a distractor term is, for the learner who chose it. */
const termNote = (choice: string, d: KeyTerm): OptionNote => ({ choice, note: describe(d), chunkId: d.definitionChunk.id });

function multipleChoice(
  ctx: BuildContext, tier: Tier, prompt: string, correct: string, wrong: string[], explanation: string, term: KeyTerm, chunkIds: string[],
  optionNotes: OptionNote[] = [],
): GeneratedQuestion {
  const choices = shuffled([correct, ...wrong], ctx.rng);
  return {
    type: 'multiple_choice', tier, prompt, choices, answer: { kind: 'choice', index: choices.indexOf(correct), text: correct },
    explanation, topicId: term.homeChunk.topicId, chunkIds, optionNotes,
  };
}

/** Tier 1, recall: the course's defining sentence (or the glossary definition) with the term blanked. */
export function clozeQuestion(ctx: BuildContext, term: KeyTerm): GeneratedQuestion | undefined {
  const distractors = pickDistractors(ctx, term, 1);
  if (!distractors) return undefined;
  const forms = [term.term, ...term.aliases];
  // Parentheses in a defining sentence hold abbreviations and asides ("(i.e., an episode)") that give the term away.
  // A leading connective ("On the other hand, …") points at a sentence the learner cannot see.
  const sentence = term.textSentence && capitalise(withoutLeadingConnective(term.textSentence.text.replace(/\s*\([^()]*\)/g, '')));
  const prompt = sentence
    ? sentence.replace(formsPattern(forms), BLANK).replace(/\b(a|an) ________/gi, (m) => (m.startsWith('A') ? 'A(n) ________' : 'a(n) ________'))
    : term.form === 'phrase'
      ? `The term ${BLANK} refers to ${term.phrase}.`
      : `Which term matches this description: “${capitalise(term.definition)}”?`;
  if (mentions(prompt, forms) || leaksAnswer(prompt, term.term, distractors.map((d) => d.term)) || danglingPronoun(prompt)) return undefined;
  const chunks = citations(term.homeChunk, ...(term.textSentence ? [term.textSentence.chunk] : []), term.definitionChunk);
  return multipleChoice(ctx, 1, prompt, term.term, distractors.map((d) => d.term), describe(term), term, chunks,
    distractors.map((d) => termNote(d.term, d)));
}

/** Tier 1, recall as short answer: "What is the term for …?" — graded by normalised match or key-term overlap. */
export function shortAnswerQuestion(term: KeyTerm): GeneratedQuestion {
  const prompt = term.form === 'phrase'
    ? `What is the term for ${term.phrase}?`
    : `What term describes the following: “${capitalise(term.definition)}”?`;
  const accept = [term.term, ...term.aliases, ...term.aliases.map((a) => `${term.term} (${a})`)];
  return {
    type: 'short_answer', tier: 1, prompt, choices: [],
    answer: { kind: 'text', text: term.term, accept, keyTerms: contentStems(term.term) },
    explanation: describe(term), topicId: term.homeChunk.topicId, chunkIds: citations(term.homeChunk, term.definitionChunk),
  };
}

/** Tiers 1–2, true/false: the term with its own definition or a neighbour's (closer neighbours at tier 2). */
export function trueFalseQuestion(ctx: BuildContext, term: KeyTerm, tier: 1 | 2): GeneratedQuestion | undefined {
  if (term.form !== 'phrase') return undefined;
  const isTrue = ctx.rng() < 0.5;
  // A neighbour's definition that names this very term ("… refers to using a conditioned stimulus …") is no test.
  const [other] = pickDistractors(ctx, term, tier, { count: 1, sameForm: true, avoidDefinitionsNaming: term }) ?? [];
  if (!isTrue && !other) return undefined;
  const definition = isTrue || !other ? term.phrase : other.phrase;
  const explanation = isTrue || !other
    ? `True. ${describe(term)}`
    : `False. ${describe(term)} The statement describes ${other.term}.`;
  return {
    type: 'true_false', tier, prompt: `True or false: ${decapitaliseFirst(termRefersTo(term.term, definition))}`,
    choices: ['True', 'False'], answer: { kind: 'boolean', value: isTrue }, explanation,
    topicId: term.homeChunk.topicId, chunkIds: citations(term.homeChunk, term.definitionChunk, ...(other && !isTrue ? [other.definitionChunk] : [])),
  };
}

/** Tier 2, explain/define: "Which of the following best describes X?" — definitions of neighbouring terms as distractors. */
export function describeQuestion(ctx: BuildContext, term: KeyTerm): GeneratedQuestion | undefined {
  const distractors = pickDistractors(ctx, term, 2, { sameForm: true });
  if (!distractors) return undefined;
  const render = (t: KeyTerm) => (t.form === 'phrase' ? t.phrase : `${capitalise(t.definition)}.`);
  // The right definition must not be the only one echoing the term's own words (a giveaway).
  const termStems = stemSet(term.term);
  const echoes = (t: KeyTerm) => contentStems(t.definition).some((s) => termStems.has(s));
  if (echoes(term) && !distractors.some(echoes)) return undefined;
  return multipleChoice(ctx, 2, `Which of the following best describes ${term.term}?`, render(term), distractors.map(render),
    describe(term), term, citations(term.homeChunk, term.definitionChunk),
    distractors.map((d) => ({ choice: render(d), note: `That describes ${d.term}, not ${term.term}. ${describe(d)}`, chunkId: d.definitionChunk.id })));
}

/** Tier 3 (or 4 with the closest distractors): a worked example from the text; which concept does it show? */
export function scenarioQuestion(ctx: BuildContext, scenario: Scenario, tier: 3 | 4): GeneratedQuestion | undefined {
  const { term } = scenario;
  // Terms the surrounding passage uses are avoided: the example may fit them too ("Skinner used operant conditioning").
  // In an example, a sibling form of the answer's head word is often right too: giving candy for goals is using a
  // primary reinforcer *and* positive reinforcement. Same head word (positive/negative reinforcement) stays.
  const head = (t: KeyTerm) => t.term.toLowerCase().split(/[\s-]+/).at(-1) ?? '';
  const sibling = (t: KeyTerm) => head(t) !== head(term) && head(t).slice(0, 5) === head(term).slice(0, 5);
  const distractors = pickDistractors(ctx, term, tier, { avoidText: `${scenario.text} ${scenario.chunk.content}`, exclude: sibling, sameKind: true });
  if (!distractors || leaksAnswer(scenario.text, term.term, distractors.map((d) => d.term))) return undefined;
  const ask = scenario.masked ? 'Which term best completes this example?' : 'Which concept does this example illustrate?';
  return multipleChoice(ctx, tier, `${scenario.text}\n\n${ask}`, term.term, distractors.map((d) => d.term),
    `This example from the text illustrates ${term.term}. ${describe(term)}`, term, citations(scenario.chunk, term.homeChunk, term.definitionChunk),
    distractors.map((d) => termNote(d.term, d)));
}

/**
 * Tier 4, synthesize: four statements pairing the term and its three closest neighbours with definitions; only
 * one pairing is right, the other three swap the neighbours' definitions among themselves — every definition
 * and every term appears exactly once, so nothing but knowing all four concepts finds the answer.
 */
export function statementsQuestion(ctx: BuildContext, term: KeyTerm): GeneratedQuestion | undefined {
  if (term.form !== 'phrase') return undefined;
  const neighbours = pickDistractors(ctx, term, 4, { sameForm: true });
  if (!neighbours) return undefined;
  const [x, y, z] = neighbours as [KeyTerm, KeyTerm, KeyTerm];
  const statement = (t: KeyTerm, definitionOf: KeyTerm) => termRefersTo(t.term, definitionOf.phrase);
  const names = (definitionOf: KeyTerm, t: KeyTerm) => mentions(definitionOf.definition, [t.term, ...t.aliases]);
  // Of the two derangements of three, one where no statement's definition names its own term (that would be circular).
  const order = [[x, y, z], [x, z, y]].find(([a, b, c]) => !names(b as KeyTerm, a as KeyTerm) && !names(c as KeyTerm, b as KeyTerm) && !names(a as KeyTerm, c as KeyTerm));
  if (!order) return undefined;
  const [a, b, c] = order as [KeyTerm, KeyTerm, KeyTerm];
  const wrong = [statement(a, b), statement(b, c), statement(c, a)];
  const swapNote = (t: KeyTerm, definitionOf: KeyTerm): OptionNote => ({
    choice: statement(t, definitionOf), note: `That is the definition of ${definitionOf.term}, not of ${t.term}. ${describe(t)}`, chunkId: t.definitionChunk.id,
  });
  return multipleChoice(ctx, 4, 'Which of the following statements is accurate?', statement(term, term), wrong,
    `${describe(term)} The other statements swap the definitions of ${a.term}, ${b.term} and ${c.term}.`,
    term, citations(term.homeChunk, term.definitionChunk, a.definitionChunk, b.definitionChunk, c.definitionChunk),
    [swapNote(a, b), swapNote(b, c), swapNote(c, a)]);
}

/** The base form of a third-person verb ("handles" → "handle", "applies" → "apply", "matches" → "match"). */
function baseForm(verb: string): string {
  if (/ies$/.test(verb)) return verb.replace(/ies$/, 'y');
  if (/(ss|sh|ch|x|z)es$/.test(verb)) return verb.replace(/es$/, '');
  if (/^(does|goes)$/.test(verb)) return verb.replace(/es$/, '');
  return verb.replace(/s$/, '');
}

/**
 * Tier 3, apply to a task: a term the course defines by what it does ("a program that handles .deb files",
 * "something that displays the list of files …") becomes a task — "You need to handle .deb files. Which would
 * you use?" — with terms of the same kind as distractors. For manuals and tutorials, whose worked examples are
 * commands rather than stories, this is what applying a concept looks like.
 */
export function taskQuestion(ctx: BuildContext, term: KeyTerm): GeneratedQuestion | undefined {
  // The relative clause of the definition's head ("program that handles …", "something that displays …"), within its first words.
  const definition = term.definition.replace(/\s*\([^()]*\)/g, '');
  const match = /^(?:\S+\s+){0,4}?(?:that|which|who)\s+([a-z]+(?:ies|es|s))\s+(.{12,160})$/.exec(definition);
  const verb = match?.[1] ?? '';
  if (!match || /^(is|was|has|does|means|refers)$/.test(verb) || /\b(is|are|was|were)\b/.test(verb)) return undefined;
  // "requires that such symbolic links are placed …": a verb taking a that-clause states a rule, it is no task one
  // does with a tool; a demonstrative points at a sentence the learner cannot see.
  if (/^that\s/i.test(match[2] ?? '') || leansOnEarlierText(match[2] ?? '')) return undefined;
  const task = `${baseForm(verb)} ${(match[2] ?? '').replace(/[.;,]+$/, '')}`;
  const distractors = pickDistractors(ctx, term, 3, { avoidText: task, sameKind: true });
  if (!distractors || leaksAnswer(task, term.term, distractors.map((d) => d.term)) || danglingPronoun(task)) return undefined;
  return multipleChoice(ctx, 3, `You need to ${task}. According to the course, which of these would you use?`, term.term,
    distractors.map((d) => d.term), describe(term), term, citations(term.homeChunk, term.definitionChunk), distractors.map((d) => termNote(d.term, d)));
}
