import type { Kysely } from 'kysely';
import ltijs from 'ltijs';
import type { Database } from '@tutorgraph/core';
import { KyselyLtijsPlugin } from './ltijs-kysely.plugin.js';

/** Where ltijs's own routes live inside its sub-app (mounted at `/lti`). */
export const LTIJS_ROUTES = { appRoute: '/launch', loginRoute: '/login', keysetRoute: '/keys', dynRegRoute: '/register' } as const;

interface LtijsHandle {
  provider: typeof ltijs.Provider;
  plugin: KyselyLtijsPlugin;
  /** The key ltijs was set up with; everything stored through the plugin is sealed with it. */
  encryptionKey: string;
}
let current: Promise<LtijsHandle> | undefined;

/**
 * Sets ltijs up once per process (it is a module-level singleton and refuses a second `setup`), backed by
 * the kysely plugin, deployed serverless. Later calls reuse it and point the plugin at `db` — tests each
 * have their own database, the process has one ltijs.
 *
 * @example
 * const { provider } = await ensureLtijs(db, config.ltiKey);
 * app.use('/lti', provider.app);
 */
export function ensureLtijs(db: Kysely<Database>, ltiKey: string): Promise<LtijsHandle> {
  if (current) {
    return current.then((handle) => {
      handle.plugin.useDatabase(db);
      return handle;
    });
  }
  current = (async () => {
    const plugin = new KyselyLtijsPlugin(db);
    const provider = ltijs.Provider;
    // Cookies are not used for our launches (see docs/decisions): our login/launch handlers run first.
    provider.setup(ltiKey, { plugin }, { ...LTIJS_ROUTES, cookies: { secure: true, sameSite: 'None' }, cors: false });
    // deploy() calls process.exit on failure; with our plugin the only work is plugin.setup(), which cannot fail.
    const before = process.listeners('SIGINT');
    await provider.deploy({ serverless: true, silent: true });
    // ltijs installs a SIGINT handler that calls process.exit(); the server's own shutdown must win.
    for (const listener of process.listeners('SIGINT')) if (!before.includes(listener)) process.removeListener('SIGINT', listener);
    return { provider, plugin, encryptionKey: ltiKey };
  })();
  return current;
}
