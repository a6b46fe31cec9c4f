import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  AppError, claimRegistrationLink, outboundFetch, recordRegistrationLinkResult, saveDynamicRegistration, toolUserAgent, type OutboundPolicy,
} from '@tutorgraph/core';
import { TOOL_SCOPES } from './canvas-config.js';
import { errorPage, escapeHtml, layout, sendPage } from './lti-pages.js';
import type { LtiRuntime } from './lti-runtime.js';

/** Purpose of the signed link a tenant admin pastes into the LMS ("tool URL" for dynamic registration). */
export const DYNAMIC_REGISTRATION_PURPOSE = 'dynamic-registration';

const OpenIdConfiguration = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
  registration_endpoint: z.url(),
  'https://purl.imsglobal.org/spec/lti-platform-configuration': z.object({ product_family_code: z.string().optional() }).optional(),
});
const RegistrationResponse = z.object({
  client_id: z.string().min(1),
  'https://purl.imsglobal.org/spec/lti-tool-configuration': z.object({ deployment_id: z.string().optional() }).optional(),
});

/** A failure the LMS admin may read: it names what went wrong, never what the remote server wrote back. */
class RegistrationStepError extends Error {
  constructor(message: string, readonly remoteBody?: string) { super(message); this.name = 'RegistrationStepError'; }
}

// Every fetch goes through the outbound policy (https, public addresses, redirects re-checked, size cap).
async function fetchJson(policy: OutboundPolicy, step: string, url: string, init?: { method: string; headers: Record<string, string>; body: string }): Promise<unknown> {
  const response = await outboundFetch(policy, url, { ...init, headers: { 'user-agent': toolUserAgent(), ...init?.headers } });
  if (!response.ok) throw new RegistrationStepError(`the ${step} answered ${response.status}`, response.text.slice(0, 2000));
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw new RegistrationStepError(`the ${step} did not answer with JSON`, response.text.slice(0, 2000));
  }
}

/** What the admin sees: our own words for policy refusals and LMS status codes; a generic line otherwise. */
const publicReason = (error: unknown) => {
  if (error instanceof RegistrationStepError || (error instanceof Error && error.name === 'OutboundRequestError')) return error.message;
  if (error instanceof z.ZodError) return 'the LMS configuration is missing required fields';
  if (error instanceof AppError && error.code === 'CONFLICT') return error.message;
  return 'see the tool server log for details';
};

/** The client metadata we send (IMS LTI Dynamic Registration, OpenID Connect Dynamic Client Registration). */
export function toolRegistrationRequest(publicUrl: string): Record<string, unknown> {
  const launch = `${publicUrl}/lti/launch`;
  return {
    application_type: 'web',
    response_types: ['id_token'],
    grant_types: ['implicit', 'client_credentials'],
    initiate_login_uri: `${publicUrl}/lti/login`,
    redirect_uris: [launch],
    client_name: 'TutorGraph',
    jwks_uri: `${publicUrl}/lti/keys`,
    token_endpoint_auth_method: 'private_key_jwt',
    scope: TOOL_SCOPES.join(' '),
    'https://purl.imsglobal.org/spec/lti-tool-configuration': {
      domain: new URL(publicUrl).host,
      target_link_uri: launch,
      claims: ['iss', 'sub', 'name', 'email'],
      messages: [
        { type: 'LtiResourceLinkRequest', target_link_uri: launch, label: 'TutorGraph' },
        { type: 'LtiDeepLinkingRequest', target_link_uri: launch, label: 'Add TutorGraph content', placements: ['ContentArea', 'RichTextEditor'] },
      ],
    },
  };
}

/**
 * Dynamic registration (`GET /lti/register?openid_configuration=…&registration_token=…&tg=…`): the LMS
 * opens this from the signed link a tenant admin created; we read the platform's configuration, register,
 * and store the registration for that tenant — including the platform's deployment_id, which ltijs drops.
 *
 * @example
 * router.get('/register', (req, res) => handleDynamicRegistration(runtime, req, res));
 */
export async function handleDynamicRegistration(runtime: LtiRuntime, req: Request, res: Response): Promise<void> {
  const frame = runtime.deps.config.frameAncestors;
  const fail = (status: number, message: string, advice: string) => sendPage(res, status, frame, () => errorPage(
    'REGISTRATION_FAILED', message, String(res.locals.requestId ?? ''), { title: 'TutorGraph could not be registered', advice },
  ));
  const newLink = 'In TutorGraph, open Admin → LTI and press "Create registration link", then paste the new link into the LMS as the tool URL and register again.';
  let tenantId: string;
  let linkId: string;
  try {
    const payload = await runtime.verify(DYNAMIC_REGISTRATION_PURPOSE, String(req.query.tg ?? ''));
    tenantId = String(payload.tenantId);
    linkId = String(payload.linkId);
    if (!/^[0-9a-f-]{36}$/i.test(linkId) || !(await claimRegistrationLink(runtime.deps.db, tenantId, linkId))) throw new Error('link not usable');
  } catch {
    fail(401, 'This registration link is invalid, expired, revoked or already used (each link registers once, within 2 hours).', newLink);
    return;
  }
  const policy = runtime.deps.config.outbound;
  const configurationUrl = typeof req.query.openid_configuration === 'string' ? req.query.openid_configuration : '';
  const registrationToken = typeof req.query.registration_token === 'string' ? req.query.registration_token : undefined;
  try {
    const configuration = OpenIdConfiguration.parse(await fetchJson(policy, 'OpenID configuration', configurationUrl));
    // The spec requires the configuration to live under the issuer; hosted Canvas's fixed issuer is the exception.
    if (configuration.issuer !== 'https://canvas.instructure.com' && !configurationUrl.startsWith(configuration.issuer)) {
      throw new Error('the OpenID configuration is not served from under the issuer');
    }
    const registered = RegistrationResponse.parse(await fetchJson(policy, 'registration endpoint', configuration.registration_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}) },
      body: JSON.stringify(toolRegistrationRequest(runtime.publicUrl())),
    }));
    const family = configuration['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code;
    const deploymentId = registered['https://purl.imsglobal.org/spec/lti-tool-configuration']?.deployment_id;
    const { registration, isUpdate } = await saveDynamicRegistration(runtime.deps.db, tenantId, {
      name: `${family ?? 'LMS'} (${new URL(configuration.authorization_endpoint).host})`,
      kind: family === 'canvas' || family === 'moodle' ? family : 'other',
      issuer: configuration.issuer, clientId: registered.client_id,
      authLoginUrl: configuration.authorization_endpoint, authTokenUrl: configuration.token_endpoint, keysetUrl: configuration.jwks_uri,
      deploymentIds: deploymentId ? [deploymentId] : [],
    });
    await recordRegistrationLinkResult(runtime.deps.db, linkId, registration.id);
    runtime.deps.logger.info({ tenantId, registrationId: registration.id, issuer: registration.issuer, isUpdate }, 'lti dynamic registration completed');
    sendPage(res, 200, frame, (nonce) => layout('TutorGraph registered', `<h1>TutorGraph is registered</h1>
<p id="tg-registered">${isUpdate ? 'The existing registration was updated: client id' : 'Registered with client id'} <code>${escapeHtml(registration.clientId)}</code>${deploymentId ? ` and deployment <code>${escapeHtml(deploymentId)}</code>` : ''}.</p>
<script nonce="${nonce}">(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');</script>`));
  } catch (error) {
    // The remote reply goes to the log only: echoing it would turn this page into a window on internal services.
    runtime.deps.logger.warn({ err: error, tenantId, linkId, remoteBody: error instanceof RegistrationStepError ? error.remoteBody : undefined }, 'lti dynamic registration failed');
    fail(400, `Registration with the LMS failed: ${publicReason(error)}.`, `Nothing was registered and this link is now used up. If the LMS is on a private network, the TutorGraph operator must allow its host (OUTBOUND_ALLOW_HOSTS). ${newLink}`);
  }
}
