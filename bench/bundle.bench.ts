/**
 * Widget bundle size: builds `widgets/dist` (the same build as `npm run build:widgets`) and prints each file's
 * raw and gzip size and the initial JS a page with only `<tg-ask-panel>` loads, against its 20 kB gzip budget.
 * The build itself fails above the budget, so this bench fails too.
 *
 * Run: `npm run bench -- bundle`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function run(): Promise<void> {
  // The whole widgets build (bundle, portal entry, manifest), so `widgets/dist` stays complete afterwards.
  execFileSync('npm', ['run', '-s', 'build:widgets'], { cwd: root, stdio: 'inherit' });
}
