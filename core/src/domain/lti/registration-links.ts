import type { Db } from '../../db/db-types.js';
import {
  claimRegistrationLinkRow, insertRegistrationLink, listRegistrationLinks, noteRegistrationLinkResult, revokeRegistrationLinkRow,
  type RegistrationLink,
} from './lti-registration-links.repository.js';
import { AppError } from '../../errors/app-error.js';
import { type Actor, assertRole } from '../identity/actor.js';
import { audit } from '../identity/audit.js';

/** How long a dynamic-registration link works: long enough to paste it into the LMS, short enough not to leak usefully. */
export const REGISTRATION_LINK_TTL_SECONDS = 2 * 3600;

/** A link's state as the console shows it. */
export const registrationLinkStatus = (link: RegistrationLink, now = new Date()): 'active' | 'used' | 'revoked' | 'expired' =>
  link.revokedAt ? 'revoked' : link.usedAt ? 'used' : link.expiresAt <= now ? 'expired' : 'active';

/**
 * Creates a single-use dynamic-registration link row for the actor's tenant (admins); the caller signs its id.
 *
 * @example
 * const link = await createRegistrationLink(db, actor); const tg = await sign('dynamic-registration', { tenantId, linkId: link.id }, ttl);
 */
export async function createRegistrationLink(db: Db, actor: Actor): Promise<RegistrationLink> {
  assertRole(actor, 'admin');
  const link = await insertRegistrationLink(db, actor.tenantId, actor.userId, new Date(Date.now() + REGISTRATION_LINK_TTL_SECONDS * 1000));
  await audit(db, actor, 'lti_registration_link.created', 'lti_registration_link', link.id, { expires_at: link.expiresAt.toISOString() });
  return link;
}

/** The tenant's registration links, newest first (admins). */
export async function listTenantRegistrationLinks(db: Db, actor: Actor): Promise<RegistrationLink[]> {
  assertRole(actor, 'admin');
  return listRegistrationLinks(db, actor.tenantId);
}

/** Revokes a link so it no longer registers anything (admins; audited). NOT_FOUND for other tenants' ids. */
export async function revokeRegistrationLink(db: Db, actor: Actor, id: string): Promise<void> {
  assertRole(actor, 'admin');
  if (!(await revokeRegistrationLinkRow(db, actor.tenantId, id))) {
    throw new AppError('NOT_FOUND', 'Registration link not found', { link_id: id });
  }
  await audit(db, actor, 'lti_registration_link.revoked', 'lti_registration_link', id);
}

/** Uses up a link for one registration attempt; false when it was used, revoked, expired or never existed. */
export const claimRegistrationLink = (db: Db, tenantId: string, id: string): Promise<boolean> => claimRegistrationLinkRow(db, tenantId, id);

/** Records the registration a link produced (shown in the console list). */
export const recordRegistrationLinkResult = (db: Db, id: string, registrationId: string): Promise<void> => noteRegistrationLinkResult(db, id, registrationId);
