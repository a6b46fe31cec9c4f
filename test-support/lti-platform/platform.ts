import { randomInt, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express } from 'express';
import { buildLaunchClaims, type LaunchSpec } from './claims.js';
import { createPlatformKeys, signPlatformJwt, type PlatformKeys, type SigningMode } from './keys.js';
import { mountServices, type ServiceState } from './services.js';

/** The tool as this platform knows it (what an LMS admin types into the developer key / tool form). */
export interface ToolRegistration {
  clientId: string;
  deploymentId: string;
  loginUrl: string;
  redirectUris: string[];
  jwksUrl: string;
}

/** A launch waiting for the tool's OIDC auth request, and how the test wants it bent. */
export interface PendingLaunch {
  id: string;
  spec: LaunchSpec;
  signing: SigningMode;
  /** Replace the nonce/state the tool sent with these (nonce or state mismatch cases). */
  nonceOverride?: string;
  stateOverride?: string;
  deploymentId?: string;
}

export interface TestPlatform {
  kind: 'canvas' | 'moodle';
  url: string;
  issuer: string;
  keys: PlatformKeys;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  tool: ToolRegistration | undefined;
  services: ServiceState;
  /** Tells the platform where the tool lives; returns the client id and deployment id it assigned. */
  registerTool(tool: Omit<ToolRegistration, 'clientId' | 'deploymentId'> & Partial<Pick<ToolRegistration, 'clientId' | 'deploymentId'>>): ToolRegistration;
  /** Queues a launch and returns the tool login-initiation URL a browser would be sent to. */
  prepareLaunch(spec: LaunchSpec, options?: Partial<Omit<PendingLaunch, 'id' | 'spec'>>): { launchId: string; loginUrl: string };
  /** A platform page (for a browser) framing the tool cross-site, offering postMessage storage when asked. */
  coursePageUrl(launchId: string): string;
  /**
   * The LMS moves to a new hostname (same server and port): a Moodle-like platform's issuer is its address
   * (wwwroot) and its `tool_platform.guid` its host, so both change, as do its auth, token and JWKS URLs.
   */
  moveTo(host: string): void;
  /**
   * Moodle-like platforms: every use of a launch's `lti_message_hint` at the auth endpoint, in order —
   * `used` the first time, `refused` when a hint comes back after it was spent (Moodle 4.5 keeps the hint
   * in the user's session and unsets it on first use).
   */
  messageHintLog: { launchId: string; outcome: 'used' | 'refused' }[];
  /**
   * How long the storage frame's page takes to arrive (ms). A busy LMS page can load its storage frame after the
   * tool's frame has already asked it something: the first message then reaches the frame's initial blank document
   * and nobody answers. @defaultValue 0
   */
  storageFrameDelayMs: number;
  /** The platform's express app, for extra pages (the demo's launch menu). */
  app: Express;
  close(): Promise<void>;
}

export interface TestPlatformOptions {
  kind: 'canvas' | 'moodle';
  /** Host to bind and to use in URLs (Chromium tests put platform and tool on different sites). @defaultValue '127.0.0.1' */
  host?: string;
  /** Port to listen on (the demo uses a fixed one so its issuer is stable). @defaultValue 0 (any free port) */
  port?: number;
  /**
   * Offer LTI platform storage (`lti_storage_target=post_message_forwarding`, a storage frame beside the
   * tool) on every launch, as Canvas does. Moodle 4.5 never offers it. @defaultValue false
   */
  platformStorage?: boolean;
}

/** What the course page saw the framed tool ask for (read in a browser test with `page.evaluate`). */
export interface CoursePageLog { ltiStorageLog: string[]; frameResizeLog: number[] }

/**
 * Starts a small, real LTI 1.3 platform on loopback (port 0): RS256 keys with kid, JWKS, the OIDC auth
 * endpoint, Canvas- or Moodle-shaped launches, deep-linking return, token endpoint, AGS, NRPS and dynamic
 * registration. It exists to test the tool end to end over HTTP.
 *
 * @example
 * const platform = await startTestPlatform({ kind: 'canvas' });
 * platform.registerTool({ loginUrl, redirectUris: [launchUrl], jwksUrl });
 */
export async function startTestPlatform(options: TestPlatformOptions): Promise<TestPlatform> {
  const keys = await createPlatformKeys();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json({ type: ['application/json', 'application/*+json'] }));
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(options.port ?? 0, host, () => resolve(s));
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const pending = new Map<string, PendingLaunch>();
  // Moodle 4.5 (mod/lti/locallib.php lti_build_login_request, mod/lti/auth.php): lti_message_hint is JSON
  // {"cmid":…,"launchid":"ltilaunch<id>_<rand>"}; the launch id names launch data in the user's session,
  // which auth.php reads once and unsets. A spent hint ends in Moodle's "invalidrequest" exception.
  const moodleHints = new Map<string, string>();
  const moodleCmids = new Map<string, number>();
  let moodleLaunchCount = 0;
  // The login initiation for a prepared launch. Like Moodle's launch page, each call (each time the course
  // page is shown) issues a fresh hint; a Canvas-like platform's hint is the launch id.
  const loginUrlFor = (id: string): string => {
    const tool = requireTool(platform);
    const launch = pending.get(id);
    if (!launch) throw new Error(`No prepared launch ${id}`);
    let messageHint: string = id;
    if (platform.kind === 'moodle') {
      const cmid = moodleCmids.get(id) ?? 0;
      const isDeepLinking = launch.spec.messageType === 'LtiDeepLinkingRequest';
      const launchKey = isDeepLinking ? `ltilaunch_ContentItemSelectionRequest${randomInt(1e9)}` : `ltilaunch${cmid}_${randomInt(1e9)}`;
      moodleHints.set(launchKey, id);
      messageHint = JSON.stringify(isDeepLinking ? { launchid: launchKey } : { cmid, launchid: launchKey });
    }
    const params = new URLSearchParams({
      iss: platform.issuer,
      login_hint: launch.spec.user.sub,
      target_link_uri: tool.redirectUris[0] ?? '',
      lti_message_hint: messageHint,
      client_id: tool.clientId,
      lti_deployment_id: launch.deploymentId ?? tool.deploymentId,
    });
    const storageTarget = launch.spec.storageTarget ?? (options.platformStorage ? 'post_message_forwarding' : undefined);
    if (storageTarget) params.set('lti_storage_target', storageTarget);
    return `${tool.loginUrl}?${params}`;
  };

  const platform: TestPlatform = {
    kind: options.kind,
    url,
    issuer: options.kind === 'canvas' ? 'https://canvas.instructure.com' : url,
    keys,
    authUrl: `${url}/api/lti/authorize_redirect`,
    tokenUrl: `${url}/login/oauth2/token`,
    jwksUrl: `${url}/api/lti/security/jwks`,
    tool: undefined,
    services: undefined as unknown as ServiceState,
    storageFrameDelayMs: 0,
    registerTool(tool) {
      platform.tool = { clientId: tool.clientId ?? `1000000000${Math.floor(Math.random() * 1e5)}`, deploymentId: tool.deploymentId ?? `dep-${randomUUID().slice(0, 6)}`, ...tool } as ToolRegistration;
      return platform.tool;
    },
    prepareLaunch(spec, launchOptions = {}) {
      requireTool(platform);
      const id = randomUUID();
      pending.set(id, { id, spec, signing: 'valid', ...launchOptions });
      moodleLaunchCount += 1;
      moodleCmids.set(id, moodleLaunchCount);
      return { launchId: id, loginUrl: loginUrlFor(id) };
    },
    coursePageUrl: (launchId) => `${platform.url}/courses/frame/${launchId}`,
    moveTo(newHost) {
      const moved = `http://${newHost}:${(server.address() as AddressInfo).port}`;
      Object.assign(platform, {
        url: moved, issuer: platform.kind === 'canvas' ? platform.issuer : moved,
        authUrl: `${moved}/api/lti/authorize_redirect`, tokenUrl: `${moved}/login/oauth2/token`, jwksUrl: `${moved}/api/lti/security/jwks`,
      });
    },
    messageHintLog: [],
    app,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };

  app.get('/api/lti/security/jwks', (_req, res) => { res.json({ keys: [keys.publicJwk] }); });

  // OIDC authorization endpoint: validates the tool's auth request, then form-posts the id_token back.
  app.all('/api/lti/authorize_redirect', async (req, res) => {
    const params = { ...(req.query as Record<string, string>), ...(req.body as Record<string, string> | undefined) };
    const tool = requireTool(platform);
    let launch: PendingLaunch | undefined;
    if (platform.kind === 'moodle') {
      const launchKey = moodleLaunchKey(params.lti_message_hint);
      const launchId = launchKey ? moodleHints.get(launchKey) : undefined;
      if (launchKey) moodleHints.delete(launchKey);
      if (!launchId) {
        if (launchKey) platform.messageHintLog.push({ launchId: launchKey, outcome: 'refused' });
        res.status(400).type('text/plain').send('invalidrequest: Invalid request (no launch data in this session for that lti_message_hint)');
        return;
      }
      platform.messageHintLog.push({ launchId: launchKey ?? '', outcome: 'used' });
      launch = pending.get(launchId);
    } else {
      launch = pending.get(params.lti_message_hint ?? '');
    }
    const problems = [
      params.scope !== 'openid' && 'scope must be openid',
      params.response_type !== 'id_token' && 'response_type must be id_token',
      params.response_mode !== 'form_post' && 'response_mode must be form_post',
      params.prompt !== 'none' && 'prompt must be none',
      params.client_id !== tool.clientId && 'unknown client_id',
      !tool.redirectUris.includes(params.redirect_uri ?? '') && 'redirect_uri not registered',
      !params.nonce && 'nonce missing',
      !params.state && 'state missing',
      (!launch || launch.spec.user.sub !== params.login_hint) && 'login_hint does not match the launch',
    ].filter(Boolean);
    if (problems.length > 0 || !launch) {
      res.status(400).type('text/plain').send(`invalid_request: ${problems.join('; ')}`);
      return;
    }
    const claims = buildLaunchClaims({
      kind: platform.kind, issuer: platform.issuer, platformUrl: platform.url, clientId: tool.clientId,
      deploymentId: launch.deploymentId ?? tool.deploymentId, targetLinkUri: params.redirect_uri ?? '',
      nonce: launch.nonceOverride ?? params.nonce ?? '', spec: launch.spec,
    });
    const idToken = await signPlatformJwt(keys, claims, launch.signing);
    res.type('html').send(autoPostForm(params.redirect_uri ?? '', { id_token: idToken, state: launch.stateOverride ?? params.state ?? '' }));
  });

  // A course page framing the tool from another site, with the LTI postMessage storage the spec describes.
  app.get('/courses/frame/:launchId', (req, res) => {
    if (!pending.has(req.params.launchId)) { res.status(404).send('no such launch'); return; }
    const loginUrl = loginUrlFor(req.params.launchId);
    res.type('html').send(coursePage(loginUrl, new URL(requireTool(platform).loginUrl).origin));
  });
  // Canvas's storage frame: a hidden platform page beside the tool's frame, answering lti.put_data/get_data.
  app.get('/post_message_forwarding', async (_req, res) => {
    if (platform.storageFrameDelayMs > 0) await new Promise((resolve) => { setTimeout(resolve, platform.storageFrameDelayMs); });
    res.type('html').send(`<!doctype html><script>${storageScript(new URL(requireTool(platform).loginUrl).origin)}</script>`);
  });

  platform.services = mountServices(app, platform);
  return platform;
}

/** The launch id in a Moodle-shaped lti_message_hint (`{"cmid":…,"launchid":"…"}`), if it is one. */
function moodleLaunchKey(hint: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(hint ?? '') as { launchid?: unknown };
    return typeof parsed.launchid === 'string' ? parsed.launchid : undefined;
  } catch {
    return undefined;
  }
}

export function requireTool(platform: TestPlatform): ToolRegistration {
  if (!platform.tool) throw new Error('Register the tool with the test platform first');
  return platform.tool;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page a platform returns to move the browser to the tool with a POST. */
export function autoPostForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('');
  return `<!doctype html><html><body><form id="f" method="post" action="${escapeHtml(action)}">${inputs}</form>
<script>document.getElementById('f').submit()</script></body></html>`;
}

/** LTI client-side postMessage storage (lti.capabilities, lti.put_data, lti.get_data), kept per tool origin. */
function storageScript(toolOrigin: string): string {
  return `
  const store = new Map();
  const toolOrigin = ${JSON.stringify(toolOrigin)};
  const log = window.top.ltiStorageLog || (window.top.ltiStorageLog = []);
  window.addEventListener('message', (event) => {
    const m = event.data || {};
    if (event.origin !== toolOrigin || typeof m.subject !== 'string' || !m.subject.startsWith('lti.')) return;
    if (!['lti.capabilities', 'lti.put_data', 'lti.get_data'].includes(m.subject)) return;
    log.push(m.subject);
    const key = event.origin + '|' + m.key;
    if (m.subject === 'lti.capabilities') {
      event.source.postMessage({ subject: 'lti.capabilities.response', message_id: m.message_id,
        supported_messages: [{ subject: 'lti.put_data' }, { subject: 'lti.get_data' }] }, event.origin);
    } else if (m.subject === 'lti.put_data') {
      store.set(key, m.value);
      event.source.postMessage({ subject: 'lti.put_data.response', message_id: m.message_id, key: m.key, value: m.value }, event.origin);
    } else {
      event.source.postMessage({ subject: 'lti.get_data.response', message_id: m.message_id, key: m.key, value: store.get(key) }, event.origin);
    }
  });`;
}

function coursePage(loginUrl: string, toolOrigin: string): string {
  return `<!doctype html><html><head><title>Test LMS course</title></head><body>
<h1>Test LMS course</h1>
<iframe id="tool" name="tool" src="${escapeHtml(loginUrl)}" width="900" height="600" allow="clipboard-write"></iframe>
<iframe name="post_message_forwarding" src="/post_message_forwarding" hidden></iframe>
<script>
  window.ltiStorageLog = window.ltiStorageLog || [];
  window.frameResizeLog = [];
  // Storage answered by this page too, for tools told lti_storage_target=_parent.
  ${storageScript(toolOrigin)}
  // lti.frameResize (Canvas, Moodle): the tool asks for a taller frame as its content grows.
  window.addEventListener('message', (event) => {
    const m = event.data || {};
    if (event.origin !== ${JSON.stringify(toolOrigin)} || m.subject !== 'lti.frameResize') return;
    const height = Number(m.height);
    if (!Number.isFinite(height) || height <= 0) return;
    window.frameResizeLog.push(height);
    document.getElementById('tool').style.height = Math.min(height, 5000) + 'px';
  });
</script></body></html>`;
}
