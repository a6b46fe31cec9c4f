import { contentTerms, STOPWORDS, tokenize } from './text-analysis.js';

/** What kind of answer a question wants; it decides which sentences lead. */
export type QuestionKind = 'definition' | 'comparison' | 'causal' | 'procedure' | 'other';

/**
 * A question read for answering: its kind, the subject terms an answer sentence must be about, and for a
 * comparison its two sides. Generic English question shapes only — nothing here knows any course.
 */
export interface QuestionAnalysis {
  kind: QuestionKind;
  /** All content terms (stemmed, unique). */
  terms: string[];
  /** The X of "What is X?", lower-cased, without its article. */
  subject?: string;
  /** Comparison questions: the two things compared, each as its content terms. */
  sides?: [{ text: string; terms: string[] }, { text: string; terms: string[] }];
  /**
   * Focus terms: an answer sentence must contain at least one, or stand in a passage that holds them all
   * (a passage about Tesla may say "he"). The subject's terms for a definition, the names (capitalised words
   * inside the question) when there are any, else every content term.
   */
  focus: string[];
  /** The names of the question (capitalised words inside it), stemmed; a passage set holding none of them does not answer it. */
  names: string[];
  /** What the answer's lead sentence should contain: a year, a number, a name, or nothing in particular. */
  expects: 'year' | 'number' | 'name' | 'any';
}

const COMPARISON_PATTERNS = [
  /\bdifferen(?:ce|ces|t)\s+between\s+(.+?)\s+and\s+(.+?)\s*\??$/i,
  /\bdistinguish\s+(?:between\s+)?(.+?)\s+(?:and|from)\s+(.+?)\s*\??$/i,
  /\bcompare\s+(.+?)\s+(?:and|with|to)\s+(.+?)\s*\??$/i,
  /\bhow\s+(?:is|are|do|does)\s+(.+?)\s+differ(?:ent)?\s+from\s+(.+?)\s*\??$/i,
  /^(?:what\s+(?:is|are)\s+)?(.+?)\s+(?:vs\.?|versus)\s+(.+?)\s*\??$/i,
];

/**
 * The X of a definition question ("What is X?", "What are X?", "Define X", "What does X mean?"), lower-cased
 * without its article, or undefined for other questions.
 *
 * @example
 * definitionSubject('What is classical conditioning?'); // → 'classical conditioning'
 */
export function definitionSubject(question: string): string | undefined {
  const match = /^\s*(?:what\s+(?:is|are|was|were)|what's|define|explain)\s+(?:an?\s+|the\s+)?(.+?)\s*\??\s*$/i.exec(question)
    ?? /^\s*what\s+does\s+(?:an?\s+|the\s+)?(.+?)\s+mean\s*\??\s*$/i.exec(question);
  const subject = match?.[1]?.toLowerCase().trim();
  return subject && subject.split(/\s+/).length <= 6 ? subject : undefined;
}

/** Words written with a capital inside the question (not its first word): names, places, titles. */
function namesIn(question: string): string[] {
  const words = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => m[0]);
  // A single letter is a piece of an abbreviation ("U.S.", "V&A"), not a name: it would match any "V" (see acronymsIn).
  return words.slice(1).filter((w) => /^\p{Lu}/u.test(w) && !/^(I|I'm|I've)$/.test(w)).flatMap((w) => contentTerms(w)).filter((t) => t.length > 1);
}

/**
 * The abbreviations of a text, as their capital letters: "V&A" → "VA", "U.S." → "US", "NASA" → "NASA". Names an
 * answer must be about as much as a capitalised word is; the words' tokens alone ("v", "a") match anything.
 *
 * @example
 * acronymsIn("Who was the V&A's first director?") // ['VA']
 */
export function acronymsIn(text: string): string[] {
  // A plural "s" may follow ("DVDs" → "DVD"); any other letter or digit means it is not an abbreviation ("DVx").
  const found = [...text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}(?:[.&]?\p{Lu})+\.?(?=s?(?![\p{L}\p{N}]))/gu)].map((m) => m[0].replace(/[^\p{Lu}]/gu, ''));
  return [...new Set(found.filter((a) => a.length >= 2))];
}

/**
 * Every way a text can name an abbreviation: the abbreviations it writes and the initials of its runs of
 * capitalised words ("National Climate Change Action Plan" → "NCCAP"; "Victoria and Albert Museum" → "VAM").
 *
 * @example
 * abbreviationForms('It launched a National Climate Change Action Plan.').has('NCCAP') // true
 */
export function abbreviationForms(text: string): Set<string> {
  const forms = new Set(acronymsIn(text));
  for (const run of text.matchAll(/\p{Lu}[\p{L}'’-]*(?:\s+(?:(?:and|of|for|the|&)\s+)?\p{Lu}[\p{L}'’-]*)+/gu)) {
    // The whole run only ("Vertical Assembly Building" is not "VA"), without a capitalised function word opening it ("The …").
    const words = run[0].split(/\s+/).filter((w) => /^\p{Lu}/u.test(w));
    const named = STOPWORDS.has(words[0]!.toLowerCase()) ? words.slice(1) : words;
    if (named.length >= 2) forms.add(named.map((w) => w[0]).join(''));
  }
  return forms;
}

const strip = (side: string) => side.replace(/^(?:an?|the)\s+/i, '').replace(/[?.!]+$/, '').trim();

/**
 * Reads a question: kind, terms, subject, sides, focus terms and expected answer type.
 *
 * @example
 * analyseQuestion('short-term vs long-term memory').sides?.map((s) => s.text) // ['short-term', 'long-term memory']
 */
export function analyseQuestion(question: string): QuestionAnalysis {
  const terms = [...new Set(contentTerms(question))];
  const lead = tokenize(question)[0] ?? '';
  const expects = /^(when|what year|which year)/i.test(question.trim()) || /\bwhat year\b|\bin which year\b/i.test(question) ? 'year'
    : /\bhow (many|much|long|old|far|large|big)\b/i.test(question) ? 'number'
      : lead === 'who' || /^whom?\b|\bwhose\b/i.test(question.trim()) ? 'name' : 'any';
  for (const pattern of COMPARISON_PATTERNS) {
    const match = pattern.exec(question.trim());
    if (!match?.[1] || !match[2]) continue;
    let a = strip(match[1]);
    const b = strip(match[2]);
    const [termsA, termsB] = [contentTerms(a), contentTerms(b)];
    // "short-term vs long-term memory": the shared head noun belongs to both sides.
    if (termsB.length > termsA.length && termsA.length > 0) {
      const head = termsB.at(-1)!;
      if (!termsA.includes(head)) { termsA.push(head); a = `${a} ${b.split(/\s+/).at(-1) ?? ''}`.trim(); }
    }
    if (termsA.length === 0 || termsB.length === 0) continue;
    return { kind: 'comparison', terms, sides: [{ text: a, terms: termsA }, { text: b, terms: termsB }], focus: [...new Set([...termsA, ...termsB])], names: [], expects };
  }
  const names = [...new Set(namesIn(question).filter((t) => terms.includes(t)))];
  const subject = definitionSubject(question);
  const subjectTerms = subject ? contentTerms(subject) : [];
  if (subject && subjectTerms.length > 0) return { kind: 'definition', terms, subject, focus: subjectTerms, names, expects: 'any' };
  // "How do I install …?" asks for steps, not a reason: the answer says what to run or use.
  const kind: QuestionKind = /^how\s+(?:do|can|could|should|would)\s+(?:i|you|we|one)\b|^how\s+to\b/i.test(question.trim()) ? 'procedure'
    : lead === 'why' || /^how\b(?!\s+(many|much|long|old|far|large|big)\b)/i.test(question.trim()) ? 'causal' : 'other';
  return { kind, terms, focus: names.length > 0 ? names : terms, names, expects };
}
