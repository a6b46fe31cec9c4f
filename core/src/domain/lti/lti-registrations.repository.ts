import type { LtiRegistration } from './launch-store.port.js';
import { AppError } from '../../errors/app-error.js';
import { type Db, withTransaction } from '../../db/db-types.js';
import type { Row } from '../../db/schema.js';

/** Fields an admin sets on a registration: the registration without what the database assigns. */
export type RegistrationFields = Omit<LtiRegistration, 'id' | 'tenantId' | 'createdAt' | 'updatedAt' | 'trustInstitutionAdmin'> & {
  /** See LtiRegistration.trustInstitutionAdmin. */
  trustInstitutionAdmin?: boolean | undefined;
};

const toRegistration = (row: Row<'lti_registrations'>, deploymentIds: string[]): LtiRegistration => ({
  id: row.id, tenantId: row.tenant_id, name: row.name, kind: row.kind, issuer: row.issuer, clientId: row.client_id,
  authLoginUrl: row.auth_login_url, authTokenUrl: row.auth_token_url, keysetUrl: row.keyset_url, deploymentIds,
  trustInstitutionAdmin: row.trust_institution_admin === true,
  createdAt: row.created_at, updatedAt: row.updated_at,
});

async function deploymentsOf(db: Db, registrationIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (registrationIds.length === 0) return map;
  const rows = await db.selectFrom('lti_deployments').select(['registration_id', 'deployment_id'])
    .where('registration_id', 'in', registrationIds).orderBy('created_at').execute();
  for (const row of rows) map.set(row.registration_id, [...(map.get(row.registration_id) ?? []), row.deployment_id]);
  return map;
}

const isUniqueViolation = (error: unknown) => typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

/**
 * Creates a registration with its deployments. (issuer, client_id) is globally unique: one pair belongs to one tenant.
 *
 * @example
 * const reg = await createLtiRegistration(db, tenantId, { name: 'Canvas', kind: 'canvas', issuer, clientId, ... });
 */
export async function createLtiRegistration(db: Db, tenantId: string, fields: RegistrationFields): Promise<LtiRegistration> {
  try {
    return await withTransaction(db, async (trx) => {
      const row = await trx.insertInto('lti_registrations').values({
        tenant_id: tenantId, name: fields.name, kind: fields.kind, issuer: fields.issuer, client_id: fields.clientId,
        auth_login_url: fields.authLoginUrl, auth_token_url: fields.authTokenUrl, keyset_url: fields.keysetUrl,
        trust_institution_admin: fields.trustInstitutionAdmin ?? false,
      }).returningAll().executeTakeFirstOrThrow();
      const ids = [...new Set(fields.deploymentIds)];
      if (ids.length > 0) {
        await trx.insertInto('lti_deployments')
          .values(ids.map((deploymentId) => ({ tenant_id: tenantId, registration_id: row.id, deployment_id: deploymentId }))).execute();
      }
      return toRegistration(row, ids);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', 'This issuer and client id are already registered', { issuer: fields.issuer, client_id: fields.clientId }, { cause: error });
    }
    throw error;
  }
}

/**
 * The tenant's registrations, newest first.
 *
 * @example
 * const regs = await listLtiRegistrations(db, tenantId);
 */
export async function listLtiRegistrations(db: Db, tenantId: string): Promise<LtiRegistration[]> {
  const rows = await db.selectFrom('lti_registrations').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  const deployments = await deploymentsOf(db, rows.map((r) => r.id));
  return rows.map((row) => toRegistration(row, deployments.get(row.id) ?? []));
}

/**
 * One registration of a tenant, or undefined.
 *
 * @example
 * const reg = await getLtiRegistration(db, tenantId, id);
 */
export async function getLtiRegistration(db: Db, tenantId: string, id: string): Promise<LtiRegistration | undefined> {
  const row = await db.selectFrom('lti_registrations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toRegistration(row, (await deploymentsOf(db, [row.id])).get(row.id) ?? []);
}

/**
 * Finds the registration for a platform message: (issuer, client_id); or, when the platform sent no
 * client id, the registration of that issuer holding the message's deployment, else the issuer's first
 * registration. First come, first served: another tenant registering the same issuer later cannot take
 * over (or break) the logins of the tenant that registered it first (issue #15).
 *
 * @example
 * const reg = await findLtiRegistrationByIssuer(db, iss, clientId, deploymentId);
 */
export async function findLtiRegistrationByIssuer(db: Db, issuer: string, clientId: string | undefined, deploymentId?: string): Promise<LtiRegistration | undefined> {
  const first = (byDeployment: boolean) => {
    let query = db.selectFrom('lti_registrations').selectAll().where('issuer', '=', issuer);
    if (clientId) query = query.where('client_id', '=', clientId);
    else if (byDeployment && deploymentId) {
      query = query.where('id', 'in', db.selectFrom('lti_deployments').select('registration_id').where('deployment_id', '=', deploymentId));
    }
    return query.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(1).executeTakeFirst();
  };
  // No registration holds the deployment: the issuer's first one, so the caller can say UNKNOWN_DEPLOYMENT.
  const row = (!clientId && deploymentId ? await first(true) : undefined) ?? await first(false);
  if (!row) return undefined;
  return toRegistration(row, (await deploymentsOf(db, [row.id])).get(row.id) ?? []);
}

/**
 * Finds a registration by id whatever its tenant (the login state names it).
 *
 * @example
 * const reg = await findLtiRegistrationById(db, state.registrationId);
 */
export async function findLtiRegistrationById(db: Db, id: string): Promise<LtiRegistration | undefined> {
  const row = await db.selectFrom('lti_registrations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toRegistration(row, (await deploymentsOf(db, [row.id])).get(row.id) ?? []);
}

/**
 * Updates fields and, when given, replaces the deployment list. Returns undefined when not found.
 *
 * @example
 * await updateLtiRegistration(db, tenantId, id, { name: 'Canvas (prod)' });
 */
export async function updateLtiRegistration(
  db: Db, tenantId: string, id: string, fields: Partial<RegistrationFields>,
): Promise<LtiRegistration | undefined> {
  try {
    return await withTransaction(db, async (trx) => {
      const row = await trx.updateTable('lti_registrations').set({
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.kind !== undefined ? { kind: fields.kind } : {}),
        ...(fields.issuer !== undefined ? { issuer: fields.issuer } : {}),
        ...(fields.clientId !== undefined ? { client_id: fields.clientId } : {}),
        ...(fields.authLoginUrl !== undefined ? { auth_login_url: fields.authLoginUrl } : {}),
        ...(fields.authTokenUrl !== undefined ? { auth_token_url: fields.authTokenUrl } : {}),
        ...(fields.keysetUrl !== undefined ? { keyset_url: fields.keysetUrl } : {}),
        ...(fields.trustInstitutionAdmin !== undefined ? { trust_institution_admin: fields.trustInstitutionAdmin } : {}),
        updated_at: new Date(),
      }).where('tenant_id', '=', tenantId).where('id', '=', id).returningAll().executeTakeFirst();
      if (!row) return undefined;
      if (fields.deploymentIds) {
        const ids = [...new Set(fields.deploymentIds)];
        await trx.deleteFrom('lti_deployments').where('registration_id', '=', id)
          .$if(ids.length > 0, (q) => q.where('deployment_id', 'not in', ids)).execute();
        if (ids.length > 0) {
          await trx.insertInto('lti_deployments')
            .values(ids.map((deploymentId) => ({ tenant_id: tenantId, registration_id: id, deployment_id: deploymentId })))
            .onConflict((oc) => oc.columns(['registration_id', 'deployment_id']).doNothing()).execute();
        }
      }
      return toRegistration(row, (await deploymentsOf(trx, [id])).get(id) ?? []);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'This issuer and client id are already registered', undefined, { cause: error });
    throw error;
  }
}

/**
 * Adds one deployment id (dynamic registration, or a new placement) if it is not there yet.
 *
 * @example
 * await addLtiDeployment(db, registration, '1:abc');
 */
export async function addLtiDeployment(db: Db, registration: { id: string; tenantId: string }, deploymentId: string): Promise<void> {
  await db.insertInto('lti_deployments')
    .values({ tenant_id: registration.tenantId, registration_id: registration.id, deployment_id: deploymentId })
    .onConflict((oc) => oc.columns(['registration_id', 'deployment_id']).doNothing()).execute();
}

/**
 * Deletes a registration (its deployments, user links and login states go with it). Returns whether it existed.
 *
 * @example
 * const deleted = await deleteLtiRegistration(db, tenantId, id);
 */
export async function deleteLtiRegistration(db: Db, tenantId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('lti_registrations').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The LMS moved to a new address and kept its tool (Moodle's "Update" after a change of wwwroot: same client
 * id and deployment, a new issuer): this tenant's registration with that client id and one of those
 * deployments under another issuer. Client ids are random per LMS (Moodle: 15 characters), so the pair
 * within one tenant names the same LMS. Updating it keeps its courses and users (they hang on the registration).
 */
async function findMovedRegistration(db: Db, tenantId: string, fields: RegistrationFields): Promise<{ id: string; tenant_id: string } | undefined> {
  if (fields.deploymentIds.length === 0) return undefined;
  return db.selectFrom('lti_registrations').select(['id', 'tenant_id'])
    .where('tenant_id', '=', tenantId).where('client_id', '=', fields.clientId).where('issuer', '!=', fields.issuer)
    .where('id', 'in', db.selectFrom('lti_deployments').select('registration_id').where('deployment_id', 'in', fields.deploymentIds))
    .orderBy('created_at').limit(1).executeTakeFirst();
}

/**
 * Stores what a dynamic registration returned: a new registration, or — when the LMS registered the same
 * client again (Moodle's "Update" on re-registration) — the existing one of this tenant, updated, its
 * deployments kept and the new one added; the same for an LMS that moved to a new address and updated its
 * tool (see findMovedRegistration). CONFLICT when that issuer and client id belong to another tenant.
 *
 * @example
 * const { registration, isUpdate } = await saveDynamicRegistration(db, tenantId, fields);
 */
export async function saveDynamicRegistration(db: Db, tenantId: string, fields: RegistrationFields): Promise<{ registration: LtiRegistration; isUpdate: boolean }> {
  const existing = await db.selectFrom('lti_registrations').select(['id', 'tenant_id'])
    .where('issuer', '=', fields.issuer).where('client_id', '=', fields.clientId).executeTakeFirst()
    ?? await findMovedRegistration(db, tenantId, fields);
  if (!existing) return { registration: await createLtiRegistration(db, tenantId, fields), isUpdate: false };
  if (existing.tenant_id !== tenantId) {
    throw new AppError('CONFLICT', 'This LMS registered TutorGraph with an issuer and client id that another TutorGraph organisation already uses', {
      issuer: fields.issuer, client_id: fields.clientId,
    });
  }
  const kept = (await deploymentsOf(db, [existing.id])).get(existing.id) ?? [];
  const registration = await updateLtiRegistration(db, tenantId, existing.id, { ...fields, deploymentIds: [...kept, ...fields.deploymentIds] });
  if (!registration) throw new Error('The registration disappeared while it was being updated');
  return { registration, isUpdate: true };
}
