import { createHash, randomBytes } from 'node:crypto';
import { type Db, withTransaction } from '../../db/db-types.js';
import { findCourse, upsertCourseMember } from './courses.repository.js';
import { findMembership, findTenant, findUserById, upsertMembership } from './identity.repository.js';
import { findInvite, findInviteByTokenHash, insertInvite, listInvites as listInviteRows, rotateInvite, setInviteStatus } from './invites.repository.js';
import type { Role } from '../../db/schema.js';
import { AppError, notFound } from '../../errors/app-error.js';
import { type Actor, assertRole, hasRole } from './actor.js';
import { audit } from './audit.js';
import { openSecret, sealSecret } from './sealed.js';

/** @defaultValue 7 days */
export const DEFAULT_INVITE_DAYS = 7;

type InviteRow = Awaited<ReturnType<typeof findInvite>> & {};
export type InviteState = 'pending' | 'accepted' | 'expired' | 'revoked';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** The hash an invite is looked up by (the token itself is only kept sealed, for admins to copy the link again). */
export const hashInviteToken = hashToken;
const newToken = () => randomBytes(32).toString('base64url');
const expiry = (days: number) => new Date(Date.now() + days * 86_400_000);

/** Expiry is derived, not stored: a pending invite past its date is expired. */
export function inviteStatus(invite: Pick<InviteRow, 'status' | 'expires_at'>, now = new Date()): InviteState {
  if (invite.status === 'pending' && invite.expires_at.getTime() <= now.getTime()) return 'expired';
  return invite.status;
}

function present(invite: InviteRow, inviteUrl?: string) {
  return {
    id: invite.id, email: invite.email, role: invite.role, status: inviteStatus(invite), courseId: invite.course_id,
    expiresAt: invite.expires_at, createdAt: invite.created_at, acceptedAt: invite.accepted_at, sentCount: invite.sent_count,
    ...(inviteUrl ? { inviteUrl } : {}),
  };
}

/**
 * Invites someone by email with a role (admins; only owners may invite owners). Returns the link once:
 * only the token's hash is stored.
 *
 * @example
 * const invite = await createInvite(db, actor, { email: 'sam@school.edu', role: 'learner' }, (t) => `${publicUrl}/invite/${t}`);
 */
export async function createInvite(db: Db, actor: Actor, input: { email: string; role: Role; courseId?: string | undefined; expiresInDays?: number | undefined }, linkFor: (token: string) => string, sealKey?: string) {
  assertRole(actor, 'admin');
  if (input.role === 'owner' && actor.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can invite an owner');
  return withTransaction(db, async (trx) => {
    if (input.courseId && !(await findCourse(trx, actor.tenantId, input.courseId))) throw notFound('Course', { course_id: input.courseId });
    const token = newToken();
    const invite = await insertInvite(trx, {
      tenantId: actor.tenantId, email: input.email, role: input.role, courseId: input.courseId ?? null,
      tokenHash: hashToken(token), expiresAt: expiry(input.expiresInDays ?? DEFAULT_INVITE_DAYS), invitedBy: actor.userId,
      tokenSealed: sealKey ? sealSecret(token, sealKey) : null,
    });
    await audit(trx, actor, 'invite.created', 'invite', invite.id, { email: invite.email, role: invite.role, course_id: invite.course_id });
    return present(invite, linkFor(token));
  });
}

/**
 * The tenant's invites. With `links`, a pending invite carries its current link (opened from the sealed
 * token), so "Copy link" works after a reload and after a resend; other states never do.
 */
export async function listInvites(db: Db, actor: Actor, links?: { linkFor: (token: string) => string; sealKey: string }) {
  assertRole(actor, 'admin');
  return (await listInviteRows(db, actor.tenantId)).map((invite) => {
    const isLinkable = links && invite.token_sealed && inviteStatus(invite) === 'pending' && (invite.role !== 'owner' || actor.role === 'owner');
    return present(invite, isLinkable ? links.linkFor(openSecret(invite.token_sealed as string, links.sealKey)) : undefined);
  });
}

/** Sends again: a fresh link (the old one stops working) and a fresh expiry. Accepted or revoked invites cannot be resent. */
export async function resendInvite(db: Db, actor: Actor, inviteId: string, linkFor: (token: string) => string, sealKey?: string) {
  assertRole(actor, 'admin');
  return withTransaction(db, async (trx) => {
    const invite = await findInvite(trx, actor.tenantId, inviteId);
    if (!invite) throw notFound('Invite', { invite_id: inviteId });
    // Only owners manage owner invites: resending shows the link, so an admin could make themselves an owner (issue #15).
    if (invite.role === 'owner' && actor.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can manage an owner invite');
    if (invite.status !== 'pending') throw new AppError('CONFLICT', `An ${invite.status} invite cannot be resent`, { status: invite.status });
    const token = newToken();
    const updated = await rotateInvite(trx, inviteId, hashToken(token), expiry(DEFAULT_INVITE_DAYS), sealKey ? sealSecret(token, sealKey) : null);
    await audit(trx, actor, 'invite.resent', 'invite', inviteId, { email: invite.email, sent_count: updated.sent_count });
    return present(updated, linkFor(token));
  });
}

export async function revokeInvite(db: Db, actor: Actor, inviteId: string) {
  assertRole(actor, 'admin');
  await withTransaction(db, async (trx) => {
    const invite = await findInvite(trx, actor.tenantId, inviteId);
    if (!invite) throw notFound('Invite', { invite_id: inviteId });
    // Only owners manage owner invites: resending shows the link, so an admin could make themselves an owner (issue #15).
    if (invite.role === 'owner' && actor.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can manage an owner invite');
    if (invite.status !== 'pending') throw new AppError('CONFLICT', `An ${invite.status} invite cannot be revoked`, { status: invite.status });
    await setInviteStatus(trx, inviteId, 'revoked');
    await audit(trx, actor, 'invite.revoked', 'invite', inviteId, { email: invite.email });
  });
}

async function inviteByToken(db: Db, token: string) {
  const invite = await findInviteByTokenHash(db, hashToken(token));
  if (!invite) throw new AppError('INVITE_INVALID', 'This invite link is not valid. Ask for a new one.');
  return invite;
}

/** What the acceptance page shows before sign-in: tenant, role, and the invite's state. */
export async function previewInvite(db: Db, token: string) {
  const invite = await inviteByToken(db, token);
  const tenant = await findTenant(db, invite.tenant_id);
  return { tenant: { id: invite.tenant_id, name: tenant?.name ?? '' }, email: invite.email, role: invite.role, status: inviteStatus(invite), expiresAt: invite.expires_at };
}

/**
 * Accepts an invite for the signed-in user, whose email must match. Each failure is its own code:
 * INVITE_INVALID, INVITE_REVOKED, INVITE_EXPIRED, INVITE_ALREADY_ACCEPTED, INVITE_ALREADY_MEMBER.
 */
export async function acceptInvite(db: Db, caller: { userId: string; requestId: string | null }, token: string) {
  return withTransaction(db, async (trx) => {
    const invite = await inviteByToken(trx, token);
    const status = inviteStatus(invite);
    if (status === 'revoked') throw new AppError('INVITE_REVOKED', 'This invite was revoked by an administrator.');
    if (status === 'expired') throw new AppError('INVITE_EXPIRED', 'This invite has expired. Ask for a new one.', { expired_at: invite.expires_at.toISOString() });
    if (status === 'accepted') throw new AppError('INVITE_ALREADY_ACCEPTED', 'This invite has already been used.');
    const user = await findUserById(trx, caller.userId);
    if (!user?.email || user.email.toLowerCase() !== invite.email.toLowerCase()) {
      throw new AppError('FORBIDDEN', `This invite is for ${invite.email}; sign in with that address to accept it.`);
    }
    const existing = await findMembership(trx, invite.tenant_id, caller.userId);
    if (existing && existing.status === 'active' && hasRole(existing.role, invite.role)) {
      throw new AppError('INVITE_ALREADY_MEMBER', 'You are already a member of this organisation.', { tenant_id: invite.tenant_id, role: existing.role });
    }
    await upsertMembership(trx, invite.tenant_id, caller.userId, invite.role);
    if (invite.course_id) {
      const courseRole = hasRole(invite.role, 'instructor') ? 'instructor' : 'learner';
      await upsertCourseMember(trx, { tenantId: invite.tenant_id, courseId: invite.course_id, userId: caller.userId, role: courseRole });
    }
    await setInviteStatus(trx, invite.id, 'accepted', caller.userId);
    await audit(trx, { tenantId: invite.tenant_id, userId: caller.userId, requestId: caller.requestId }, 'invite.accepted', 'invite', invite.id, { email: invite.email, role: invite.role });
    const tenant = await findTenant(trx, invite.tenant_id);
    if (!tenant) throw notFound('Tenant');
    return { tenant, role: invite.role, courseId: invite.course_id };
  });
}
