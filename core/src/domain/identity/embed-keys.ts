import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Db, withTransaction } from '../../db/db-types.js';
import { findApiKey, findApiKeyByPrefix, insertApiKey, listApiKeys as listApiKeyRows, markApiKeyRevoked, touchApiKey } from './api-keys.repository.js';
import { findCourse } from './courses.repository.js';
import { AppError, notFound } from '../../errors/app-error.js';
import { type Actor, assertRole } from './actor.js';
import { audit } from './audit.js';

/** What a key may mint: learner tokens, instructor tokens, or both. */
export const API_KEY_SCOPES = ['embed:learner', 'embed:instructor'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

type KeyRow = Awaited<ReturnType<typeof findApiKey>> & {};

const hashKey = (key: string) => createHash('sha256').update(key).digest();
const present = (row: KeyRow) => ({
  id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes as ApiKeyScope[], courseId: row.course_id,
  createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at, isRevoked: row.revoked_at !== null,
});

/**
 * Creates an API key for a host site's server (admins). The secret is returned once; only its SHA-256 is
 * stored, and the key is found by its prefix (`tgk_…`), which lists show.
 *
 * @example
 * const { key } = await createApiKey(db, actor, { name: 'Course site', scopes: ['embed:learner'] }); // 'tgk_ab12cd34ef56.…'
 */
export async function createApiKey(db: Db, actor: Actor, input: { name: string; scopes: ApiKeyScope[]; courseId?: string | undefined }) {
  assertRole(actor, 'admin');
  if (input.scopes.length === 0) throw new AppError('INVALID_ARGUMENT', 'Choose at least one scope', { fields: { scopes: 'at least one' } });
  return withTransaction(db, async (trx) => {
    if (input.courseId && !(await findCourse(trx, actor.tenantId, input.courseId))) throw notFound('Course', { course_id: input.courseId });
    const prefix = `tgk_${randomBytes(6).toString('hex')}`;
    const key = `${prefix}.${randomBytes(32).toString('base64url')}`;
    const row = await insertApiKey(trx, {
      tenantId: actor.tenantId, name: input.name, prefix, keyHash: hashKey(key).toString('hex'),
      scopes: [...new Set(input.scopes)], courseId: input.courseId ?? null, createdBy: actor.userId,
    });
    await audit(trx, actor, 'api_key.created', 'api_key', row.id, { prefix, scopes: row.scopes, course_id: row.course_id });
    return { ...present(row), key };
  });
}

export async function listApiKeys(db: Db, actor: Actor) {
  assertRole(actor, 'admin');
  return (await listApiKeyRows(db, actor.tenantId)).map(present);
}

/** Revokes a key at once: it mints nothing afterwards (tokens it already minted live out their short life). */
export async function revokeApiKey(db: Db, actor: Actor, keyId: string) {
  assertRole(actor, 'admin');
  await withTransaction(db, async (trx) => {
    const row = await findApiKey(trx, actor.tenantId, keyId);
    if (!row) throw notFound('API key', { api_key_id: keyId });
    await markApiKeyRevoked(trx, keyId);
    await audit(trx, actor, 'api_key.revoked', 'api_key', keyId, { prefix: row.prefix });
  });
}

/**
 * Checks a presented key: known prefix, matching hash (constant-time), not revoked, holding `scope`.
 * Every failure is UNAUTHENTICATED or FORBIDDEN without saying which part was wrong.
 */
export async function authenticateApiKey(db: Db, presented: string, scope: ApiKeyScope) {
  const prefix = presented.split('.')[0] ?? '';
  const row = /^tgk_[0-9a-f]{12}$/.test(prefix) ? await findApiKeyByPrefix(db, prefix) : undefined;
  const expected = row ? Buffer.from(row.key_hash, 'hex') : Buffer.alloc(32);
  const isMatch = timingSafeEqual(hashKey(presented), expected) && row !== undefined;
  if (!row || !isMatch || row.revoked_at) throw new AppError('UNAUTHENTICATED', 'The API key is not valid or was revoked');
  if (!row.scopes.includes(scope)) throw new AppError('FORBIDDEN', `This API key lacks the ${scope} scope`, { required_scope: scope });
  await touchApiKey(db, row.id);
  return { keyId: row.id, tenantId: row.tenant_id, courseId: row.course_id, prefix: row.prefix };
}
