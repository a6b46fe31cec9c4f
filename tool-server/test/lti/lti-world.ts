import { beforeEach, onTestFailed } from 'vitest';
import { createLtiRegistration, type LtiRegistration } from '@tutorgraph/core';
import type { AppExtension } from '../../src/app.js';
import { mountLti } from '../../src/lti/lti.extension.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { startTestPlatform, type TestPlatform, type ToolRegistration } from '../../../test-support/lti-platform/platform.js';

export interface LtiWorld {
  app: TestApp;
  platforms: { platform: TestPlatform; tool: ToolRegistration; registration: LtiRegistration; tenantId: string }[];
  close(): Promise<void>;
}

/** Requests slower than this are written to stderr, with the ones still open when the world closes. */
const SLOW_REQUEST_MS = 3_000;
const openRequests = new Set<{ line: string }>();

/**
 * Diagnostics for the rare launch that stalls in CI (a frame left at the platform's auto-submitted form): was the
 * tool's /lti/launch reached and slow, or never reached (the browser side)?
 */
const logSlowRequests: AppExtension = (express) => {
  express.use((req, res, next) => {
    const started = Date.now();
    const open = { line: `${req.method} ${req.path} at ${new Date(started).toISOString()}` };
    const { line } = open;
    openRequests.add(open);
    res.on('close', () => {
      openRequests.delete(open);
      const took = Date.now() - started;
      if (took > SLOW_REQUEST_MS) process.stderr.write(`[lti-world] slow request: ${line} took ${took} ms (status ${res.statusCode})\n`);
    });
    next();
  });
};

/**
 * Writes each failed attempt's errors to stderr. Under CI a test gets one retry, and the reporter shows nothing of
 * a first attempt that failed when the retry passes; the browser tests' rare failures need their first words kept.
 *
 * @example
 * describe('…', () => { logFailedAttempts('lti-cookieless'); … });
 */
export function logFailedAttempts(label: string): void {
  beforeEach(() => {
    onTestFailed(({ task }) => {
      const errors = (task.result?.errors ?? []).map((e) => String(e.message ?? e).slice(0, 1_200)).join(' | ');
      process.stderr.write(`[${label}] attempt ${(task.result?.retryCount ?? 0) + 1} of "${task.name}" failed: ${errors}\n`);
    });
  });
}

/**
 * The tool app (with /lti mounted) plus one test platform per kind, each registered to its own tenant.
 *
 * @example
 * const world = await startLtiWorld(['canvas', 'moodle']);
 */
export async function startLtiWorld(
  kinds: ('canvas' | 'moodle')[],
  options: {
    env?: Record<string, string>; toolHost?: string; extensions?: AppExtension[];
    /** The kinds whose platform offers LTI platform storage on every launch (Canvas does; Moodle 4.5 never does). @defaultValue [] */
    platformStorage?: ('canvas' | 'moodle')[];
  } = {},
): Promise<LtiWorld> {
  const app = await startTestApp({ extensions: [logSlowRequests, mountLti, ...(options.extensions ?? [])], ...(options.env ? { env: options.env } : {}) });
  if (options.toolHost) app.deps.config.publicUrl = app.baseUrl.replace('127.0.0.1', options.toolHost);
  const base = app.deps.config.publicUrl;
  const platforms: LtiWorld['platforms'] = [];
  for (const [index, kind] of kinds.entries()) {
    const platform = await startTestPlatform({ kind, platformStorage: options.platformStorage?.includes(kind) ?? false });
    // The test platform listens on loopback: allowlisted, as an on-premise LMS would be (OUTBOUND_ALLOW_HOSTS).
    app.deps.config.outbound.allowHosts.push(new URL(platform.jwksUrl).host);
    const tool = platform.registerTool({ loginUrl: `${base}/lti/login`, redirectUris: [`${base}/lti/launch`], jwksUrl: `${base}/lti/keys` });
    const tenant = await app.db.db.insertInto('tenants')
      .values({ name: `${kind} school ${index}`, slug: `${kind}-school-${index}-${Date.now() % 100000}` })
      .returning('id').executeTakeFirstOrThrow();
    const registration = await createLtiRegistration(app.db.db, tenant.id, {
      name: `Test ${kind}`, kind, issuer: platform.issuer, clientId: tool.clientId,
      authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, keysetUrl: platform.jwksUrl, deploymentIds: [tool.deploymentId],
    });
    platforms.push({ platform, tool, registration, tenantId: tenant.id });
  }
  return {
    app, platforms,
    close: async () => {
      if (openRequests.size > 0) process.stderr.write(`[lti-world] requests still open at close: ${[...openRequests].map((r) => r.line).join('; ')}\n`);
      for (const { platform } of platforms) await platform.close();
      await app.close();
    },
  };
}

/** Pulls the app token and ids out of the rendered tool page. */
export function readToolPage(html: string): { token: string; courseId: string; tenantId: string; widget: string | undefined } {
  const attr = (name: string) => new RegExp(`<tg-provider[^>]*\\s${name}="([^"]*)"`, 's').exec(html)?.[1];
  const token = attr('token');
  const courseId = attr('course-id');
  const tenantId = attr('tenant-id');
  if (!token || !courseId || !tenantId) throw new Error(`Not a tool page: ${html.slice(0, 400)}`);
  return { token, courseId, tenantId, widget: /<(tg-[a-z-]+) course-id=/.exec(html)?.[1] };
}
