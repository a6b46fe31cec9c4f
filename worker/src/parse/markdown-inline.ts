/**
 * Inline Markdown to plain text in one pass, linear in the input (no regex over untrusted text that can
 * backtrack): link and image labels kept, URLs dropped, emphasis and code marks removed, HTML tags
 * removed and the contents of `<script>`/`<style>` dropped, backslash escapes and common entities decoded.
 * A pasted megabyte of `<`, `[`, `*`, `_` or backticks costs one pass.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const isSpace = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** For each index, the next index at or after it holding one of `stops` (or text.length): one backwards pass. */
function nextIndexOf(text: string, stops: string): Int32Array {
  const codes = [...stops].map((ch) => ch.charCodeAt(0));
  const next = new Int32Array(text.length + 1);
  next[text.length] = text.length;
  for (let i = text.length - 1; i >= 0; i -= 1) next[i] = codes.includes(text.charCodeAt(i)) ? i : (next[i + 1] as number);
  return next;
}

/** `indexOf` for a closing tag that remembers its last answer, so many unclosed openers stay linear. */
function closerFinder(lower: string, closer: string): (from: number) => number {
  let known = -2;
  return (from) => {
    if (known === -1 || (known >= from)) return known;
    known = lower.indexOf(closer, from);
    return known;
  };
}

const DROPPED_ELEMENTS = ['script', 'style', 'textarea'] as const;
const SPECIAL = new Set([...'\\[]!<`*_~&'].map((ch) => ch.charCodeAt(0)));

/**
 * @example
 * markdownInlineToText('**Encoding** is [the first stage](http://x) `step`'); // → 'Encoding is the first stage step'
 */
export function markdownInlineToText(text: string): string {
  // Marks what to drop instead of building the output piece by piece: one pass to mark, one to copy.
  const keep = new Uint8Array(text.length).fill(1);
  const replaced = new Map<number, string>();
  const drop = (from: number, to: number) => keep.fill(0, from, to);
  const openBrackets: number[] = [];
  // Lookup tables are built on first need: most text has no links or tags at all.
  const lazy = <T>(build: () => T) => { let value: T | undefined; return () => (value ??= build()); };
  const urlEnd = lazy(() => nextIndexOf(text, ') \t\n'));
  const parenEnd = lazy(() => nextIndexOf(text, ')\n'));
  const refEnd = lazy(() => nextIndexOf(text, ']\n'));
  const tagEnd = lazy(() => nextIndexOf(text, '<>\n'));
  const lower = lazy(() => text.toLowerCase());
  const closers = lazy(() => Object.fromEntries(DROPPED_ELEMENTS.map((name) => [name, closerFinder(lower(), `</${name}`)])));
  let i = 0;
  while (i < text.length) {
    if (!SPECIAL.has(text.charCodeAt(i))) { i += 1; continue; }
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '\\' && next !== undefined && PUNCTUATION.has(next)) { drop(i, i + 1); i += 2; continue; }
    if (c === '[' || (c === '!' && next === '[')) { openBrackets.push(i); i += c === '!' ? 2 : 1; continue; }
    if (c === ']' && openBrackets.length > 0) {
      const open = openBrackets.pop() as number;
      const openLength = text[open] === '!' ? 2 : 1;
      if (next === '(') {
        // `[label](url)` or `[label](url "title")`: the URL stops at ')' or at the space before a title.
        const end = urlEnd()[i + 2] as number;
        const close = text[end] === ')' ? end : (parenEnd()[end] as number);
        if (text[close] === ')') { drop(open, open + openLength); drop(i, close + 1); i = close + 1; continue; }
      } else if (next === '[') {
        const end = refEnd()[i + 2] as number;
        if (text[end] === ']') { drop(open, open + openLength); drop(i, end + 1); i = end + 1; continue; }
      }
      i += 1; // not a link: the brackets stay as written (`[label]`)
      continue;
    }
    if (c === '<') {
      const end = tagEnd()[i + 1] as number;
      if (next !== undefined && /[A-Za-z/!?]/.test(next) && text[end] === '>') {
        const name = /^[a-z]+/.exec(lower().slice(i + 1, Math.min(end, i + 12)))?.[0];
        const dropped = DROPPED_ELEMENTS.find((n) => n === name);
        if (dropped) {
          const closeAt = (closers()[dropped] as (from: number) => number)(end);
          const after = closeAt < 0 ? text.length : Math.min(text.length, (tagEnd()[closeAt + 1] as number) + 1);
          drop(i, after);
          i = after;
          continue;
        }
        drop(i, end + 1);
        i = end + 1;
        continue;
      }
      i += 1;
      continue;
    }
    if (c === '`') { drop(i, i + 1); i += 1; continue; }
    if (c === '*' || c === '_' || c === '~') {
      let end = i;
      while (text[end] === c) end += 1;
      const before = text[i - 1];
      const after = text[end];
      // snake_case and 2 * 3 stay as written; `~` counts only doubled (strikethrough).
      const intraword = isWordChar(before) && isWordChar(after) && c !== '*';
      const isMark = !intraword && (c !== '~' || end - i >= 2) && !(isSpace(before) && isSpace(after));
      if (isMark) drop(i, end);
      i = end;
      continue;
    }
    if (c === '&') {
      const semi = text.slice(i + 1, i + 8).indexOf(';') + i + 1;
      const decoded = semi > i + 1 ? ENTITIES[text.slice(i + 1, semi)] : undefined;
      if (decoded !== undefined) { drop(i, semi + 1); replaced.set(i, decoded); i = semi + 1; continue; }
    }
    i += 1;
  }
  const out: string[] = [];
  for (let from = 0; from < text.length;) {
    if (keep[from] === 0) {
      const replacement = replaced.get(from);
      if (replacement !== undefined) out.push(replacement);
      from += 1;
      continue;
    }
    let to = from;
    while (to < text.length && keep[to] === 1) to += 1;
    out.push(text.slice(from, to));
    from = to;
  }
  return out.join('').trim();
}
