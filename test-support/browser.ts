/// <reference lib="dom" />
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';

/** Debian's headless Chromium in the browser tests: no sandbox or GPU, and none of its own network traffic. */
export const HEADLESS_CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync',
] as const;

/**
 * Chromium flags for tests where an LMS page frames the tool across sites (LTI launches). The frame then moves
 * between the LMS's and the tool's sites several times (login, the platform's auto-posted form, the launch). With site
 * isolation each move swaps the frame into another renderer process, and Playwright must attach to each new one; under
 * CI load that attach sometimes never completed and the frame stayed "between documents" (nothing readable, no request
 * reached the tool) for the test's 20 s. These tests run the frame in one process. What they check — cookies, storage
 * partitioning, postMessage, frame-ancestors — does not depend on the process model.
 */
export const FRAMED_LMS_CHROMIUM_ARGS = [
  ...HEADLESS_CHROMIUM_ARGS, '--disable-site-isolation-trials', '--disable-features=IsolateOrigins,site-per-process',
] as const;

/**
 * Debian's headless Chromium (browser downloads fail on this machine; see /work/shared/RECIPES.md).
 *
 * @example
 * const browser = await launchChromium(); … await browser.close();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/**
 * A fresh browser window that reaches only this machine (an identity provider's login page links a web font),
 * with a 15-s default timeout.
 *
 * @example
 * const { page } = await localOnlyWindow(browser, { width: 375, height: 740 });
 */
export async function localOnlyWindow(browser: Browser, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  await context.route('**/*', (route) => {
    const hostname = new URL(route.request().url()).hostname;
    return hostname === 'localhost' || hostname === '127.0.0.1' ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/**
 * What scrolls sideways in a document: the page itself, and every element (light or shadow DOM) whose right edge
 * is past the viewport's, as `tag#id.class right 412 > 375` lines (at most `most` of them; none when it fits).
 *
 * @example
 * expect(await sidewaysOverflow(page)).toEqual([]);
 */
export function sidewaysOverflow(target: Page | Frame, most = 8): Promise<string[]> {
  return target.evaluate((limit) => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
    const walk = (node: Document | ShadowRoot) => {
      for (const el of Array.from(node.querySelectorAll('*'))) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > root.clientWidth + 1) {
          const classes = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
          found.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes} right ${Math.round(box.right)} > ${root.clientWidth}`);
        }
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found.slice(0, limit);
  }, most);
}

/**
 * The widget bundles built from source into a run's own folder (as widgets/scripts/build*.mjs build them), so
 * another build wiping widgets/dist meanwhile cannot pull the page from under the browser. `entryPoints` names
 * the bundles, e.g. `{ portal: 'src/portal/index.ts', tutorgraph: 'src/tutorgraph.ts' }`.
 *
 * @example
 * await buildWidgetBundles(`${dir}/widgets`, { portal: 'src/portal/index.ts' }); // serve with serveWidgetAssets
 */
export async function buildWidgetBundles(outdir: string, entryPoints: Record<string, string>): Promise<void> {
  await build({
    absWorkingDir: fileURLToPath(new URL('../widgets/', import.meta.url)), entryPoints, outdir, entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]', bundle: true, splitting: true, format: 'esm', target: 'es2022', minify: true,
    tsconfig: 'tsconfig.json', logLevel: 'warning',
  });
}
