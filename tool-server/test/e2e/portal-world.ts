import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { seedDemoTenant } from '@tutorgraph/core';
import { startDemoApp, type DemoApp } from '../../../scripts/demo-app.js';
import { createTestDatabase } from '../../../test-support/test-db.js';
import { WIDGETS_DIST } from '../../src/web/widget-assets.js';
import { testConfig } from '../helpers/test-app.js';
import { HEADLESS_CHROMIUM_ARGS } from '../../../test-support/browser.js';

/** The repository root, for course files and the artifacts folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where each step's screenshot goes (gitignored; CI keeps it as an artifact). */
export const ARTIFACTS_DIR = `${REPO_ROOT}test-artifacts/e2e`;
/** The WCAG 2.2 A/AA rule tags the issue asks for. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];


/** One axe run: which screen, and what it found (rule id, impact, the first offending nodes). */
export interface AxeReport { screen: string; violations: string[] }

export interface PortalWorld {
  app: DemoApp;
  url: string;
  browser: Browser;
  /** Screenshots taken so far, in order (file names). */
  screenshots: string[];
  axeReports: AxeReport[];
  /** Saves the page as the next numbered screenshot, e.g. `03-admin-invite-sent.png`. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Runs axe on what the page shows now and records it under `screen`; returns the violations as lines. */
  checkA11y(page: Page, screen: string): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The whole product as `npm run demo` runs it (tool server with the portal, in-process queue and worker, local
 * providers), on a free port with a fresh copy of the migrated PGlite template and only the demo people seeded
 * (no demo courses: the test builds its own through the UI), plus a headless Debian Chromium.
 *
 * @example
 * const world = await startPortalWorld(); const page = await world.browser.newPage(); await page.goto(world.url);
 */
export async function startPortalWorld(): Promise<PortalWorld> {
  if (!existsSync(`${WIDGETS_DIST}/portal.js`)) throw new Error('Build the widget bundle first: npm run build:widgets (widgets/dist/portal.js is missing)');
  const config = testConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_MODE: 'true' });
  const database = await createTestDatabase();
  await seedDemoTenant(database.db);
  const app = await startDemoApp(config, { seed: false, database });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...HEADLESS_CHROMIUM_ARGS] });
  rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const screenshots: string[] = [];
  const axeReports: AxeReport[] = [];
  return {
    app, url: app.url, browser, screenshots, axeReports,
    async screenshot(page, name) {
      const file = `${String(screenshots.length + 1).padStart(2, '0')}-${name}.png`;
      await page.screenshot({ path: `${ARTIFACTS_DIR}/${file}`, fullPage: true, animations: 'disabled' });
      screenshots.push(file);
      return file;
    },
    async checkA11y(page, screen) {
      // Legacy mode runs axe.run in the page itself: the portal has no iframes, and the default mode opens a blank
      // page per run to merge frame results (about a second each on this machine).
      const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode().analyze();
      const violations = result.violations.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      axeReports.push({ screen, violations });
      return violations;
    },
    async close() {
      await browser.close();
      await app.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
