import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** A database handle or an open transaction: repositories accept either, so use cases choose the transaction. */
export type Db = Kysely<Database> | Transaction<Database>;

/**
 * The connection itself (not a transaction), for code that opens its own transactions or runs in the
 * background. Use cases name the handle through these aliases, so only repositories import kysely.
 */
export type DbConnection = Kysely<Database>;

/** An open transaction, as `withTransaction` hands it to its work. */
export type DbTransaction = Transaction<Database>;

/**
 * Runs `work` in a transaction (or inside the caller's, when `db` already is one).
 *
 * @example
 * await withTransaction(db, async (trx) => { await insertCourse(trx, …); await recordAudit(trx, …); });
 */
export async function withTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return (db as Kysely<Database>).transaction().execute(work);
}
