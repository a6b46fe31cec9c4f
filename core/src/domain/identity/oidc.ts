import { type Db, withTransaction } from '../../db/db-types.js';
import { findSso } from './sso.repository.js';
import { findMembership, findTenant, upsertMembership, upsertUserByEmail } from './identity.repository.js';
import { findInviteByTokenHash } from './invites.repository.js';
import {
  findOidcConnection, findOidcConnectionByDomain, findOidcConnectionBySlug, findUserIdentity, insertOidcLogin, linkUserIdentity, takeOidcLogin,
} from './oidc.repository.js';
import type { Role } from '../../db/schema.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { audit } from './audit.js';
import { acceptInvite, hashInviteToken } from './invites.js';
import { authorizationRequest, completeAuthorization, type OidcClientSettings } from './oidc-client.js';
import { openSecret, sealSecret } from './sealed.js';

/** @defaultValue 10 minutes to finish signing in at the identity provider. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;

/** What sign-in needs from configuration: the key that seals secrets and where the provider sends the browser back. */
export interface OidcSignInOptions { sealKey: string; redirectUri: string }

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * Where an email address signs in: the tenant whose enabled OIDC provider owns the address's domain, or
 * null (the login page then says no sign-in is set up for that domain).
 *
 * @example
 * await findSignInRoute(db, 'sam@school.edu') // { tenantId, tenantName } | null
 */
export async function findSignInRoute(db: Db, email: string): Promise<{ tenantId: string; tenantName: string } | null> {
  const row = await findOidcConnectionByDomain(db, domainOf(email));
  return row ? { tenantId: row.tenant_id, tenantName: row.tenant_name } : null;
}

async function clientSettings(db: Db, tenantId: string, sealKey: string): Promise<OidcClientSettings> {
  const connection = await findOidcConnection(db, tenantId);
  if (!connection || connection.type !== 'oidc' || !connection.enabled || !connection.issuer || !connection.client_id) {
    throw new AppError('NOT_FOUND', 'This organisation has no OpenID Connect sign-in enabled');
  }
  if (!connection.client_secret_sealed) throw new AppError('CONFLICT', 'The sign-in provider has no client secret yet; an administrator must add it in the SSO settings');
  return { issuer: connection.issuer, clientId: connection.client_id, clientSecret: openSecret(connection.client_secret_sealed, sealKey) };
}

/**
 * Starts a sign-in: by email (routed by domain), for an invite (the invite's organisation) or at a named
 * organisation (its slug: the login page's "Sign in with …" button). Returns the provider's authorization
 * URL and the `state` the shell binds to the browser (a cookie).
 */
export async function startOidcSignIn(db: Db, options: OidcSignInOptions, input: { email?: string | undefined; inviteToken?: string | undefined; tenantSlug?: string | undefined }) {
  let tenantId: string | undefined;
  let loginHint = input.email;
  if (input.inviteToken) {
    const invite = await findInviteByTokenHash(db, hashInviteToken(input.inviteToken));
    if (!invite || invite.status !== 'pending') throw new AppError('INVITE_INVALID', 'This invite link is not valid. Ask for a new one.');
    tenantId = invite.tenant_id;
    loginHint = invite.email;
  } else if (input.email) {
    tenantId = (await findSignInRoute(db, input.email))?.tenantId;
    if (!tenantId) throw new AppError('NOT_FOUND', `No sign-in is set up for ${domainOf(input.email)}. Ask your administrator, or open TutorGraph from your LMS.`);
  } else if (input.tenantSlug) {
    tenantId = (await findOidcConnectionBySlug(db, input.tenantSlug))?.tenant_id;
    if (!tenantId) throw new AppError('NOT_FOUND', 'This organisation has no OpenID Connect sign-in enabled');
  }
  if (!tenantId) throw new AppError('INVALID_ARGUMENT', 'An email address, an invite or an organisation is needed to sign in');
  const settings = await clientSettings(db, tenantId, options.sealKey);
  const request = await authorizationRequest(settings, options.redirectUri, loginHint);
  await insertOidcLogin(db, {
    state: request.state, tenantId, codeVerifier: request.codeVerifier, nonce: request.nonce,
    inviteTokenSealed: input.inviteToken ? sealSecret(input.inviteToken, options.sealKey) : null,
    expiresAt: new Date(Date.now() + OIDC_LOGIN_TTL_MS),
  });
  const tenant = await findTenant(db, tenantId);
  return { authorizationUrl: request.url, state: request.state, tenantId, tenantName: tenant?.name ?? '', tenantSlug: tenant?.slug ?? '' };
}

/**
 * Finishes a sign-in from the provider's callback: checks state, code, PKCE and ID token; finds the user
 * by (issuer, subject) or links/creates one by verified email — only addresses in the organisation's own
 * domains, so one tenant's provider cannot vouch for another's people; accepts the invite the sign-in
 * started from; a first sign-in without an invite joins the organisation as a learner.
 */
export async function finishOidcSignIn(db: Db, options: OidcSignInOptions, input: { state: string; callbackUrl: string; requestId: string | null }) {
  const login = await takeOidcLogin(db, input.state);
  if (!login) throw new AppError('UNAUTHENTICATED', 'This sign-in attempt expired or was already used. Start again.');
  const settings = await clientSettings(db, login.tenant_id, options.sealKey);
  const identity = await completeAuthorization(settings, input.callbackUrl, { state: login.state, nonce: login.nonce, codeVerifier: login.code_verifier });
  if (!identity.email) throw new AppError('FORBIDDEN', 'The identity provider did not share an email address');
  if (identity.emailVerified === false) throw new AppError('FORBIDDEN', `The identity provider has not verified ${identity.email}`);
  const { domains } = await findSso(db, login.tenant_id);
  if (!domains.includes(domainOf(identity.email))) {
    throw new AppError('FORBIDDEN', `This organisation's sign-in only accepts addresses at ${domains.join(', ')}`);
  }
  return withTransaction(db, async (trx) => {
    const linked = await findUserIdentity(trx, identity.issuer, identity.subject);
    const userId = linked?.user_id ?? (await upsertUserByEmail(trx, identity.email as string, identity.name ?? (identity.email as string).split('@')[0] ?? '')).id;
    await linkUserIdentity(trx, { issuer: identity.issuer, subject: identity.subject, userId, tenantId: login.tenant_id });
    const actor = { tenantId: login.tenant_id, userId, requestId: input.requestId };
    let courseId: string | null = null;
    if (login.invite_token_sealed) {
      try {
        courseId = (await acceptInvite(trx, { userId, requestId: input.requestId }, openSecret(login.invite_token_sealed, options.sealKey))).courseId;
      } catch (error) {
        if (!(isAppError(error) && error.code === 'INVITE_ALREADY_MEMBER')) throw error;
      }
    }
    let membership = await findMembership(trx, login.tenant_id, userId);
    if (!membership) {
      await upsertMembership(trx, login.tenant_id, userId, 'learner');
      await audit(trx, actor, 'member.joined_via_sso', 'user', userId, { email: identity.email });
      membership = await findMembership(trx, login.tenant_id, userId);
    }
    await audit(trx, actor, 'user.signed_in', 'user', userId, { via: 'oidc', issuer: identity.issuer });
    const tenant = await findTenant(trx, login.tenant_id);
    return { userId, tenantId: login.tenant_id, tenantName: tenant?.name ?? '', role: (membership?.role ?? 'learner') as Role, courseId };
  });
}
