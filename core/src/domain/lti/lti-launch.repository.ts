import { type Kysely, type Transaction, sql } from 'kysely';
import type { LaunchStore, LinkSettings, RecordLaunchInput, RecordLaunchResult } from './launch-store.port.js';
import type { LtiWidget } from './lti-claims.js';
import type { Database, Role } from '../../db/schema.js';

const ROLE_RANK: Record<Role, number> = { owner: 4, admin: 3, instructor: 2, learner: 1 };

async function findOrCreateUser(trx: Transaction<Database>, input: RecordLaunchInput): Promise<string> {
  const { registration, sub, platformKey } = input;
  const link = await trx.selectFrom('lti_user_links').select('user_id')
    .where('registration_id', '=', registration.id).where('sub', '=', sub).executeTakeFirst();
  if (link) {
    await trx.updateTable('lti_user_links').set({ first_launch_at: sql<Date>`coalesce(first_launch_at, now())`, platform_key: platformKey })
      .where('registration_id', '=', registration.id).where('sub', '=', sub).execute();
    if (input.name) await trx.updateTable('users').set({ name: input.name, updated_at: new Date() }).where('id', '=', link.user_id).execute();
    return link.user_id;
  }
  // The same person through another registration of the same LMS (re-registered, new client id) in this
  // tenant: the same user, linked to this registration too. Never across tenants.
  const known = await trx.selectFrom('lti_user_links').select('user_id').where('tenant_id', '=', registration.tenantId)
    .where('platform_key', '=', platformKey).where('sub', '=', sub).orderBy('created_at').executeTakeFirst();
  if (known) {
    await trx.insertInto('lti_user_links').values({
      registration_id: registration.id, sub, tenant_id: registration.tenantId, user_id: known.user_id, first_launch_at: new Date(), platform_key: platformKey,
    }).execute();
    if (input.name) await trx.updateTable('users').set({ name: input.name, updated_at: new Date() }).where('id', '=', known.user_id).execute();
    return known.user_id;
  }
  // An LMS-asserted email is not proof of owning an address: it stays an attribute of this registration's
  // user (lti_user_links.lms_email) and never claims users.email, which sign-in by email matches — or a
  // school's LMS could plant an account another tenant's user would later sign in to (issue #15).
  const user = await trx.insertInto('users').values({ email: null, name: input.name }).returning('id').executeTakeFirstOrThrow();
  await trx.insertInto('lti_user_links').values({
    registration_id: registration.id, sub, tenant_id: registration.tenantId, user_id: user.id, first_launch_at: new Date(), platform_key: platformKey,
    lms_email: input.email ?? null,
  }).execute();
  return user.id;
}

async function upsertMembership(trx: Transaction<Database>, tenantId: string, userId: string, role: Role): Promise<void> {
  const existing = await trx.selectFrom('memberships').select(['role']).where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
  if (!existing) {
    await trx.insertInto('memberships').values({ tenant_id: tenantId, user_id: userId, role, status: 'active' }).execute();
    return;
  }
  // A launch never lowers a role (an admin who opens a course as a learner stays admin).
  const nextRole = ROLE_RANK[role] > ROLE_RANK[existing.role] ? role : existing.role;
  await trx.updateTable('memberships').set({ role: nextRole, status: 'active', updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
}

async function findOrCreateCourse(trx: Transaction<Database>, input: RecordLaunchInput, userId: string): Promise<{ id: string; isNew: boolean }> {
  const { registration, context } = input;
  const existing = await trx.selectFrom('courses').select('id')
    .where('tenant_id', '=', registration.tenantId).where('lti_registration_id', '=', registration.id)
    .where('lti_context_id', '=', context.id).executeTakeFirst();
  if (existing) return { id: existing.id, isNew: false };
  // The same LMS course through another registration of the same LMS in this tenant: move the course to
  // this registration (its services are now reached with these credentials) instead of making a second one.
  const known = await trx.selectFrom('lti_contexts').select('course_id').where('tenant_id', '=', registration.tenantId)
    .where('platform_key', '=', input.platformKey).where('context_id', '=', context.id).executeTakeFirst();
  if (known) {
    await trx.updateTable('courses').set({ lti_registration_id: registration.id, updated_at: new Date() })
      .where('tenant_id', '=', registration.tenantId).where('id', '=', known.course_id).execute();
    return { id: known.course_id, isNew: false };
  }
  const created = await trx.insertInto('courses').values({
    tenant_id: registration.tenantId, title: context.title.slice(0, 300) || 'Untitled course', lti_context_id: context.id,
    lti_registration_id: registration.id, created_by: input.courseRole === 'instructor' ? userId : null,
  }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
  if (created) return { id: created.id, isNew: true };
  // Two first launches raced; the other one created it.
  const row = await trx.selectFrom('courses').select('id').where('tenant_id', '=', registration.tenantId)
    .where('lti_registration_id', '=', registration.id).where('lti_context_id', '=', context.id).executeTakeFirstOrThrow();
  return { id: row.id, isNew: false };
}

async function upsertLink(
  trx: Transaction<Database>, input: RecordLaunchInput, courseId: string,
): Promise<{ id: string; widget: LtiWidget; settings: LinkSettings } | undefined> {
  const link = input.link;
  if (!link) return undefined;
  // The same LMS link reached through another registration of the same LMS (re-registered, e.g. after the
  // tool moved to a new hostname): the course was found by its LMS instance, so the link moves with it and
  // keeps its id, settings and score history instead of becoming a second link.
  const links = await trx.selectFrom('lti_resource_links').select(['id', 'registration_id'])
    .where('tenant_id', '=', input.registration.tenantId).where('course_id', '=', courseId)
    .where('resource_link_id', '=', link.resourceLinkId).orderBy('created_at').execute();
  const moved = links.find((l) => l.registration_id !== input.registration.id);
  if (moved && !links.some((l) => l.registration_id === input.registration.id)) {
    await trx.updateTable('lti_resource_links').set({ registration_id: input.registration.id, updated_at: new Date() })
      .where('id', '=', moved.id).execute();
  }
  const row = await trx.insertInto('lti_resource_links').values({
    tenant_id: input.registration.tenantId, course_id: courseId, registration_id: input.registration.id,
    resource_link_id: link.resourceLinkId, title: link.title, widget: link.widget ?? 'ask',
    settings: JSON.stringify(link.settings), line_item_url: link.lineItemUrl ?? null,
  }).onConflict((oc) => oc.columns(['registration_id', 'resource_link_id']).doUpdateSet((eb) => ({
    // Custom parameters on the link win when present; otherwise keep what was stored.
    widget: link.widget ? eb.val(link.widget) : eb.ref('lti_resource_links.widget'),
    settings: link.widget ? eb.val(JSON.stringify(link.settings)) : eb.ref('lti_resource_links.settings'),
    line_item_url: link.lineItemUrl ? eb.val(link.lineItemUrl) : eb.ref('lti_resource_links.line_item_url'),
    title: link.title || sql<string>`lti_resource_links.title`,
    updated_at: new Date(),
  }))).returning(['id', 'widget', 'settings']).executeTakeFirstOrThrow();
  return { id: row.id, widget: row.widget, settings: row.settings as LinkSettings };
}

/**
 * The launch store over kysely: one transaction per launch writes the user link, tenant membership,
 * course (created on first launch), course membership, the context's service URLs and the resource link.
 *
 * @example
 * const mapped = await mapLaunch({ store: createLtiLaunchStore(db) }, registration, claims);
 */
export function createLtiLaunchStore(db: Kysely<Database>): LaunchStore {
  return {
    recordLaunch: (input) => db.transaction().execute(async (trx): Promise<RecordLaunchResult> => {
      const userId = await findOrCreateUser(trx, input);
      await upsertMembership(trx, input.registration.tenantId, userId, input.tenantRole);
      const course = await findOrCreateCourse(trx, input, userId);
      await trx.insertInto('course_members').values({
        tenant_id: input.registration.tenantId, course_id: course.id, user_id: userId, role: input.courseRole, status: 'active',
      }).onConflict((oc) => oc.columns(['course_id', 'user_id']).doUpdateSet({ role: input.courseRole, status: 'active', updated_at: new Date() })).execute();
      await trx.insertInto('lti_contexts').values({
        course_id: course.id, tenant_id: input.registration.tenantId, registration_id: input.registration.id,
        deployment_id: input.deploymentId, context_id: input.context.id, memberships_url: input.membershipsUrl ?? null,
        lineitems_url: input.lineItemsUrl ?? null, ags_scopes: input.agsScopes, platform_key: input.platformKey,
      }).onConflict((oc) => oc.column('course_id').doUpdateSet({
        registration_id: input.registration.id, deployment_id: input.deploymentId, platform_key: input.platformKey,
        memberships_url: input.membershipsUrl ?? sql<string>`lti_contexts.memberships_url`,
        lineitems_url: input.lineItemsUrl ?? sql<string>`lti_contexts.lineitems_url`,
        ags_scopes: input.agsScopes, updated_at: new Date(),
      })).execute();
      const link = await upsertLink(trx, input, course.id);
      return { userId, courseId: course.id, linkId: link?.id, widget: link?.widget ?? 'ask', settings: link?.settings ?? {}, isNewCourse: course.isNew };
    }),
  };
}

/** A login we started (OIDC third-party initiated login). */
export interface LoginState {
  state: string; nonce: string; registrationId: string; storage: 'cookie' | 'postmessage'; storageTarget: string | null; targetLinkUri: string;
  /** The login initiation's parameters (iss, login_hint, …), to start it again in a new window. */
  loginParams?: Record<string, string> | undefined;
}

/**
 * Records a login state for `ttlSeconds`.
 *
 * @example
 * await saveLoginState(db, { state, nonce, registrationId, storage: 'cookie', storageTarget: null, targetLinkUri }, 600);
 */
export async function saveLoginState(db: Kysely<Database>, login: LoginState, ttlSeconds: number): Promise<void> {
  await db.insertInto('lti_login_states').values({
    state: login.state, nonce: login.nonce, registration_id: login.registrationId, storage: login.storage,
    storage_target: login.storageTarget, target_link_uri: login.targetLinkUri,
    login_params: login.loginParams ? JSON.stringify(login.loginParams) : null,
    expires_at: new Date(Date.now() + ttlSeconds * 1000),
  }).execute();
}

/**
 * A live (unexpired) login state, or undefined.
 *
 * @example
 * const login = await findLoginState(db, form.state);
 */
export async function findLoginState(db: Kysely<Database>, state: string): Promise<LoginState | undefined> {
  const row = await db.selectFrom('lti_login_states').selectAll().where('state', '=', state).where('expires_at', '>', new Date()).executeTakeFirst();
  if (!row) return undefined;
  return {
    state: row.state, nonce: row.nonce, registrationId: row.registration_id, storage: row.storage, storageTarget: row.storage_target,
    targetLinkUri: row.target_link_uri, loginParams: row.login_params ?? undefined,
  };
}

/**
 * Records an id_token nonce as used; false when it was already used (a replay).
 *
 * @example
 * if (!(await claimNonce(db, registrationId, nonce, expiresAt))) reject('NONCE_REPLAY');
 */
export async function claimNonce(db: Kysely<Database>, registrationId: string, nonce: string, expiresAt: Date): Promise<boolean> {
  const inserted = await db.insertInto('lti_used_nonces').values({ registration_id: registrationId, nonce, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['registration_id', 'nonce']).doNothing()).returning('nonce').executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Deletes expired login states and nonces.
 *
 * @example
 * await purgeExpiredLaunchState(db);
 */
export async function purgeExpiredLaunchState(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('lti_login_states').where('expires_at', '<', new Date()).execute();
  await db.deleteFrom('lti_used_nonces').where('expires_at', '<', new Date()).execute();
}
