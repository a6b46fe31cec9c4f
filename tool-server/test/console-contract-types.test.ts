import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue #19: the course console's types come from the core contracts (`import type`), never from a widget-local
// redeclaration of a server shape — so a renamed or retyped field breaks the widget build, not the teacher's screen.
const CONSOLE_DIR = fileURLToPath(new URL('../../widgets/src/components/course-console/', import.meta.url));
const files = [
  ...readdirSync(CONSOLE_DIR).filter((n) => n.endsWith('.ts')).map((n) => join(CONSOLE_DIR, n)),
  ...readdirSync(join(CONSOLE_DIR, 'internal')).filter((n) => n.endsWith('.ts')).map((n) => join(CONSOLE_DIR, 'internal', n)),
];
const sources = files.map((path) => ({ path: path.slice(CONSOLE_DIR.length), text: readFileSync(path, 'utf8') }));

describe('course console types', () => {
  it('when a console view needs a server shape, then it imports it from core/src/contracts through types.ts, type-only', () => {
    const types = sources.find((s) => s.path === 'internal/types.ts')!.text;
    // types.ts re-exports only, and only types, and only from the core contracts.
    expect(types.replace(/\/\*\*[\s\S]*?\*\//, '').trim()).toMatch(/^export type \{[^}]+\} from '(\.\.\/)+core\/src\/contracts\/analytics\.js';$/);
    for (const { path, text } of sources) {
      // No local copy of the widget-wide API types (api-types.ts redeclares server shapes by hand).
      expect(text, path).not.toMatch(/from '[^']*api\/api-types\.js'/);
      // Anything imported from core is type-only (nothing of core may reach the bundle).
      for (const m of text.matchAll(/^import (type )?[^;]*from '([^']*core\/src[^']*)';/gm)) expect(m[1], `${path}: ${m[0]}`).toBe('type ');
      // No interface or object type with a snake_case field: that would be a server shape declared again.
      for (const m of text.matchAll(/(?:interface \w+[^{]*|type \w+\s*=\s*)\{([^}]*)\}/g)) {
        expect(m[1], `${path}: ${m[0].slice(0, 80)}`).not.toMatch(/\b[a-z]+_[a-z_]+\??:/);
      }
      // Generic calls name a contract type, not an inline shape: c.get<{ items: … }>(…) would redeclare the response.
      expect(text, path).not.toMatch(/\.(get|post|patch|put|delete|upload)<\{/);
    }
  });

  it('when the Content and Item views call the API, then request and response types are the contracts\' wire types', () => {
    const content = sources.find((s) => s.path === 'internal/content-view.ts')!.text;
    expect(content).toMatch(/\.get<CourseDocumentListWire>\(/);
    expect(content).toMatch(/\.upload<CourseDocumentWire>\(/);
    expect(content).toMatch(/\.get<DocumentPreviewWire>\(/);
    expect(content).toMatch(/satisfies RenameDocumentRequestWire/);
    const items = sources.find((s) => s.path === 'internal/items-view.ts')!.text;
    expect(items).toMatch(/body: UpdateItemRequestWire/);
    expect(items).toMatch(/\.patch<ReviewItemWire>\(/);
  });
});
