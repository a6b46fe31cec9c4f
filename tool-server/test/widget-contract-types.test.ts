import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue #14: the widgets read server JSON through the core contracts' wire types (`import type`), never through a
// widget-local copy of a server shape, so a renamed or retyped field breaks the widget build, not a learner's screen.
// (The course console has its own, stricter test: console-contract-types.test.ts.)
const WIDGETS_SRC = fileURLToPath(new URL('../../widgets/src/', import.meta.url));
const CONSOLE = join(WIDGETS_SRC, 'components', 'course-console');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === CONSOLE ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
const sources = sourceFiles(WIDGETS_SRC).map((path) => ({ path: relative(WIDGETS_SRC, path), text: readFileSync(path, 'utf8') }));

const SNAKE_FIELD = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\??\s*:/;

/** Declarations in `text` that spell out a server shape: an interface or a type alias with a snake_case field. */
function redeclaredShapes(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const found: string[] = [];
  // An interface body, up to the closing brace at the start of a line or on the same line.
  for (const m of code.matchAll(/\binterface (\w+)[^{]*\{([\s\S]*?)\n?\}/g)) if (SNAKE_FIELD.test(m[2]!)) found.push(m[1]!);
  // A type alias, up to the `;` that ends it.
  for (const m of code.matchAll(/\btype (\w+)(?:<[^=]*>)?\s*=([\s\S]*?);\s*$/gm)) if (SNAKE_FIELD.test(m[2]!)) found.push(m[1]!);
  // An inline response shape in a call: c.get<{ items: … }>(…) declares the response again.
  for (const m of code.matchAll(/\.(?:get|post|patch|put|delete|upload)<(\{[^>]*)>\(/g)) found.push(`inline ${m[1]!.slice(0, 40)}`);
  return found;
}

describe('widget contract types', () => {
  it('when a widget declares a server shape itself, then the check finds it (the check can fail)', () => {
    expect(redeclaredShapes('export interface Performance { mastery: number; recent_attempts: unknown[] }')).toEqual(['Performance']);
    expect(redeclaredShapes('export type AttemptSummary = { attempt_id?: string; id?: string };')).toEqual(['AttemptSummary']);
    expect(redeclaredShapes("export type Row = Pick<PerformanceWire, 'tier'> & {\n  user_name: string;\n};")).toEqual(['Row']);
    expect(redeclaredShapes('const r = await c.get<{ items: Member[] }>(path);')).toHaveLength(1);
    expect(redeclaredShapes("export type Performance = PerformanceWire;\nexport interface State { isOpen: boolean }")).toEqual([]);
  });

  it('when a widget reads server JSON, then its type is a core contract\'s wire type, not a copy', () => {
    expect(sources.length).toBeGreaterThan(30);
    for (const { path, text } of sources) {
      expect(redeclaredShapes(text), path).toEqual([]);
      // Anything imported from core is type-only: nothing of core reaches the bundle.
      for (const m of text.matchAll(/^import (type )?[^;]*from '([^']*core\/src[^']*)';/gm)) expect(m[1], `${path}: ${m[0]}`).toBe('type ');
    }
  });

  it('when api-types.ts names a server shape, then it is an alias of a type imported from the core contracts', () => {
    const text = sources.find((s) => s.path === join('api', 'api-types.ts'))!.text;
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '');
    expect(code).not.toMatch(/\binterface\b/);
    const exported = [...code.matchAll(/^export type (\w+)(?:<\w+>)? = ([^;]+);/gm)];
    expect(exported.length).toBeGreaterThan(30);
    const imported = new Set([...code.matchAll(/^import type \{([^}]+)\} from '(?:\.\.\/)+core\/src\/[^']+';/gm)]
      .flatMap((m) => m[1]!.split(',').map((name) => name.trim()).filter(Boolean)));
    for (const [, name, definition] of exported) {
      const base = /^(?:NonNullable<)?(\w+)/.exec(definition!)?.[1];
      expect(imported.has(base!), `${name} = ${definition}`).toBe(true);
    }
    // Every `export` of the file is one of those aliases (no value, no hand-written shape).
    expect(code.match(/^export /gm)).toHaveLength(exported.length);
  });
});
