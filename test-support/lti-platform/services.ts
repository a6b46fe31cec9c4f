import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { LTI, type PlatformUser } from './claims.js';
import { requireTool, type TestPlatform } from './platform.js';

export interface LineItem { id: string; label: string; scoreMaximum: number; resourceLinkId?: string; resourceId?: string; tag?: string }
export interface RecordedScore { lineItemId: string; body: Record<string, unknown> }
export interface RosterMember { user: PlatformUser; status?: 'Active' | 'Inactive' }

/** What the platform's services saw and how they are told to misbehave; tests read and set it. */
export interface ServiceState {
  tokenRequests: { scope: string; assertion: JWTPayload }[];
  /** `expires_in` of the access tokens the token endpoint issues; a service refuses a token after it. @defaultValue 3600 */
  tokenLifetimeSeconds: number;
  /** Service calls refused with 401 because their access token was unknown or expired. */
  refusedTokens: number;
  lineItems: Map<string, LineItem[]>;
  lineItemPosts: number;
  scores: RecordedScore[];
  /** Statuses the score endpoint answers with before it accepts again (e.g. [500, 429]). */
  scoreFailures: number[];
  rosters: Map<string, { members: RosterMember[]; pageSize: number }>;
  nrpsRequests: number;
  deepLinkReturns: { payload: JWTPayload | undefined; error: string | undefined }[];
  dynamicRegistrations: Record<string, unknown>[];
  registrationToken: string;
  /**
   * How the registration endpoint answers a tool that registers again: 'new' gives a new client id (a
   * second tool), 'update' keeps the client id and deployment (Moodle's "Update" choice). @defaultValue 'new'
   */
  registrationMode: 'new' | 'update';
  /** `User-Agent` of every call to the token, AGS, NRPS, configuration and registration endpoints, with its path. */
  userAgents: { path: string; userAgent: string | undefined }[];
}

/** Mounts the token endpoint, AGS, NRPS, deep-linking return and dynamic registration on the platform app. */
export function mountServices(app: Express, platform: TestPlatform): ServiceState {
  const state: ServiceState = {
    tokenRequests: [], tokenLifetimeSeconds: 3600, refusedTokens: 0, lineItems: new Map(), lineItemPosts: 0, scores: [], scoreFailures: [], rosters: new Map(),
    nrpsRequests: 0, deepLinkReturns: [], dynamicRegistrations: [], registrationToken: `reg-${randomUUID()}`,
    registrationMode: 'new', userAgents: [],
  };
  // Service calls only (not the browser's pages): what an LMS admin would see in the access log.
  app.use(['/login/oauth2/token', '/api/lti/courses', '/.well-known/openid-configuration', '/lti/registrations'], (req, _res, next) => {
    state.userAgents.push({ path: req.originalUrl.split('?')[0] ?? '', userAgent: req.get('user-agent') });
    next();
  });
  const issued = new Map<string, { scope: string; expiresAt: number }>();
  const seenJti = new Set<string>();
  const toolKeys = () => createRemoteJWKSet(new URL(requireTool(platform).jwksUrl));

  // OAuth2 client credentials with a private_key_jwt client assertion (RFC 7523), as LTI Advantage requires.
  app.post('/login/oauth2/token', async (req, res) => {
    const body = req.body as Record<string, string>;
    const tool = requireTool(platform);
    if (body.grant_type !== 'client_credentials' || body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      res.status(400).json({ error: 'unsupported_grant_type' }); return;
    }
    try {
      const { payload } = await jwtVerify(body.client_assertion ?? '', toolKeys(), {
        issuer: tool.clientId, subject: tool.clientId, audience: platform.tokenUrl, algorithms: ['RS256'],
      });
      if (!payload.jti || seenJti.has(payload.jti)) throw new Error('jti missing or replayed');
      seenJti.add(payload.jti);
      state.tokenRequests.push({ scope: body.scope ?? '', assertion: payload });
      const token = `at-${randomUUID()}`;
      issued.set(token, { scope: body.scope ?? '', expiresAt: Date.now() + state.tokenLifetimeSeconds * 1000 });
      res.json({ access_token: token, token_type: 'Bearer', expires_in: state.tokenLifetimeSeconds, scope: body.scope ?? '' });
    } catch (error) {
      res.status(401).json({ error: 'invalid_client', error_description: String(error) });
    }
  });

  const authorized = (req: Request, res: Response, scope: string): boolean => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const grant = token ? issued.get(token) : undefined;
    if (!grant || grant.expiresAt <= Date.now() || !grant.scope.split(' ').includes(scope)) {
      state.refusedTokens += 1;
      res.status(401).json({ error: 'invalid_token' });
      return false;
    }
    return true;
  };
  const lineItemScope = 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem';
  const contextBase = (contextId: string) => `${platform.url}/api/lti/courses/${encodeURIComponent(contextId)}`;

  app.get('/api/lti/courses/:contextId/line_items', (req, res) => {
    if (!authorized(req, res, lineItemScope)) return;
    const items = state.lineItems.get(req.params.contextId) ?? [];
    const { resource_link_id: linkId, tag } = req.query as Record<string, string | undefined>;
    res.type('application/vnd.ims.lis.v2.lineitemcontainer+json')
      .send(JSON.stringify(items.filter((i) => (!linkId || i.resourceLinkId === linkId) && (!tag || i.tag === tag))));
  });
  app.post('/api/lti/courses/:contextId/line_items', (req, res) => {
    if (!authorized(req, res, lineItemScope)) return;
    const body = req.body as Partial<LineItem>;
    if (typeof body.scoreMaximum !== 'number' || !body.label) { res.status(400).json({ error: 'label and scoreMaximum required' }); return; }
    const items = state.lineItems.get(req.params.contextId) ?? [];
    const item: LineItem = { ...body, id: `${contextBase(req.params.contextId)}/line_items/${items.length + 1}` } as LineItem;
    items.push(item);
    state.lineItems.set(req.params.contextId, items);
    state.lineItemPosts += 1;
    res.status(201).type('application/vnd.ims.lis.v2.lineitem+json').send(JSON.stringify(item));
  });
  app.post('/api/lti/courses/:contextId/line_items/:itemId/scores', (req, res) => {
    if (!authorized(req, res, 'https://purl.imsglobal.org/spec/lti-ags/scope/score')) return;
    const failure = state.scoreFailures.shift();
    if (failure) {
      if (failure === 429) res.set('Retry-After', '1');
      res.status(failure).json({ error: `injected ${failure}` }); return;
    }
    const lineItemId = `${contextBase(req.params.contextId)}/line_items/${req.params.itemId}`;
    if (!(state.lineItems.get(req.params.contextId) ?? []).some((i) => i.id === lineItemId)) { res.status(404).json({ error: 'no such line item' }); return; }
    state.scores.push({ lineItemId, body: req.body as Record<string, unknown> });
    res.status(204).end();
  });

  // NRPS 2.0 with `Link: <…>; rel="next"` pagination.
  app.get('/api/lti/courses/:contextId/names_and_roles', (req, res) => {
    if (!authorized(req, res, 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly')) return;
    state.nrpsRequests += 1;
    const roster = state.rosters.get(req.params.contextId) ?? { members: [], pageSize: 50 };
    const page = Number(req.query.page ?? 1);
    const slice = roster.members.slice((page - 1) * roster.pageSize, page * roster.pageSize);
    if (page * roster.pageSize < roster.members.length) {
      res.set('Link', `<${contextBase(req.params.contextId)}/names_and_roles?page=${page + 1}>; rel="next"`);
    }
    res.type('application/vnd.ims.lti-nrps.v2.membershipcontainer+json').send(JSON.stringify({
      id: `${contextBase(req.params.contextId)}/names_and_roles`,
      context: { id: req.params.contextId },
      members: slice.map(({ user, status }) => ({
        user_id: user.sub, name: user.name, email: user.email, roles: user.roles, status: status ?? 'Active',
      })),
    }));
  });

  // Deep-linking return: verifies the tool's signed LtiDeepLinkingResponse.
  app.post('/deep_linking/return', async (req, res) => {
    const tool = requireTool(platform);
    try {
      const { payload } = await jwtVerify((req.body as Record<string, string>).JWT ?? '', toolKeys(), {
        issuer: tool.clientId, audience: platform.issuer, algorithms: ['RS256'],
      });
      if (payload[LTI.messageType] !== 'LtiDeepLinkingResponse') throw new Error('wrong message_type');
      if (payload[LTI.version] !== '1.3.0') throw new Error('wrong version');
      if (payload[LTI.deploymentId] !== tool.deploymentId) throw new Error('wrong deployment_id');
      if (!payload.nonce) throw new Error('nonce missing');
      state.deepLinkReturns.push({ payload, error: undefined });
      res.type('html').send('<!doctype html><p id="done">Content placed.</p>');
    } catch (error) {
      state.deepLinkReturns.push({ payload: undefined, error: String(error) });
      res.status(400).type('text/plain').send(`invalid deep linking response: ${String(error)}`);
    }
  });

  // LTI Dynamic Registration: the platform's OpenID configuration and registration endpoint.
  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer: platform.issuer,
      authorization_endpoint: platform.authUrl,
      token_endpoint: platform.tokenUrl,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      jwks_uri: platform.jwksUrl,
      registration_endpoint: `${platform.url}/lti/registrations`,
      scopes_supported: ['openid', 'https://purl.imsglobal.org/spec/lti-ags/scope/score', 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public', 'pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['iss', 'sub', 'name', 'email'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': {
        product_family_code: platform.kind, version: '1.0',
        messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      },
    });
  });
  app.post('/lti/registrations', (req, res) => {
    if (req.get('authorization') !== `Bearer ${state.registrationToken}`) { res.status(401).json({ error: 'invalid registration token' }); return; }
    const body = req.body as Record<string, unknown>;
    const toolConfig = body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as Record<string, unknown> | undefined;
    const redirectUris = body.redirect_uris as string[] | undefined;
    if (!body.initiate_login_uri || !body.jwks_uri || !redirectUris?.length || !toolConfig) {
      res.status(400).json({ error: 'invalid_client_metadata' }); return;
    }
    state.dynamicRegistrations.push(body);
    const previous = state.registrationMode === 'update' ? platform.tool : undefined;
    const tool = platform.registerTool({
      loginUrl: String(body.initiate_login_uri), redirectUris, jwksUrl: String(body.jwks_uri),
      ...(previous ? { clientId: previous.clientId, deploymentId: previous.deploymentId } : {}),
    });
    res.json({ ...body, client_id: tool.clientId, 'https://purl.imsglobal.org/spec/lti-tool-configuration': { ...toolConfig, deployment_id: tool.deploymentId } });
  });
  return state;
}
