import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { createLtiRateLimiter } from '../http/rate-limits.js';
import { canvasDeveloperKey } from './canvas-config.js';
import { handleDeepLinkSubmit } from './deep-linking.handler.js';
import { handleDynamicRegistration } from './dynamic-registration.handler.js';
import { handleCookieCheck } from './launch-binding.js';
import { handleLaunch, handleLaunchComplete, handleLaunchTicket } from './launch.handler.js';
import { handleCookieFallback, handleLogin } from './login.handler.js';
import { createLtiRuntime, type LtiRuntime } from './lti-runtime.js';
import { handleSessionRenew } from './session.handler.js';

type Runtime = Awaited<ReturnType<typeof createLtiRuntime>>;

/**
 * Mounts LTI 1.3 under `/lti`: our login, launch, deep-linking, dynamic registration and Canvas config
 * handlers first, then the ltijs app (serverless) for the rest — notably the JWKS at `/lti/keys`, served by
 * ltijs from the kysely-backed key store. Pass it to `createApp(deps, [mountLti])`.
 *
 * @example
 * const { app } = createApp(deps, [mountLti]);
 */
export function mountLti(app: Express, deps: AppDeps): void {
  createLtiMount()(app, deps);
}

/**
 * `mountLti` with options: `launchLifetimeSeconds` (how long a launch's app token is renewed; tests shorten it).
 *
 * @example
 * const { app } = createApp(deps, [createLtiMount({ launchLifetimeSeconds: 5 })]);
 */
export function createLtiMount(options: { launchLifetimeSeconds?: number } = {}): (app: Express, deps: AppDeps) => void {
  return (app, deps) => mountWith(app, deps, options);
}

function mountWith(app: Express, deps: AppDeps, options: { launchLifetimeSeconds?: number }): void {
  let runtime: Promise<Runtime> | undefined;
  const ready = () => (runtime ??= createLtiRuntime(deps, options).catch((error: unknown) => { runtime = undefined; throw error; }));
  const use = (handler: (rt: LtiRuntime, req: Request, res: Response) => Promise<void> | void) =>
    async (req: Request, res: Response) => { await handler(await ready(), req, res); };

  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '256kb' });
  // Anonymous entry points: limited per address, so a flood cannot fill the login-state table (issue #15).
  const limit = createLtiRateLimiter(deps);
  router.all('/login', limit, form, use(handleLogin));
  router.get('/login/cookie', use(handleCookieFallback));
  router.get('/login/check', use(handleCookieCheck));
  router.post('/launch', limit, form, use(handleLaunch));
  router.post('/launch/complete', express.json({ limit: '256kb' }), use(handleLaunchComplete));
  router.get('/launch/ticket/:ticket', use(handleLaunchTicket));
  router.post('/deep-link', form, use(handleDeepLinkSubmit));
  router.post('/session/renew', express.json({ limit: '16kb' }), use(handleSessionRenew));
  router.get('/register', use(handleDynamicRegistration));
  router.get('/canvas.json', use((rt, _req, res) => { res.json(canvasDeveloperKey(rt.publicUrl())); }));
  // The key must exist before ltijs lists the key store.
  router.get('/keys', async (_req: Request, _res: Response, next: NextFunction) => { await (await ready()).toolKey(); next(); });
  app.use('/lti', router);
  app.use('/lti', async (req: Request, res: Response, next: NextFunction) => {
    const { ltijs } = await ready();
    ltijs.provider.app(req, res, next);
  });
}
