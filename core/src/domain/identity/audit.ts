import type { Db } from '../../db/db-types.js';
import { recordAudit } from './audit.repository.js';
import type { Actor } from './actor.js';

/**
 * Records an audited action of `actor` inside the caller's transaction.
 *
 * @example
 * await audit(trx, actor, 'course.created', 'course', course.id, { title });
 */
export async function audit(db: Db, actor: Pick<Actor, 'tenantId' | 'userId' | 'requestId'>, action: string, targetType: string, targetId: string | null, metadata: Record<string, unknown> = {}): Promise<void> {
  await recordAudit(db, { tenantId: actor.tenantId, actorId: actor.userId, action, targetType, targetId, metadata, requestId: actor.requestId });
}
