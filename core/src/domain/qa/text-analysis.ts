/**
 * Small, dependency-free English text analysis shared by the local embeddings, the reranker, the
 * snippet picker and the extractive answerer, so all of them agree on what a "term" is.
 */

// A compact English stop list: function words only, so content words ("force", "war") always count.
const STOPWORD_LIST = `a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves also may might must shall us s t d ll m o re ve y
did does whose upon within without among per via etc eg ie`;

/** Function words ignored when matching terms. @example STOPWORDS.has('the') // true */
export const STOPWORDS: ReadonlySet<string> = new Set(STOPWORD_LIST.split(/\s+/).filter(Boolean));

const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * Lowercased word tokens (letters and digits, Unicode-aware, accents folded), possessive `'s` dropped.
 *
 * @example
 * tokenize("Tesla's AC motor") // ['tesla', 'ac', 'motor']
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  // Accents folded ("Gospić" and "Gospic" are one word; questions are often typed without them).
  for (const match of text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().matchAll(WORD_PATTERN)) {
    words.push(match[0].replace(/['’]s$/, '').replace(/['’]/g, ''));
  }
  return words;
}

/**
 * A light suffix-stripping stemmer (plural, -ing, -ed, -ly, -ies…). Not Porter: it only folds the
 * inflections that make a question and its evidence disagree most often ("invented" vs "invent").
 *
 * @example
 * stem('studies') // 'studi'; stem('running') // 'run'
 */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}i`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'ly']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      // "running" → "runn" → "run"; "stopped" → "stop"
      if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.endsWith('y') && w.length > 3) w = `${w.slice(0, -1)}i`;
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/**
 * The content terms of a text: tokens minus stop words, stemmed, in order (duplicates kept).
 *
 * @example
 * contentTerms('Who invented the AC motor?') // ['invent', 'ac', 'motor']
 */
export function contentTerms(text: string): string[] {
  return tokenize(text).filter((t) => !STOPWORDS.has(t)).map(stem);
}

/**
 * Whether a set of content terms holds a term or a close variant of it: from five letters, one that begins the
 * other and differs by at most three letters ("discover" / "discoveri").
 *
 * @example
 * holdsTerm(new Set(contentTerms('Discoveries were made.')), 'discover') // true
 */
export function holdsTerm(terms: ReadonlySet<string>, term: string): boolean {
  if (terms.has(term)) return true;
  if (term.length < 5) return false;
  for (const t of terms) if (t.length >= 5 && (t.startsWith(term) || term.startsWith(t)) && Math.abs(t.length - term.length) <= 3) return true;
  return false;
}

/** A sentence with its offsets into the text it came from. */
export interface SentenceSpan { text: string; start: number; end: number }

/**
 * Where a period does not end a sentence: initials ("B. F. Skinner") and short forms ("Dr. Smith",
 * "Fig. 3", "vs. Pavlov", "etc.").
 */
const NOT_A_SENTENCE_END = /(?:^|[\s(])(?:\p{Lu}|Dr|Mr|Mrs|Ms|Prof|Sr|Jr|St|vs|etc|Fig|Figs|No|Vol|pp|cf|al|approx)\.$/u;

/**
 * The one sentence splitter (Q&A snippets and answer checks, quiz generation, chunking). A boundary is
 * `.`, `!`, `?` or `…` (plus closing quotes/brackets) followed by whitespace and a capital, digit or opening
 * quote/bracket/emphasis — so "e.g. this" and "3.14" stay whole — except after initials and short forms;
 * and a blank line, or with `isLineBreakAnEnd` any line break (list items, headings).
 *
 * @example
 * splitSentences('B. F. Skinner studied rats. Pavlov studied dogs.').map((s) => s.text)
 * // ['B. F. Skinner studied rats.', 'Pavlov studied dogs.']
 */
export function splitSentences(text: string, options: { isLineBreakAnEnd?: boolean } = {}): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  // White space first, then at most three closing quotes or brackets behind the punctuation (and three opening
  // ones before the capital): an unbounded look-behind rescanned a run of `]` at every position, quadratic in it.
  const boundary = options.isLineBreakAnEnd
    ? /(?=\s)(?<=[.!?…]["'’”)\]]{0,3})\s+(?=["'‘“(*[]{0,3}[\p{Lu}\p{N}])|\n+/gu
    : /(?=\s)(?<=[.!?…]["'’”)\]]{0,3})\s+(?=["'‘“(*[]{0,3}[\p{Lu}\p{N}])|\n\s*\n/gu;
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) spans.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  };
  for (const match of text.matchAll(boundary)) {
    const end = match.index ?? 0;
    const isAfterPunctuation = /[.!?…]["'’”)\]]*$/u.test(text.slice(Math.max(0, end - 4), end));
    if (isAfterPunctuation && NOT_A_SENTENCE_END.test(text.slice(Math.max(0, end - 8), end))) continue;
    push(end);
    start = end + match[0].length;
  }
  push(text.length);
  return spans;
}
