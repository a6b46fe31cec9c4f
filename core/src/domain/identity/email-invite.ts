import type { Db } from '../../db/db-types.js';
import { findCourse } from './courses.repository.js';
import { findTenant, findUserById } from './identity.repository.js';
import type { Actor } from './actor.js';
import { audit } from './audit.js';
import { inviteEmail, type Mailer } from './email.js';

export type InviteDelivery = 'sent' | 'failed' | 'not_configured';

/**
 * Emails a just-created or just-resent invite. Without a mailer the answer is `not_configured` (the console
 * then shows the link to copy); an SMTP failure is `failed` and logged through `onError` — the invite itself
 * stands either way, and its link can still be copied.
 *
 * @example
 * const delivery = await emailInvite(db, mailer, actor, invite, (e) => logger.warn(e));
 */
export async function emailInvite(
  db: Db, mailer: Mailer | undefined, actor: Actor,
  invite: { id: string; email: string; role: string; courseId: string | null; expiresAt: Date; inviteUrl?: string | undefined },
  onError: (error: unknown) => void,
): Promise<InviteDelivery> {
  if (!mailer || !invite.inviteUrl) return 'not_configured';
  const [tenant, inviter, course] = await Promise.all([
    findTenant(db, actor.tenantId), findUserById(db, actor.userId), invite.courseId ? findCourse(db, actor.tenantId, invite.courseId) : undefined,
  ]);
  try {
    await mailer.send(inviteEmail({
      to: invite.email, tenantName: tenant?.name ?? 'TutorGraph', role: invite.role, inviteUrl: invite.inviteUrl,
      expiresAt: invite.expiresAt, inviterName: inviter?.name, courseTitle: course?.title,
    }));
  } catch (error) {
    onError(error);
    await audit(db, actor, 'invite.email_failed', 'invite', invite.id, { email: invite.email });
    return 'failed';
  }
  await audit(db, actor, 'invite.email_sent', 'invite', invite.id, { email: invite.email });
  return 'sent';
}
