import { type Db, withTransaction } from '../../db/db-types.js';
import { findCourse, upsertCourseMember } from './courses.repository.js';
import { findUserByEmail, findUserById, insertUser, renameUser, upsertMembership } from './identity.repository.js';
import { findUserIdentity, linkUserIdentity } from './oidc.repository.js';
import { AppError, notFound } from '../../errors/app-error.js';
import { audit } from './audit.js';
import { authenticateApiKey } from './embed-keys.js';

/** @defaultValue 15 minutes: host pages ask their server for a fresh token when this one runs out. */
export const EMBED_TOKEN_TTL_SECONDS = 900;

/** The host site's user, as its server describes them. `userId` is the host's own stable id for the person. */
export interface EmbedUserInput { userId: string; name: string; email?: string | undefined; courseId: string; role: 'learner' | 'instructor' }

/**
 * Resolves the person a host site's server vouches for (authenticated by its API key) to a TutorGraph user
 * in the key's tenant and course. Host users are keyed by (tenant, host user id) and never linked to an
 * existing account by email — a host site cannot borrow someone else's account; the email is kept only
 * when no other account uses it.
 *
 * @example
 * const who = await resolveEmbedUser(db, apiKey, { userId: 'u-42', name: 'Sam', courseId, role: 'learner' });
 */
export async function resolveEmbedUser(db: Db, apiKey: string, input: EmbedUserInput, requestId: string | null) {
  const key = await authenticateApiKey(db, apiKey, input.role === 'instructor' ? 'embed:instructor' : 'embed:learner');
  if (key.courseId && key.courseId !== input.courseId) throw new AppError('FORBIDDEN', 'This API key is limited to another course');
  return withTransaction(db, async (trx) => {
    if (!(await findCourse(trx, key.tenantId, input.courseId))) throw notFound('Course', { course_id: input.courseId });
    const issuer = `tutorgraph-embed:${key.tenantId}`;
    const linked = await findUserIdentity(trx, issuer, input.userId);
    let userId = linked?.user_id;
    if (!userId) {
      const email = input.email && !(await findUserByEmail(trx, input.email)) ? input.email.toLowerCase() : null;
      userId = (await insertUser(trx, { email, name: input.name })).id;
    } else if ((await findUserById(trx, userId))?.name !== input.name) {
      await renameUser(trx, userId, input.name);
    }
    await linkUserIdentity(trx, { issuer, subject: input.userId, userId, tenantId: key.tenantId });
    await upsertMembership(trx, key.tenantId, userId, input.role);
    await upsertCourseMember(trx, { tenantId: key.tenantId, courseId: input.courseId, userId, role: input.role });
    if (!linked) await audit(trx, { tenantId: key.tenantId, userId, requestId }, 'embed.user_created', 'user', userId, { api_key: key.prefix, host_user_id: input.userId });
    return { userId, tenantId: key.tenantId, courseId: input.courseId, role: input.role };
  });
}
