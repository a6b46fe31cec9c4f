/**
 * Term quality: what a teacher would strike from a list of key terms on any course — fragments of a sentence,
 * markup, numbers and versions, file paths, vague modifiers ("special problem") — and definitions that are cut
 * off ("… interpreter that executes") or are judgements rather than definitions ("very rudimentary tool").
 * Grammar and typography only: no list of any subject's words.
 *
 * @example
 * termProblems('/var/lib/dpkg', 'directory holding the status'); // → ['a file path']
 * termProblems('extinction', 'decrease in the conditioned response'); // → []
 */
export function termProblems(term: string, definition: string): string[] {
  const problems: string[] = [];
  const words = term.trim().split(/\s+/);
  if (/[<>{}[\]=*#|`\\]|&\w+;/.test(term)) problems.push('markup');
  if (/^[~/.]?\/|\w\/\w/.test(term)) problems.push('a file path');
  if (/^\d|\d+\.\d+|^[\p{N}\W]+$/u.test(term)) problems.push('a number or version');
  if (FUNCTION_WORD.test(words[0] ?? '') || FUNCTION_WORD.test(words.at(-1) ?? '') || /[-–(,]$|^[-–)]/.test(term)) problems.push('a fragment');
  if (unbalanced(term)) problems.push('a fragment');
  if (words.length > 1 && VAGUE_MODIFIER.test(words[0] ?? '')) problems.push('a vague modifier, not a name');
  const definitionWords = definition.trim().split(/\s+/);
  if (FUNCTION_WORD.test(definitionWords.at(-1) ?? '') || /\b(?:that|which|who)\s+\S+$/i.test(definition) || unbalanced(definition)) problems.push('a cut-off definition');
  if (JUDGEMENT.test(definition)) problems.push('a judgement, not a definition');
  // "a solution for this group of people", "requires that such symbolic links …": a demonstrative points at a
  // sentence the learner cannot see ("such as" introduces examples and is fine).
  if (leansOnEarlierText(definition)) problems.push('leans on an earlier sentence (a demonstrative)');
  // "something that uses function notation": a property, too thin to tell the term from others.
  if (/^something\s+that\s+\S+(?:\s+\S+){0,3}$/i.test(definition)) problems.push('too thin to define the term');
  return [...new Set(problems)];
}

// Articles, prepositions, conjunctions, auxiliaries: a term does not start or end with one.
const FUNCTION_WORD = /^(the|a|an|of|and|or|but|nor|to|in|for|with|on|at|by|from|as|into|onto|than|that|which|who|whose|is|are|was|were|be|been|being|has|have|had|do|does|did|not|no|if|then|so|such|this|these|those|its|their|etc)$/i;
// Modifiers that say how the writer sees a thing, not which thing it is.
// Ordinals too: "third argument" says where a thing stands in a list, not which thing it is.
const VAGUE_MODIFIER = /^(special|particular|certain|main|different|various|other|same|following|previous|whole|general|given|usual|good|bad|important|interesting|simple|typical|real|actual|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|last|former|latter)$/i;
// A definition that opens by grading its subject ("very rudimentary tool", "good mechanism") is an opinion.
const JUDGEMENT = /^(?:(?:a|an|the)\s+)?(?:very|quite|rather|really|pretty|too|so|least|extremely|fairly|somewhat|good|bad|great|nice|ugly|poor|excellent|famous|popular)\b/i;

/**
 * True when a definition, purpose or task holds a demonstrative determiner ("this group", "these principles",
 * "such symbolic links"): it refers to something named in a sentence the learner cannot see. "such as" (examples)
 * does not count; neither does "that" (a relative pronoun as often as a demonstrative).
 *
 * @example
 * leansOnEarlierText('a solution for this group of people'); // → true
 * leansOnEarlierText('storage of brief sensory events, such as sights'); // → false
 */
export function leansOnEarlierText(text: string): boolean {
  return /\b(?:this|these|those)\b|\bsuch\b(?!\s+as\b)/i.test(text);
}

/**
 * True when the text holds a quotation mark that opens or closes nothing ("the command ls'", "“Debian"): a
 * fragment cut out of a quotation. An apostrophe inside a word ("it's", "dpkg's") or after a plural's -s is none.
 *
 * @example
 * strayQuote("To see the manual page for the command ls'"); // → true
 * strayQuote("To see dpkg's manual page"); // → false
 */
export function strayQuote(text: string): boolean {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const opening = count(/(?:^|[\s(])['‘`]/g);
  const closing = count(/['’](?=$|[\s.,;:!?)])/g);
  // A closing mark after -s may be a plural's apostrophe ("users' files"): it can close a quote, it need not.
  // (a plural's apostrophe is followed by its noun: "users' files"; "the command ls'" ends a quote).
  const closingNotPlural = count(/(?<![sS])['’](?=$|[\s.,;:!?)])|['’](?=$|[.,;:!?)])/g);
  return opening > closing || closingNotPlural > opening || count(/“/g) !== count(/”/g) || count(/"/g) % 2 === 1;
}

function unbalanced(text: string): boolean {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  return count(/\(/g) !== count(/\)/g) || count(/“/g) !== count(/”/g) || count(/"/g) % 2 === 1;
}

/**
 * A name given with its category before it ("the variable sys.path", "the function len()"): the name alone, as
 * the course writes it in code. Other terms are returned unchanged.
 *
 * @example
 * withoutCategoryNoun('variable sys.path'); // → 'sys.path'
 */
export function withoutCategoryNoun(term: string): string {
  const match = /^[\p{Ll}]+\s+(\S*[._()/:]\S*)$/u.exec(term.trim());
  return match?.[1] ?? term;
}

/**
 * The case the course writes a term in: a capitalised word the running text writes in lower case at least as
 * often ("Packages" at the start of a sentence, "packages" elsewhere) is a common noun, lower-cased.
 *
 * @example
 * courseCase('Generators', 'Generators are … use generators …'); // → 'generators'
 */
export function courseCase(term: string, text: string): string {
  if (!/^[\p{Lu}][\p{Ll}]/u.test(term)) return term;
  const lower = term.charAt(0).toLowerCase() + term.slice(1);
  const occurrences = (form: string) => (text.match(new RegExp(`(?<![\\p{L}\\p{N}])${form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu')) ?? []).length;
  return occurrences(lower) >= occurrences(term) && occurrences(lower) > 0 ? lower : term;
}
