#!/usr/bin/env node
// The first README command as a new user meets it: opens the running demo's portal in Chromium, signs in as the
// demo learner and waits for a measured mastery percentage on the dashboard. Exit 0 only when all of that works.
// Usage: node scripts/demo-smoke.mjs http://localhost:3000 [screenshot.png]
import { chromium } from 'playwright-core';

const url = process.argv[2] ?? 'http://localhost:3000';
const screenshot = process.argv[3];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failure;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => { if (response.status() >= 400 && response.url().includes('/widgets/')) errors.push(`${response.status()} ${response.url()}`); });
  await page.goto(`${url}/`, { waitUntil: 'load' });
  await page.getByRole('button', { name: 'Sign in as Demo Learner' }).click({ timeout: 15_000 });
  const meter = page.getByRole('meter').first();
  await meter.waitFor({ timeout: 20_000 });
  const value = await meter.getAttribute('aria-valuenow');
  const text = await meter.getAttribute('aria-valuetext');
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  if (value === null || !/^\d+$/.test(value)) failure = `the mastery meter shows no measured percentage (aria-valuenow=${value}, text=${text})`;
  else console.log(`[smoke] portal rendered, demo learner signed in, mastery ${value}% (${text})`);
  if (errors.length > 0) failure = `${failure ? `${failure}; ` : ''}page errors: ${errors.join(' | ')}`;
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
} finally {
  await browser.close();
}
if (failure) {
  console.error(`[smoke] FAILED: ${failure}`);
  process.exit(1);
}
