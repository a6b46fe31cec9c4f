import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds the product's root `package.json` (name `tutorgraph`), found by walking up from this
 * module. It is the same answer whether the code runs from its TypeScript sources (`core/src/config/`) or from the
 * production bundle (`dist/tool-server/main.js`), so `migrations/` and `widgets/dist/` are found in both.
 *
 * @example
 * const migrationsDir = join(findAppRoot(), 'migrations');
 */
export function findAppRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'tutorgraph') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`TutorGraph's root package.json was not found above ${from}`);
    dir = parent;
  }
}

/** The product version from the root package.json. */
export function readAppVersion(root: string = findAppRoot()): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
