import { abbreviationForms, acronymsIn, analyseQuestion, definitionSubject, type QuestionAnalysis } from '../../domain/qa/question-analysis.js';
import { nearestPassageSpelling } from '../../domain/qa/spelling.js';
import { sentenceRole } from '../../domain/qa/sentence-roles.js';
import { contentTerms, holdsTerm, splitSentences } from '../../domain/qa/text-analysis.js';
import type { LlmAnswer, LlmAnswerRequest, LlmProvider } from './llm.port.js';

export { definitionSubject };

/** Tuning of the extractive answerer. */
export interface LocalExtractiveOptions {
  /** Most sentences in an answer. @defaultValue 3 */
  maxSentences?: number;
  /** Share of the question's (IDF-weighted) terms the best sentence must contain, else "not found". @defaultValue 0.2 */
  minCoverage?: number;
  /** Longest answer in characters (the best sentence is always kept). @defaultValue 700 */
  maxChars?: number;
  /**
   * Share of the question's (IDF-weighted) terms the lead sentence — with the sentence before it, when that one
   * names what its pronoun stands for — must hold, else "not found": the sentence-level off-course check.
   * @defaultValue DEFAULT_LEAD_WEIGHTS.minLead
   */
  minLeadCoverage?: number;
  /** How the lead sentence is chosen (tuning only). @defaultValue DEFAULT_LEAD_WEIGHTS */
  lead?: Partial<LeadWeights>;
}

/** Weights of the lead-sentence score, added to the sentence's IDF-weighted coverage of the question. */
export interface LeadWeights {
  /** Bonus for the first passage, decaying as 1 / (1 + passage rank). */
  rank: number;
  /** Bonus × the share of the question's names the sentence itself holds. */
  names: number;
  /** Bonus for a sentence using two of the question's terms side by side, as the question does. */
  phrase: number;
  /** Penalty for a sentence that says nothing beyond the question's own words (it cannot hold the answer). */
  novelty: number;
  /** The sentence-level evidence floor (see `minLeadCoverage`). */
  minLead: number;
  /** 1: some single sentence must hold the question's names together (else "not found"); 0: a passage may. */
  sentenceNames: number;
  /** 1: the lead's evidence counts the sentence before it in its passage too (pronouns); 0: the sentence alone. */
  window: number;
  /** Bonus for holding the expected kind of thing (a year, a number, a name) beyond the question's own words. */
  type: number;
  /** Bonus × what the sentence before it adds to the sentence's coverage (it names what "he" or "it" stands for). */
  context: number;
  /** Bonus × how tightly the question's terms sit together in the sentence (matched terms / words of the shortest stretch holding them). */
  proximity: number;
  /** 1: the phrase bonus applies to every question; 0: only to questions expecting nothing in particular. */
  phraseAll: number;
}

/** Tuned on the tune half of the SQuAD packs (docs/qa-evaluation.md). */
export const DEFAULT_LEAD_WEIGHTS: LeadWeights = { rank: 0.08, names: 0, phrase: 0.2, novelty: 0, minLead: 0.2, sentenceNames: 0, window: 0, type: 0.15, context: 0, phraseAll: 0, proximity: 0.05 };

/** Score bonus for a sentence that defines what a "What is X?" question asks about. */
const DEFINITION_BONUS = 0.25;
/** Score bonus for a sentence that gives a reason or a mechanism, when the question asks why or how. */
const CAUSAL_BONUS = 0.15;

/** Score bonus for a sentence saying what to do (a command, a tool to use), when the question asks how to do something. */
const PROCEDURE_BONUS = 0.15;
const PROCEDURE = /\b(use|using|run|running|type|enter|call|execute|invoke|install|command|click|select|open)\b|(?:^|\s)[$#]\s|`[^`]+`/i;

const CAUSAL = /\b(because|due to|caused? by|causes?|leads? to|led to|results? in|resulted in|as a result|so that|therefore|thus|hence|in order to|owing to|reasons?|explanations?|works? by|occurs? when|happens? when)\b/i;

/** True when the sentence opens by defining the subject: "X: …", "X is/are …", "X refers to …", "X (Y) is …". */
function definesTerm(sentence: string, subject: string): boolean {
  const text = sentence.toLowerCase().replace(/^[•*\-–]\s*/, '').replace(/^(an?|the)\s+/, '');
  if (!text.startsWith(subject)) return false;
  const after = text.slice(subject.length).replace(/^\s*\([^)]*\)/, '');
  // "X is based on …" / "X is named after …" says something about X without saying what it is.
  if (/^\s*(?:is|are)\s+(?:\w+ly\s+)?(?!defined\b|called\b|known\b|referred\b)\w+(?:ed|en)\s+(?:on|in|by|after|from|to|with|at)\b/.test(after)) return false;
  return /^\s*(:|is\b|are\b|refers\b|means\b|describes\b|occurs\b|,?\s*(also\s+)?(called|known)\b)/.test(after);
}

/** Whether the sentence holds a thing of the expected type that the question itself does not. */
function holdsExpected(sentence: string, analysis: QuestionAnalysis, questionText: string): boolean {
  if (analysis.expects === 'any') return false;
  const q = questionText.toLowerCase();
  if (analysis.expects === 'year') return [...sentence.matchAll(/\b(1\d{3}|20\d{2})s?\b/g)].some((m) => !q.includes(m[1]!));
  if (analysis.expects === 'number') {
    return [...sentence.matchAll(/\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?)\b/gi)].some((m) => !q.includes(m[1]!.toLowerCase()));
  }
  const words = [...sentence.matchAll(/(?<=\s)\p{Lu}[\p{L}'’-]+/gu)].map((m) => m[0].toLowerCase());
  return words.some((w) => !q.includes(w));
}

/** True when two sentences say the same thing: at least 80 % of their content terms shared (Jaccard). */
function sameContent(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared) >= 0.8;
}

/** A list line or glossary entry read as a sentence: no bullet glyph, a capital first letter, a full stop. */
function asSentence(text: string): string {
  const bare = text.replace(/^[•▪◦*–-]\s+/, '');
  const capital = bare.charAt(0).toUpperCase() + bare.slice(1);
  return /[.!?…:;"”’)]$/.test(capital) ? capital : `${capital}.`;
}

interface Candidate { text: string; marker: number; rank: number; order: number; coverage: number; score: number; terms: Set<string> }

/** A sentence that lists terms ("four terms: a, b, c, and d") names both sides without saying anything about either. */
const isEnumeration = (text: string) => (text.match(/,/g)?.length ?? 0) >= 3 && text.split(/\s+/).length < 30;

const hasAll = (terms: ReadonlySet<string>, wanted: string[]) => wanted.every((t) => holdsTerm(terms, t));

/**
 * The question read against the passages' own spelling of its names: a name no passage holds is taken as the
 * passage word nearest to it (same first letter; one edit for five or six letters, two from seven: "Ghengis" →
 * "genghis", "Krugmen" → "krugman"). Retrieval never corrects names, so the answerer tolerates their typos here.
 */
function withPassageSpelling(analysis: QuestionAnalysis, passageTerms: ReadonlySet<string>[]): QuestionAnalysis {
  const replaced = new Map<string, string>();
  for (const name of analysis.names) {
    if (passageTerms.some((terms) => holdsTerm(terms, name))) continue;
    const nearest = nearestPassageSpelling(name, passageTerms);
    if (nearest) replaced.set(name, nearest);
  }
  if (replaced.size === 0) return analysis;
  const swap = (terms: string[]) => [...new Set(terms.map((t) => replaced.get(t) ?? t))];
  return { ...analysis, terms: swap(analysis.terms), focus: swap(analysis.focus), names: swap(analysis.names) };
}

/**
 * A deterministic, offline answerer. It does not generate language: it picks the statements of the given
 * passages that are about the question's subject (they contain its focus terms), never scaffolding
 * (objectives, headings, captions, review questions, navigation), and best cover the question's terms
 * (weighted by rarity among the passages' sentences), preferring a definition for "What is X?", a reason
 * for "why/how", the expected kind of thing for "when/how many/who", and both sides for a comparison (or
 * saying which side the material found does not cover). Each sentence is followed by its passage's marker;
 * every word of the answer, but that note, is course text. No sentence about the subject → "not found".
 *
 * @example
 * const llm = createLocalExtractiveLlm();
 * const { answer } = await llm.answer({ question: 'Who built it?', passages: [{ marker: 1, title: 'T', text: 'Ann built it.' }] });
 * // 'Ann built it. [1]'
 */
export function createLocalExtractiveLlm(options: LocalExtractiveOptions = {}): LlmProvider {
  const maxSentences = options.maxSentences ?? 3;
  const minCoverage = options.minCoverage ?? 0.2;
  const maxChars = options.maxChars ?? 700;
  const weights: LeadWeights = { ...DEFAULT_LEAD_WEIGHTS, ...options.lead };
  const minLead = options.minLeadCoverage ?? weights.minLead;

  const answer = async (request: LlmAnswerRequest): Promise<LlmAnswer> => {
    // An abbreviation of the question ("V&A", "NCCAP") counts as held by a text that writes it or spells it out.
    const acronyms = acronymsIn(request.question);
    const withAbbreviations = (text: string, terms: Set<string>) => {
      if (acronyms.length === 0) return terms;
      const forms = abbreviationForms(text);
      for (const a of acronyms) if (forms.has(a)) terms.add(a.toLowerCase());
      return terms;
    };
    const passageTerms = request.passages.map((p) => withAbbreviations(`${p.title} ${p.text}`, new Set(contentTerms(`${p.title} ${p.text}`))));
    const analysis = withPassageSpelling(analyseQuestion(request.question), passageTerms);
    const questionTerms = analysis.terms;
    // The passages are about something else when no passage holds the question's names together ("the
    // Teaching Council Act" is not answered by passages naming a council here and an act there), or when more
    // than half of the question's terms appear in none of them.
    const notFound: LlmAnswer = { found: false, answer: '', citedMarkers: [] };
    const namesNeeded = Math.max(1, analysis.names.length - (analysis.names.length >= 3 ? 1 : 0));
    if (analysis.names.length > 0 && !passageTerms.some((terms) => analysis.names.filter((n) => holdsTerm(terms, n)).length >= namesNeeded)) return notFound;
    // Likewise its abbreviations: "the V&A's first director" is not answered by passages that never name the V&A.
    if (acronyms.length > 0 && !passageTerms.some((terms) => acronyms.filter((a) => terms.has(a.toLowerCase())).length >= Math.max(1, acronyms.length - (acronyms.length >= 3 ? 1 : 0)))) return notFound;
    const absent = analysis.terms.filter((t) => !passageTerms.some((terms) => holdsTerm(terms, t))).length;
    if (absent * 2 > analysis.terms.length) return notFound;
    const sentences = request.passages.flatMap((passage, rank) =>
      splitSentences(passage.text).map((span, order) => ({ text: span.text, marker: passage.marker, rank, order, terms: withAbbreviations(span.text, new Set(contentTerms(span.text))) })));
    if (questionTerms.length === 0 || sentences.length === 0) return { found: false, answer: '', citedMarkers: [] };

    const idf = new Map(questionTerms.map((term) => {
      const df = sentences.filter((s) => holdsTerm(s.terms, term)).length;
      return [term, Math.log(1 + (sentences.length + 1) / (df + 0.5))];
    }));
    const totalWeight = [...idf.values()].reduce((a, b) => a + b, 0);
    const coverageOf = (terms: ReadonlySet<string>) => (totalWeight > 0
      ? questionTerms.reduce((sum, term) => sum + (holdsTerm(terms, term) ? (idf.get(term) ?? 0) : 0), 0) / totalWeight : 0);
    // Sentence-level evidence: the question's names must stand together in one sentence of the passages, not
    // merely somewhere in a passage ("the V&A's first director" is not answered by "the LOC's first Director").
    if (weights.sentenceNames > 0 && analysis.names.length > 0
      && !sentences.some((s) => analysis.names.filter((n) => holdsTerm(s.terms, n)).length >= namesNeeded)) return notFound;
    const questionSet = new Set(questionTerms);
    // How tightly the question's distinct terms sit together: matched terms over the words of the shortest stretch holding them all.
    const proximityOf = (text: string) => {
      const words = contentTerms(text);
      const hits = words.map((w, i) => ({ i, t: questionTerms.find((q) => w === q || (q.length >= 5 && w.length >= 5 && (w.startsWith(q) || q.startsWith(w)))) })).filter((h) => h.t !== undefined);
      const distinct = new Set(hits.map((h) => h.t)).size;
      if (distinct < 2) return 0;
      let best = Number.POSITIVE_INFINITY;
      for (let a = 0; a < hits.length; a += 1) {
        const seen = new Set<string | undefined>();
        for (let b = a; b < hits.length; b += 1) {
          seen.add(hits[b]!.t);
          if (seen.size === distinct) { best = Math.min(best, hits[b]!.i - hits[a]!.i + 1); break; }
        }
      }
      return distinct / best;
    };
    const previous = (s: { rank: number; order: number }) => sentences.find((x) => x.rank === s.rank && x.order === s.order - 1);

    // Pairs of the question's terms that the passages also use side by side: the question's subject, as a phrase.
    const ordered = contentTerms(request.question);
    const pairs = ordered.slice(1).map((t, i) => `${ordered[i]} ${t}`).filter((p, i, all) => all.indexOf(p) === i);
    const phrasesOf = (text: string) => { const t = contentTerms(text); return new Set(t.slice(1).map((x, i) => `${t[i]} ${x}`)); };
    const withPhrases = sentences.map((s) => ({ ...s, phrases: phrasesOf(s.text) }));
    const usedPairs = pairs.filter((p) => withPhrases.some((s) => s.phrases.has(p)));
    // A short question about a phrase ("How does observational learning work?") is answered only by sentences using it.
    const needsPhrase = analysis.kind === 'causal' && ordered.length <= 4 && usedPairs.length > 0
      && analysis.focus === analysis.terms;

    const candidates: Candidate[] = withPhrases
      // About the subject: the sentence names a focus term, or its passage holds them all and it shares a term with the question.
      .filter((s) => (analysis.focus.some((t) => holdsTerm(s.terms, t))
        || (analysis.focus.every((t) => holdsTerm(passageTerms[s.rank]!, t)) && questionTerms.some((t) => holdsTerm(s.terms, t))))
        && sentenceRole(s.text) === 'statement'
        && (!needsPhrase || usedPairs.some((p) => s.phrases.has(p))))
      .map((s) => {
        const coverage = coverageOf(s.terms);
        const names = analysis.names.length > 0 ? analysis.names.filter((n) => holdsTerm(s.terms, n)).length / analysis.names.length : 0;
        const novel = [...s.terms].filter((t) => !questionSet.has(t)).length;
        const bonus = (analysis.subject !== undefined && definesTerm(s.text, analysis.subject) ? DEFINITION_BONUS : 0)
          + (analysis.kind === 'causal' && CAUSAL.test(s.text) ? CAUSAL_BONUS : 0)
          + (analysis.kind === 'procedure' && PROCEDURE.test(s.text) ? PROCEDURE_BONUS : 0)
          + (holdsExpected(s.text, analysis, request.question) ? weights.type : 0)
          + ((analysis.expects === 'any' || weights.phraseAll > 0) && usedPairs.some((p) => s.phrases.has(p)) ? weights.phrase : 0)
          + (weights.proximity > 0 ? weights.proximity * proximityOf(s.text) : 0)
          + (weights.context > 0 ? weights.context * (coverageOf(new Set([...s.terms, ...(previous(s)?.terms ?? [])])) - coverage) : 0)
          + weights.names * names - (novel < 2 ? weights.novelty : 0);
        return { text: s.text, marker: s.marker, rank: s.rank, order: s.order, coverage, score: coverage + bonus + weights.rank / (1 + s.rank), terms: s.terms };
      })
      .filter((c) => c.coverage >= minCoverage)
      .sort((a, b) => b.score - a.score);

    const chosen: Candidate[] = [];
    // The same sentence in two files (the chapter as Markdown and as PDF) is said once, citing both.
    const markersOf = new Map<Candidate, number[]>();
    let length = 0;
    const take = (candidate: Candidate, force = false): boolean => {
      const twin = chosen.find((c) => c.text === candidate.text || sameContent(c.terms, candidate.terms));
      if (twin) {
        const markers = markersOf.get(twin)!;
        if (!markers.includes(candidate.marker)) markers.push(candidate.marker);
        return true;
      }
      if (!force && (chosen.length >= maxSentences || length + candidate.text.length > maxChars)) return false;
      chosen.push(candidate);
      markersOf.set(candidate, [candidate.marker]);
      length += candidate.text.length;
      return true;
    };

    let missingSide: string | undefined;
    if (analysis.kind === 'comparison' && analysis.sides) {
      // Each side by the terms that tell it from the other ("negative reinforcement" vs "punishment").
      const [a, b] = analysis.sides;
      const own = (side: typeof a, other: typeof a) => { const d = side.terms.filter((t) => !other.terms.includes(t)); return d.length > 0 ? d : side.terms; };
      const [onlyA, onlyB] = [own(a, b), own(b, a)];
      const both = candidates.find((c) => hasAll(c.terms, onlyA) && hasAll(c.terms, onlyB) && !isEnumeration(c.text));
      // For each side, a sentence defining it beats one that merely names it.
      const bestFor = (side: typeof a, only: string[]) => candidates.find((c) => c !== both && definesTerm(c.text, side.text.toLowerCase()))
        ?? candidates.find((c) => c !== both && hasAll(c.terms, only) && !isEnumeration(c.text));
      const bestA = bestFor(a, onlyA);
      const bestB = bestFor(b, onlyB);
      for (const c of [both, bestA, bestB]) if (c) take(c, chosen.length < 2);
      if (!both && !bestA && !bestB) return { found: false, answer: '', citedMarkers: [] };
      if (!both && (!bestA || !bestB)) missingSide = (!bestA ? a : b).text;
    } else {
      const best = candidates[0];
      if (!best) return { found: false, answer: '', citedMarkers: [] };
      // The lead must carry enough of the question's rare terms itself (with the sentence before it, whose
      // name its pronoun may stand for): passages that share a word here and a word there do not answer.
      const before = weights.window > 0 ? previous(best) : undefined;
      const leadCoverage = before ? coverageOf(new Set([...best.terms, ...before.terms])) : best.coverage;
      if (leadCoverage < minLead) return notFound;
      take(best, true);
      for (const candidate of candidates.slice(1)) {
        if (candidate.coverage < Math.max(minCoverage, best.coverage * 0.6)) break;
        take(candidate);
      }
    }
    // The best sentence leads; the others follow in passage order, and within a passage in text order, so
    // the rest flows as the source does. A comparison keeps its sides in the question's order.
    if (analysis.kind !== 'comparison') {
      const [lead, ...rest] = chosen;
      rest.sort((x, y) => x.rank - y.rank || x.order - y.order);
      chosen.splice(0, chosen.length, lead!, ...rest);
    }
    const parts = chosen.map((c) => `${asSentence(c.text)} ${markersOf.get(c)!.map((m) => `[${m}]`).join('')}`);
    const cited = [...new Set(chosen.flatMap((c) => markersOf.get(c)!))];
    return { found: true, answer: parts.join(' '), citedMarkers: cited, ...(missingSide ? { note: `(The course passages found say nothing specific about ${missingSide}.)` } : {}) };
  };

  return { provider: 'local', model: 'local-extractive-v2', answer };
}
