// Smoke test of the BUILT bundle (dist/): two copies on one page (the stable and the content-hashed URL) must not
// clash, the initial elements must register, and the lazy chunks (admin console, quiz runner with its mastery meter)
// must load on demand — and only then.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
let manifest;
try {
  manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
} catch (cause) {
  throw new Error('bundle smoke: widgets/dist/manifest.json missing — run `npm run build -w @tutorgraph/widgets` first', { cause });
}
const page1 = `<!doctype html><html lang="en"><head><title>smoke</title>
<script type="module" src="/tutorgraph.js"></script><script type="module" src="/${manifest.entry}"></script></head>
<body><tg-ask-panel api-base="http://127.0.0.1:1" course-id="c1"></tg-ask-panel><div id="later"></div></body></html>`;

const requested = [];
const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  requested.push(path);
  if (path === '/') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(page1); return; }
  try {
    const body = readFileSync(join(dist, normalize(path).replace(/^(\.\.[/\\])+/, '')));
    res.writeHead(200, { 'Content-Type': 'text/javascript' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });
const problems = [];
try {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => customElements.get('tg-ask-panel') && document.querySelector('tg-ask-panel')?.shadowRoot);
  const tags = await page.evaluate(() => ['tg-provider', 'tg-ask-panel', 'tg-admin-console'].filter((t) => !customElements.get(t)));
  if (tags.length) problems.push(`not registered: ${tags.join(', ')}`);
  const early = await page.evaluate(() => ['tg-quiz-runner', 'tg-mastery-meter', 'tg-flashcards'].filter((t) => customElements.get(t)));
  if (early.length) problems.push(`loaded by an ask-only page: ${early.join(', ')}`);
  if (requested.some((p) => p.includes('admin-console-app'))) problems.push('admin console chunk loaded by an ask-only page');
  await page.evaluate(() => { document.getElementById('later').innerHTML = '<tg-admin-console api-base="http://127.0.0.1:1" course-id="c1"></tg-admin-console>'; });
  await page.waitForFunction(() => document.querySelector('tg-admin-console')?.shadowRoot?.querySelector('tg-admin-console-app'), null, { timeout: 10_000 })
    .catch(() => problems.push('admin console chunk did not load'));
  // Elements outside the initial bundle load when a page first holds one; the quiz runner brings the meter it shows.
  await page.evaluate(() => { document.getElementById('later').insertAdjacentHTML('beforeend', '<tg-quiz-runner api-base="http://127.0.0.1:1" course-id="c1"></tg-quiz-runner>'); });
  await page.waitForFunction(() => customElements.get('tg-quiz-runner') && customElements.get('tg-mastery-meter') && document.querySelector('tg-quiz-runner')?.shadowRoot, null, { timeout: 10_000 })
    .catch(() => problems.push('quiz runner (and its mastery meter) did not load on demand'));
} finally {
  await browser.close();
  server.close();
}
if (problems.length) {
  console.error(`bundle smoke: FAILED\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`bundle smoke: ok (two copies, ${requested.filter((p) => p.endsWith('.js')).length} scripts, lazy console chunk on demand)`);
