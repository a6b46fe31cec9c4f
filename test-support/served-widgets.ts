import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Config } from '../core/src/config/config.js';
import type { DatabaseHandle } from '../core/src/db/database.js';
import { startServer, type RunningServer } from '../tool-server/src/server.js';
import { serveWidgetAssets } from '../tool-server/src/web/widget-assets.js';
import { buildWidgetBundles, launchChromium } from './browser.js';
import { createTestDatabase } from './test-db.js';

export interface ServedWidgets {
  server: RunningServer;
  browser: Browser;
  /** Closes the browser, the server and its database, and removes `dataDir`. */
  close(): Promise<void>;
}

/**
 * The tool server on a free port serving widget bundles built from source into `${dataDir}/widgets` (so another
 * build wiping widgets/dist cannot pull the page from under the browser), on a fresh test database unless one is
 * given, and a headless Chromium: what the portal and sign-in browser tests start from.
 *
 * @example
 * world = await serveWidgets(productionConfig(dir), { dataDir: dir, entryPoints: { portal: 'src/portal/index.ts' } });
 */
export async function serveWidgets(config: Config, options: { dataDir: string; entryPoints: Record<string, string>; database?: DatabaseHandle }): Promise<ServedWidgets> {
  await buildWidgetBundles(`${options.dataDir}/widgets`, options.entryPoints);
  const database = options.database ?? (await createTestDatabase());
  const server = await startServer(config, { database, extensions: [(app) => serveWidgetAssets(app, `${options.dataDir}/widgets`)] });
  const browser = await launchChromium();
  return {
    server, browser,
    async close() {
      await browser.close();
      await server.close();
      await server.database.close();
      rmSync(options.dataDir, { recursive: true, force: true });
    },
  };
}
