import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppDeps } from './deps.js';
import { ApiRouter, type RegisteredRoute } from './http/api-router.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { registerApiRoutes } from './http/index.js';
import { requestContext } from './http/middleware/request-context.js';
import { buildOpenApiDocument, createOpenApiRegistry } from './http/openapi.js';
import { createRateLimiters } from './http/rate-limits.js';
import { registerSystemRoutes } from './http/system.routes.js';

/** Extra mounts (LTI, widget bundle, portal) added by their features before the 404 handler. */
export type AppExtension = (app: Express, deps: AppDeps) => void;

export interface TutorGraphApp { app: Express; routes: RegisteredRoute[]; openapi: () => unknown }

/**
 * Builds the express app from its dependencies, without listening: tests build their own on port 0.
 *
 * @example
 * const { app } = createApp(deps); app.listen(3000);
 */
export function createApp(deps: AppDeps, extensions: AppExtension[] = []): TutorGraphApp {
  const app = express();
  app.disable('x-powered-by');
  // Off unless TRUST_PROXY names the proxies: trusting any private peer let a client behind campus NAT,
  // a VPN or Docker choose its own X-Forwarded-For and so its own rate-limit key (issue #15).
  app.set('trust proxy', deps.config.trustProxy);
  app.use(requestContext(deps.logger));
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        // Being framed by the LMS is the whole point: allow the configured LMS origins, nobody else.
        'frame-ancestors': ["'self'", ...deps.config.frameAncestors],
        'form-action': ["'self'", 'https:', 'http:'],
      },
    },
    // frame-ancestors supersedes X-Frame-Options, which cannot express an allowlist.
    xFrameOptions: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  }));

  const limiters = createRateLimiters(deps);
  registerSystemRoutes(app, deps);

  const registry = createOpenApiRegistry();
  const v1 = express.Router();
  v1.use(cors({
    origin: (origin, callback) => callback(null, !origin || deps.config.corsOrigins.includes('*') || deps.config.corsOrigins.includes(origin)),
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Tenant-Id', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  }));
  v1.use(limiters.general);
  v1.use(express.json({ limit: deps.config.bodyLimitBytes }));
  const api = new ApiRouter(v1, registry, deps, limiters.buckets);
  registerApiRoutes(api);
  app.use('/v1', v1);

  let document: unknown;
  const openapi = () => (document ??= buildOpenApiDocument(registry, deps.version, deps.config.publicUrl));
  app.get('/openapi.json', (_req, res) => { res.json(openapi()); });

  for (const extend of extensions) extend(app, deps);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return { app, routes: api.routes, openapi };
}
