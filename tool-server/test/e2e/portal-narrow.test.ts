/// <reference lib="dom" />
import { randomBytes } from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTenant } from '@tutorgraph/core';
import type { RunningServer } from '../../src/server.js';
import { createTestDatabase } from '../../../test-support/test-db.js';
import { sidewaysOverflow } from '../../../test-support/browser.js';
import { serveWidgets, type ServedWidgets } from '../../../test-support/served-widgets.js';
import { testConfig } from '../helpers/test-app.js';
import { AXE_TAGS } from './portal-world.js';

// Every portal screen on a 375-px phone: nothing scrolls sideways (scrollWidth ≤ clientWidth, also inside each
// widget's shadow root) and axe finds no WCAG 2.2 A/AA violation.
let world: ServedWidgets;
let server: RunningServer;
let browser: Browser;
const dir = `/tmp/tg-narrow-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  const database = await createTestDatabase();
  await seedDemoTenant(database.db);
  world = await serveWidgets(testConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_MODE: 'true', DATA_DIR: dir }), { dataDir: dir, entryPoints: { portal: 'src/portal/index.ts' }, database });
  ({ server, browser } = world);
}, 120_000);

afterAll(async () => { await world?.close(); });

async function check(page: Page, screen: string): Promise<string[]> {
  await page.waitForTimeout(300);
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode().analyze();
  return [...(await sidewaysOverflow(page)).map((o) => `${screen}: overflow ${o}`), ...axe.violations.map((v) => `${screen}: axe ${v.id} ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(' | ')}`)];
}

describe('portal at 375 px', () => {
  it('when every screen is opened on a phone, then none scrolls sideways and axe finds nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 }, reducedMotion: 'reduce' });
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Sign in as Demo Admin' }).waitFor();
    problems.push(...await check(page, 'login'));
    await page.getByRole('button', { name: 'Sign in as Demo Admin' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    problems.push(...await check(page, 'dashboard (no course)'));
    await page.getByLabel('New course title').fill('A course with a rather long title for a narrow phone screen');
    await page.getByRole('button', { name: 'Create course' }).click();
    await page.getByRole('heading', { level: 1, name: /rather long title/ }).waitFor();
    problems.push(...await check(page, 'dashboard'));
    for (const [path, heading] of [['/ask', 'Ask the course'], ['/quiz', 'Practice quiz'], ['/content', 'Course content'], ['/profile', 'Profile'], ['/no-access', /access/i], ['/nowhere', /not found/i]] as const) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
      problems.push(...await check(page, path));
    }
    await page.goto(`${server.url}/admin`);
    for (const tab of ['Documents', 'Members', 'Invites', 'Single sign-on', 'Audit log']) {
      const button = page.getByRole('tab', { name: tab });
      if (!(await button.count())) continue;
      await button.click();
      problems.push(...await check(page, `admin: ${tab}`));
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
