import type { Db } from '../../db/db-types.js';
import { withTransaction } from '../../db/db-types.js';
import {
  createLtiRegistration, deleteLtiRegistration, getLtiRegistration, listLtiRegistrations, updateLtiRegistration, type RegistrationFields,
} from './lti-registrations.repository.js';
import { AppError } from '../../errors/app-error.js';
import { type Actor, assertRole } from '../identity/actor.js';
import { audit } from '../identity/audit.js';
import type { LtiRegistration } from './launch-store.port.js';

const notFound = (id: string) => new AppError('NOT_FOUND', 'LTI registration not found', { registration_id: id });

/**
 * Registers an LMS (issuer + client id + deployments) for the actor's tenant. Admins only; audited.
 *
 * @example
 * const reg = await registerLtiPlatform(db, actor, { name: 'Canvas', kind: 'canvas', issuer, clientId, … });
 */
export async function registerLtiPlatform(db: Db, actor: Actor, fields: RegistrationFields): Promise<LtiRegistration> {
  assertRole(actor, 'admin');
  return withTransaction(db, async (trx) => {
    const registration = await createLtiRegistration(trx, actor.tenantId, fields);
    await audit(trx, actor, 'lti_registration.created', 'lti_registration', registration.id, { issuer: fields.issuer, client_id: fields.clientId, kind: fields.kind });
    return registration;
  });
}

/** The tenant's LMS registrations (admins only). */
export async function listLtiPlatforms(db: Db, actor: Actor): Promise<LtiRegistration[]> {
  assertRole(actor, 'admin');
  return listLtiRegistrations(db, actor.tenantId);
}

/** One registration of the tenant (admins only); NOT_FOUND for other tenants' ids. */
export async function getLtiPlatform(db: Db, actor: Actor, id: string): Promise<LtiRegistration> {
  assertRole(actor, 'admin');
  const registration = await getLtiRegistration(db, actor.tenantId, id);
  if (!registration) throw notFound(id);
  return registration;
}

/** Changes a registration; a given `deploymentIds` replaces the list. Audited. */
export async function updateLtiPlatform(db: Db, actor: Actor, id: string, fields: Partial<RegistrationFields>): Promise<LtiRegistration> {
  assertRole(actor, 'admin');
  return withTransaction(db, async (trx) => {
    const registration = await updateLtiRegistration(trx, actor.tenantId, id, fields);
    if (!registration) throw notFound(id);
    await audit(trx, actor, 'lti_registration.updated', 'lti_registration', id, { fields: Object.keys(fields) });
    return registration;
  });
}

/** Removes a registration: its launches stop working at once. Audited. */
export async function removeLtiPlatform(db: Db, actor: Actor, id: string): Promise<void> {
  assertRole(actor, 'admin');
  await withTransaction(db, async (trx) => {
    if (!(await deleteLtiRegistration(trx, actor.tenantId, id))) throw notFound(id);
    await audit(trx, actor, 'lti_registration.deleted', 'lti_registration', id);
  });
}
