import { type Db, withTransaction } from '../../db/db-types.js';
import { countOwners, deleteMembership, findMembership, listMemberRows, updateMemberRole } from './identity.repository.js';
import type { Role } from '../../db/schema.js';
import { AppError, notFound } from '../../errors/app-error.js';
import { type Actor, assertRole } from './actor.js';
import { audit } from './audit.js';

/** Everyone in the actor's tenant; admins and owners only. */
export async function listMembers(db: Db, actor: Actor) {
  assertRole(actor, 'admin');
  return listMemberRows(db, actor.tenantId);
}

/**
 * Changes a member's role. Only an owner may grant or take away the owner role, so an admin cannot demote
 * an owner; the last owner cannot be demoted.
 */
export async function changeMemberRole(db: Db, actor: Actor, userId: string, role: Role) {
  assertRole(actor, 'admin');
  return withTransaction(db, async (trx) => {
    const target = await findMembership(trx, actor.tenantId, userId);
    if (!target) throw notFound('Member', { user_id: userId });
    if ((target.role === 'owner' || role === 'owner') && actor.role !== 'owner') {
      throw new AppError('FORBIDDEN', 'Only an owner can change who is an owner');
    }
    if (target.role === 'owner' && role !== 'owner' && (await countOwners(trx, actor.tenantId)) <= 1) {
      throw new AppError('CONFLICT', 'The last owner cannot be demoted; make someone else an owner first');
    }
    if (target.role === role) return { userId, role };
    await updateMemberRole(trx, actor.tenantId, userId, role);
    await audit(trx, actor, 'member.role_changed', 'user', userId, { from: target.role, to: role });
    return { userId, role };
  });
}

/** Removes a member (admins: anyone but owners; owners: anyone; everyone: themselves). The last owner cannot leave. */
export async function removeMember(db: Db, actor: Actor, userId: string) {
  const isSelf = userId === actor.userId;
  if (!isSelf) assertRole(actor, 'admin');
  await withTransaction(db, async (trx) => {
    const target = await findMembership(trx, actor.tenantId, userId);
    if (!target) throw notFound('Member', { user_id: userId });
    if (target.role === 'owner' && !isSelf && actor.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can remove an owner');
    if (target.role === 'owner' && (await countOwners(trx, actor.tenantId)) <= 1) {
      throw new AppError('CONFLICT', 'The last owner cannot leave the tenant; make someone else an owner first');
    }
    await deleteMembership(trx, actor.tenantId, userId);
    await audit(trx, actor, isSelf ? 'member.left' : 'member.removed', 'user', userId, { role: target.role });
  });
}
