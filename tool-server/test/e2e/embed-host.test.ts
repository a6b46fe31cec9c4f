import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWidgetAssets } from '../../src/web/widget-assets.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { REPO_ROOT } from './portal-world.js';

// A host site on another origin embeds the widgets the way docs/embedding.md's Node sample does: its server keeps
// the API key, mints a short-lived token for its signed-in user (POST /v1/embed/tokens) and renders the page with
// it; strings are localised through the served bundle's documented global. A second host, not in CORS_ORIGINS,
// must see the CORS message, not "you are offline".
let t: TestApp;
let browser: Browser;
const hosts: Server[] = [];
const widgetsDir = `/tmp/tg-embed-widgets-${randomBytes(4).toString('hex')}`;
let apiKey = '';
let courseId = '';

/** The sample host server: mint a token for "its" user on each page view, render the widget with it. */
function startHost(): Promise<{ url: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const minted = await fetch(`${t.baseUrl}/v1/embed/tokens`, {
        method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user_id: 'host-user-7', name: 'Robin Host', email: 'robin@host.test', course_id: courseId, role: 'learner' }),
      });
      const { token } = (await minted.json()) as { token: string };
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="de"><head><title>Host</title>
<script>window.TutorGraphStrings = { ask: { submit: 'Fragen' } };</script>
<script type="module" src="${t.baseUrl}/widgets/tutorgraph.js"></script></head>
<body><main><tg-ask-panel api-base="${t.baseUrl}" token="${token}" course-id="${courseId}"></tg-ask-panel></main></body></html>`);
    })().catch((error: unknown) => { res.statusCode = 500; res.end(String(error)); });
  });
  hosts.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

let allowedHost = '';
let otherHost = '';

beforeAll(async () => {
  await build({
    absWorkingDir: `${REPO_ROOT}widgets`, entryPoints: { tutorgraph: 'src/tutorgraph.ts' }, outdir: widgetsDir, entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]', bundle: true, splitting: true, format: 'esm', target: 'es2022', minify: true, tsconfig: 'tsconfig.json', logLevel: 'warning',
  });
  allowedHost = (await startHost()).url;
  otherHost = (await startHost()).url;
  t = await startTestApp({ env: { CORS_ORIGINS: allowedHost }, extensions: [(app) => serveWidgetAssets(app, widgetsDir)] });
  const admin = await t.login('admin');
  courseId = (await t.api('/v1/courses', { token: admin, tenantId: t.demo.tenantId, body: { title: 'Embedded Course' } })).body.id;
  apiKey = (await t.api(`/v1/tenants/${t.demo.tenantId}/api-keys`, { token: admin, body: { name: 'Host site', scopes: ['embed:learner'] } })).body.key;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const host of hosts) await new Promise<void>((resolve) => { host.closeAllConnections(); host.close(() => resolve()); });
  await t?.close();
  rmSync(widgetsDir, { recursive: true, force: true });
});

describe('embedding on another origin (sample host server, API key, CORS_ORIGINS, localisation)', () => {
  it('when the host origin is in CORS_ORIGINS, then the widget, localised through the global, answers a question', async () => {
    const page = await browser.newPage();
    await page.goto(allowedHost);
    await page.getByRole('button', { name: 'Fragen' }).waitFor({ timeout: 15_000 });
    await page.getByRole('textbox').fill('What is this course about?');
    await page.getByRole('button', { name: 'Fragen' }).click();
    await page.locator('tg-ask-panel [part="answer"]').getByText('Not found in the course content.').waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('when the host origin is not in CORS_ORIGINS, then the widget names the refusal instead of saying offline', async () => {
    const page = await browser.newPage();
    await page.goto(otherHost);
    await page.getByRole('textbox').fill('What is this course about?');
    await page.getByRole('button', { name: 'Fragen' }).click();
    const banner = page.locator('tg-ask-panel').getByRole('alert');
    await banner.getByText(`TutorGraph at ${t.baseUrl} refused this page's origin — add it to CORS_ORIGINS.`).waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).not.toContain('offline');
    await page.close();
  });
});
