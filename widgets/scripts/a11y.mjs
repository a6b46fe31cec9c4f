// Accessibility check (and screenshots) of every element in every state, light and dark, in Debian's Chromium.
// Builds test/a11y/a11y-page.ts, serves it on a loopback port, opens one page per scenario and runs axe-core with
// the WCAG 2.2 A/AA tags. Any violation fails. `--screenshots` also saves PNGs to docs/screenshots.
//   node scripts/a11y.mjs [--screenshots] [--only <id-prefix>]
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const takeScreenshots = args.includes('--screenshots');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : '';
const SHOTS = ['ask-panel/answered', 'ask-panel/drawer', 'ask-panel/not-found', 'ask-panel/rate-limited', 'quiz-runner/question',
  'quiz-runner/results', 'mastery-meter/full', 'mastery-meter/compact', 'admin-console/documents', 'admin-console/members',
  'admin-console/session-expired', 'admin-console/analytics', 'admin-console/lms-sync'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

const out = mkdtempSync(join(tmpdir(), 'tg-a11y-'));
await build({
  absWorkingDir: root, entryPoints: ['test/a11y/a11y-page.ts'], outfile: join(out, 'page.js'), bundle: true, format: 'esm',
  target: 'es2022', tsconfig: 'tsconfig.json', logLevel: 'warning',
});
writeFileSync(join(out, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>TutorGraph widget state</title>
<style>body{margin:0;padding:16px;font-family:system-ui;background:#fff}@media (prefers-color-scheme:dark){body{background:#16181d}}
#stage{max-width:820px}</style></head><body><main id="stage"></main><script type="module" src="page.js"></script></body></html>`);

const server = createServer((req, res) => {
  const file = (req.url ?? '/').split('?')[0] === '/page.js' ? 'page.js' : 'index.html';
  res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
  res.end(readFileSync(join(out, file)));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failures = 0;
let checked = 0;
try {
  const context = await browser.newContext({ viewport: { width: 860, height: 900 } });
  const listing = await context.newPage();
  await listing.goto(base);
  const ids = (await listing.evaluate(() => window.tgScenarios))
    .filter((id) => id.startsWith(only) && (!takeScreenshots || SHOTS.includes(id)));
  await listing.close();
  if (takeScreenshots) mkdirSync(join(root, '../docs/screenshots'), { recursive: true });
  const jobs = ids.flatMap((id) => ['light', 'dark'].map((scheme) => ({ id, scheme })));
  // A few pages at once, each reused across scenarios: page start-up, not axe, dominates the run time.
  const worker = async () => {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const { id, scheme } = job;
      errors.length = 0;
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto(`${base}?scenario=${encodeURIComponent(id)}`);
      const state = await page.waitForFunction(() => window.tgReady || window.tgError, null, { timeout: 10_000 })
        .then((h) => h.jsonValue()).catch(() => 'timed out');
      if (state !== true) {
        failures++;
        console.error(`✗ ${id} [${scheme}] did not reach its state: ${state} ${errors.join(' ')}`);
        continue;
      }
      const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
      checked++;
      if (result.violations.length) {
        failures++;
        console.error(`✗ ${id} [${scheme}]`);
        for (const v of result.violations) {
          console.error(`    ${v.id} (${v.impact}): ${v.help}`);
          for (const n of v.nodes.slice(0, 3)) console.error(`      ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1] ?? ''}`);
        }
      } else {
        console.log(`✓ ${id} [${scheme}] ${result.passes.length} rules passed`);
      }
      if (takeScreenshots && SHOTS.includes(id)) {
        const file = join(root, '../docs/screenshots', `${id.replace('/', '--')}-${scheme}.png`);
        // The drawer is a modal in the top layer: it belongs to the viewport, not to the element's box.
        const target = id.endsWith('/drawer') ? page : page.locator('#stage');
        await target.screenshot({ path: file, animations: 'disabled' });
      }
    }
    await page.close();
  };
  await Promise.all([worker(), worker(), worker()]);
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
console.log(`axe (WCAG 2.2 A/AA): ${checked} pages checked, ${failures} with problems`);
if (failures) process.exit(1);
