import {
  AcceptInviteResponse, AuditEntry, AuditQuery, CreateInviteRequest, CreateTenantRequest, IdParams, Invite, InviteParams, InvitePreview,
  InviteTokenParams, Member, MemberParams, OkResponse, SsoResponse, SsoSettings, TenantWithRole, UpdateMemberRequest,
  AppError, acceptInvite, assertRole, changeMemberRole, createInvite, createTenant, getSso, list, listInvites, listMembers,
  listMyTenants, mintAppToken, page, previewInvite, putSso, removeMember, resendInvite, revokeInvite, emailInvite,
} from '@tutorgraph/core';
import type { AppDeps } from '../deps.js';
import { listAudit } from '@tutorgraph/core';
import type { ApiRouter } from './api-router.js';

const inviteLink = (publicUrl: string) => (token: string) => `${publicUrl}/invite/${token}`;
/** The SMTP mailer when configured (`services.mailer`, built from SMTP_* settings); absent means "copy the link". */
const mailerOf = (deps: AppDeps) => deps.services.mailer;
const sendInvite = async (deps: AppDeps, actor: Parameters<typeof emailInvite>[2], invite: Parameters<typeof emailInvite>[3]) =>
  ({ ...invite, delivery: await emailInvite(deps.db, mailerOf(deps), actor, invite, (err) => deps.logger.warn({ err, invite_id: invite.id }, 'Invite email failed')) });

function decodeCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  try {
    const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    if (!createdAt || !id || Number.isNaN(Date.parse(createdAt))) throw new Error('bad cursor');
    return { createdAt, id };
  } catch (error) {
    throw new AppError('INVALID_ARGUMENT', 'The cursor is not valid', undefined, { cause: error });
  }
}

/** Tenants, members, invites, SSO settings and the audit log. */
export function registerTenantRoutes(api: ApiRouter): void {
  api.route({
    method: 'post', path: '/tenants', summary: 'Create a tenant; you become its owner', tags: ['tenants'],
    auth: 'user', tenant: 'none', body: CreateTenantRequest, response: TenantWithRole, status: 201,
  }, ({ deps, session, requestId, body }) => createTenant(deps.db, { userId: session.userId, requestId }, body));

  api.route({
    method: 'get', path: '/tenants', summary: 'The tenants I belong to', tags: ['tenants'],
    auth: 'user', tenant: 'none', response: list(TenantWithRole),
  }, async ({ deps, session }) => ({ items: await listMyTenants(deps.db, session.userId) }));

  api.route({
    method: 'get', path: '/tenants/:id/members', summary: 'Members and their roles', tags: ['members'],
    auth: 'user', tenant: 'path', params: IdParams, response: list(Member),
  }, async ({ deps, actor }) => ({ items: await listMembers(deps.db, actor) }));

  api.route({
    method: 'patch', path: '/tenants/:id/members/:userId', summary: "Change a member's role", tags: ['members'],
    auth: 'user', tenant: 'path', params: MemberParams, body: UpdateMemberRequest, response: OkResponse,
  }, async ({ deps, actor, params, body }) => { await changeMemberRole(deps.db, actor, params.userId, body.role); return { ok: true }; });

  api.route({
    method: 'delete', path: '/tenants/:id/members/:userId', summary: 'Remove a member (or leave, for yourself)', tags: ['members'],
    auth: 'user', tenant: 'path', params: MemberParams, response: OkResponse,
  }, async ({ deps, actor, params }) => { await removeMember(deps.db, actor, params.userId); return { ok: true }; });

  api.route({
    method: 'post', path: '/tenants/:id/invites', summary: 'Invite someone by email; returns the link once', tags: ['invites'],
    auth: 'user', tenant: 'path', params: IdParams, body: CreateInviteRequest, response: Invite, status: 201, rateLimit: 'invite',
  }, async ({ deps, actor, body }) => sendInvite(deps, actor, await createInvite(deps.db, actor, body, inviteLink(deps.config.publicUrl), deps.config.ltiKey)));

  api.route({
    method: 'get', path: '/tenants/:id/invites', summary: 'Invites: pending, accepted, expired, revoked', tags: ['invites'],
    auth: 'user', tenant: 'path', params: IdParams, response: list(Invite),
  }, async ({ deps, actor }) => ({ items: await listInvites(deps.db, actor, { linkFor: inviteLink(deps.config.publicUrl), sealKey: deps.config.ltiKey }) }));

  api.route({
    method: 'post', path: '/tenants/:id/invites/:inviteId/resend', summary: 'Send again with a fresh link and expiry', tags: ['invites'],
    auth: 'user', tenant: 'path', params: InviteParams, response: Invite, rateLimit: 'invite',
  }, async ({ deps, actor, params }) => sendInvite(deps, actor, await resendInvite(deps.db, actor, params.inviteId, inviteLink(deps.config.publicUrl), deps.config.ltiKey)));

  api.route({
    method: 'delete', path: '/tenants/:id/invites/:inviteId', summary: 'Revoke a pending invite', tags: ['invites'],
    auth: 'user', tenant: 'path', params: InviteParams, response: OkResponse,
  }, async ({ deps, actor, params }) => { await revokeInvite(deps.db, actor, params.inviteId); return { ok: true }; });

  api.route({
    method: 'get', path: '/invites/:token', summary: 'Preview an invite before accepting it', tags: ['invites'],
    auth: 'public', params: InviteTokenParams, response: InvitePreview, rateLimit: 'login',
  }, ({ deps, params }) => previewInvite(deps.db, params.token));

  api.route({
    method: 'post', path: '/invites/:token/accept', summary: 'Accept an invite as the signed-in user', tags: ['invites'],
    auth: 'user', tenant: 'none', params: InviteTokenParams, response: AcceptInviteResponse, rateLimit: 'login',
  }, async ({ deps, session, requestId, params }) => {
    const accepted = await acceptInvite(deps.db, { userId: session.userId, requestId }, params.token);
    const { token, expiresAt } = await mintAppToken(deps.config.appTokenKeys, deps.config.appTokenTtlSeconds, {
      userId: session.userId, roles: [accepted.role], via: 'invite',
    });
    return { tenant: accepted.tenant, role: accepted.role, courseId: accepted.courseId, token, expiresAt };
  });

  api.route({
    method: 'get', path: '/tenants/:id/sso', summary: 'SSO settings', tags: ['sso'],
    auth: 'user', tenant: 'path', params: IdParams, response: SsoResponse,
  }, ({ deps, actor }) => getSso(deps.db, actor));

  api.route({
    method: 'put', path: '/tenants/:id/sso', summary: 'Save SSO settings (OIDC or SAML, email domains)', tags: ['sso'],
    auth: 'user', tenant: 'path', params: IdParams, body: SsoSettings, response: SsoResponse,
  }, ({ deps, actor, body }) => putSso(deps.db, actor, body, deps.config.ltiKey));

  api.route({
    method: 'get', path: '/tenants/:id/audit', summary: 'Audit log, newest first, with filters and a cursor', tags: ['audit'],
    auth: 'user', tenant: 'path', params: IdParams, query: AuditQuery, response: page(AuditEntry),
  }, async ({ deps, actor, query }) => {
    assertRole(actor, 'admin');
    const limit = query.limit ?? 50;
    const rows = await listAudit(deps.db, {
      tenantId: actor.tenantId, action: query.action, actorId: query.actor, target: query.target, from: query.from, to: query.to,
      cursor: decodeCursor(query.cursor), limit,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((row) => ({
        id: row.id, action: row.action, actor: row.actor_id ? { id: row.actor_id, email: row.actor_email } : null,
        targetType: row.target_type, targetId: row.target_id, metadata: row.metadata, requestId: row.request_id, createdAt: row.created_at,
      })),
      nextCursor: rows.length > limit && last ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url') : null,
    };
  });
}
