import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const WIDGETS_SRC = fileURLToPath(new URL('../../widgets/src/', import.meta.url));
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'upload'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The string or template literal starting at `start` (a quote or backtick), `${…}` nesting respected. */
function literalAt(text: string, start: number): string | undefined {
  const quote = text[start];
  if (quote !== '`' && quote !== "'") return undefined;
  let depth = 0;
  for (let i = start + 1; i < text.length; i += 1) {
    const ch = text[i];
    if (quote === '`' && ch === '$' && text[i + 1] === '{') { depth += 1; i += 1; continue; }
    if (depth > 0 && ch === '}') { depth -= 1; continue; }
    if (depth === 0 && ch === quote) return text.slice(start + 1, i);
  }
  return undefined;
}

/** Replaces each `${…}` (balanced) with `sub(expression)`. */
function mapInterpolations(literal: string, sub: (expression: string) => string): string {
  let out = '';
  for (let i = 0; i < literal.length; i += 1) {
    if (literal[i] === '$' && literal[i + 1] === '{') {
      let depth = 1; let j = i + 2;
      while (j < literal.length && depth > 0) { if (literal[j] === '{') depth += 1; if (literal[j] === '}') depth -= 1; j += 1; }
      out += sub(literal.slice(i + 2, j - 1).trim());
      i = j - 1;
    } else out += literal[i];
  }
  return out;
}

export interface WidgetCall { file: string; method: string; path: string }

/**
 * Every API path the widgets call, as an OpenAPI-like pattern (`/courses/{p}/analytics`): literals passed to the
 * client's get/post/put/patch/delete/upload, and literals kept in a `path`/`…Path` constant or a getter returning
 * one (which calls then extend, e.g. `${this.base}/${key}`).
 */
export function widgetCalls(files: string[] = sourceFiles(WIDGETS_SRC)): WidgetCall[] {
  const calls: WidgetCall[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const getters = new Map<string, string>();
    for (const m of text.matchAll(/get (\w+)\(\): string \{ return ([`'])/g)) {
      const lit = literalAt(text, (m.index ?? 0) + m[0].length - 1);
      if (lit?.startsWith('/')) getters.set(m[1] as string, lit);
    }
    const normalise = (literal: string) => mapInterpolations(literal, (expr) => {
      const getter = /^this\.(\w+)$/.exec(expr)?.[1];
      return getter && getters.has(getter) ? mapInterpolations(getters.get(getter) as string, () => '{p}') : '{p}';
    }).replace(/[?#].*$/, '')
      // An interpolation glued to the end of a segment is a query string (`…/questions${query}`).
      .replace(/([^/]){p}$/, '$1');
    const found: { at: number; method: string }[] = [];
    for (const m of text.matchAll(new RegExp(`\\.(${METHODS.join('|')})\\b`, 'g'))) {
      let i = (m.index ?? 0) + m[0].length;
      if (text[i] === '<') { let depth = 0; for (; i < text.length; i += 1) { if (text[i] === '<') depth += 1; if (text[i] === '>') { depth -= 1; if (depth === 0) { i += 1; break; } } } }
      if (text[i] !== '(') continue;
      found.push({ at: i + 1, method: m[1] === 'upload' ? 'post' : (m[1] as string) });
    }
    for (const m of text.matchAll(/const \w*[pP]ath = /g)) found.push({ at: (m.index ?? 0) + m[0].length, method: '*' });
    for (const { at, method } of found) {
      const lit = literalAt(text, at);
      if (lit === undefined) continue;
      const path = normalise(lit);
      if (path.startsWith('/')) calls.push({ file: relative(WIDGETS_SRC, file), method, path });
    }
  }
  return calls;
}

/** Whether `path` (segments `{p}` = any value) is one of the documented paths for `method` (`*` = any). */
export function isDocumented(call: Pick<WidgetCall, 'method' | 'path'>, paths: Record<string, Record<string, unknown>>): boolean {
  const segments = call.path.split('/');
  return Object.entries(paths).some(([documented, ops]) => {
    if (call.method !== '*' && !(call.method in ops)) return false;
    const want = documented.replace(/^\/v1/, '').split('/');
    return want.length === segments.length && want.every((w, n) => segments[n] === '{p}' ? true : /^\{\w+\}$/.test(w) || w === segments[n]);
  });
}

describe('widgets call only documented API paths', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, unknown>>;
  beforeAll(async () => { t = await startTestApp(); paths = (await t.api('/openapi.json')).body.paths; });
  afterAll(async () => { await t.close(); });

  it('when a widget calls a path, then /openapi.json has it (with that method)', () => {
    const calls = widgetCalls();
    expect(calls.length).toBeGreaterThan(30);
    const missing = calls.filter((c) => !isDocumented(c, paths)).map((c) => `${c.method.toUpperCase()} ${c.path} (${c.file})`);
    expect(missing).toEqual([]);
  });

  it('when a path is not in the document, then the check reports it (the test can fail)', () => {
    expect(isDocumented({ method: 'get', path: '/courses/{p}/analytics' }, paths)).toBe(true);
    expect(isDocumented({ method: 'get', path: '/courses/{p}/analytics-that-never-was' }, paths)).toBe(false);
    expect(isDocumented({ method: 'delete', path: '/courses/{p}/analytics' }, paths)).toBe(false);
  });
});
