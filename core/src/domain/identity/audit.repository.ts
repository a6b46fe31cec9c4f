import type { Db } from '../../db/db-types.js';

export interface AuditEntryInput {
  tenantId: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  metadata?: Record<string, unknown>;
  requestId: string | null;
}

/** Writes one audit row; call it with the transaction that makes the change, so both commit or neither. */
export async function recordAudit(db: Db, entry: AuditEntryInput): Promise<void> {
  await db.insertInto('audit_log').values({
    tenant_id: entry.tenantId,
    actor_id: entry.actorId,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    metadata: JSON.stringify(entry.metadata ?? {}),
    request_id: entry.requestId,
  }).execute();
}

export interface AuditFilter {
  tenantId: string;
  action?: string | undefined;
  actorId?: string | undefined;
  target?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: { createdAt: string; id: string } | undefined;
  limit: number;
}

/** Newest first, keyset-paginated on (created_at, id). `target` matches a target type or a target id. */
export async function listAudit(db: Db, filter: AuditFilter) {
  let query = db.selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.action', 'a.actor_id', 'u.email as actor_email', 'a.target_type', 'a.target_id', 'a.metadata', 'a.request_id', 'a.created_at'])
    .where('a.tenant_id', '=', filter.tenantId);
  if (filter.action) query = query.where('a.action', 'like', `${filter.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.actorId) query = query.where('a.actor_id', '=', filter.actorId);
  if (filter.target) {
    const target = filter.target;
    query = query.where((eb) => eb.or([eb('a.target_type', '=', target), eb('a.target_id', '=', target)]));
  }
  if (filter.from) query = query.where('a.created_at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('a.created_at', '<=', new Date(filter.to));
  if (filter.cursor) {
    const { createdAt, id } = filter.cursor;
    query = query.where((eb) => eb.or([
      eb('a.created_at', '<', new Date(createdAt)),
      eb.and([eb('a.created_at', '=', new Date(createdAt)), eb('a.id', '<', id)]),
    ]));
  }
  return query.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(filter.limit + 1).execute();
}
