import { type Selectable, sql } from 'kysely';
import { type Db, withTransaction } from '../../db/db-types.js';
import type { JobStatus, JobsTable } from '../../db/schema.js';
import { CLAIMABLE_STATUSES, type JobRecord, type RunningStage, isRunning } from './job.types.js';

// The jobs table is this feature's own: its SQL lives here, next to the state machine that drives it.

type JobRow = Selectable<JobsTable>;

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id, tenantId: row.tenant_id, kind: row.kind, targetType: row.target_type, targetId: row.target_id,
    status: row.status, attempts: row.attempts, maxAttempts: row.max_attempts, lastError: row.last_error,
    errorCode: row.error_code, nextRetryAt: row.next_retry_at, cancelRequested: row.cancel_requested,
    payload: row.payload ?? {}, result: row.result, workerId: row.worker_id, createdAt: row.created_at,
    updatedAt: row.updated_at, startedAt: row.started_at, finishedAt: row.finished_at,
  };
}

/** Input of `createJob`: ids only in the payload, never file contents or secrets. */
export interface CreateJobInput {
  tenantId: string;
  kind: string;
  targetType: string;
  targetId: string;
  payload?: Record<string, unknown>;
  /** @defaultValue the column default (5); pass config.jobs.maxAttempts */
  maxAttempts?: number;
}

/**
 * Writes a `queued` job row. Call `enqueue(queue, job)` afterwards (or use `createAndEnqueueJob`) so a
 * worker picks it up.
 *
 * @example
 * const job = await createJob(db, { tenantId, kind: 'ingest_document', targetType: 'document', targetId: documentId });
 */
export async function createJob(db: Db, input: CreateJobInput): Promise<JobRecord> {
  const row = await db.insertInto('jobs').values({
    tenant_id: input.tenantId, kind: input.kind, target_type: input.targetType, target_id: input.targetId,
    payload: JSON.stringify(input.payload ?? {}),
    ...(input.maxAttempts ? { max_attempts: input.maxAttempts } : {}),
  }).returningAll().executeTakeFirstOrThrow();
  return toRecord(row);
}

/** One job by id, or undefined. */
export async function findJob(db: Db, jobId: string): Promise<JobRecord | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** The newest job for a target (e.g. a document), or undefined. */
export async function findLatestJobFor(db: Db, tenantId: string, targetType: string, targetId: string): Promise<JobRecord | undefined> {
  const row = await db.selectFrom('jobs').selectAll()
    .where('tenant_id', '=', tenantId).where('target_type', '=', targetType).where('target_id', '=', targetId)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** The newest job of each of many targets, keyed by target id (one query for a list page). */
export async function findLatestJobsFor(db: Db, tenantId: string, targetType: string, targetIds: string[]): Promise<Map<string, JobRecord>> {
  if (targetIds.length === 0) return new Map();
  const rows = await db.selectFrom('jobs').selectAll()
    .where('tenant_id', '=', tenantId).where('target_type', '=', targetType).where('target_id', 'in', targetIds)
    .orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
  return new Map(rows.map((row) => [row.target_id, toRecord(row)]));
}

/**
 * Result of trying to take a job: `claimed` (now running under this worker, with the state it was found in),
 * `dead_lettered` (it stalled on its last attempt: a stall counts as an attempt), or `busy` (another worker
 * holds a live lease on it: this delivery is a duplicate and must not steal it).
 */
export type ClaimResult =
  | { outcome: 'claimed'; job: JobRecord; previousStatus: JobStatus }
  | { outcome: 'dead_lettered'; job: JobRecord }
  | { outcome: 'busy'; workerId: string | null };

const RUNNING_STATUSES = ['running', 'running:parsing', 'running:chunking', 'running:embedding', 'running:indexing'] as const;

/** `now() + ms` in the database's clock, so leases compare the same on every machine. */
const leaseUntil = (leaseMs: number) => sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})`;

/**
 * Takes a job for a worker: from `queued`, `retry_scheduled`, `stalled`, or a `running*` state whose lease
 * expired (its worker died: recorded as `stalled` first). Counts the attempt and starts a lease of `leaseMs`
 * that the worker renews with `renewJobLease`. A stalled job with no attempts left is dead-lettered instead.
 * Returns undefined when the job is finished, cancelled or missing. Row-locked, so two workers can never
 * both claim it.
 *
 * @example
 * const claim = await claimJob(db, jobId, 'worker-a', 30_000);
 */
export async function claimJob(db: Db, jobId: string, workerId: string, leaseMs: number): Promise<ClaimResult | undefined> {
  return withTransaction(db, async (trx) => {
    const current = await trx.selectFrom('jobs').selectAll()
      .select(sql<boolean>`coalesce(lease_expires_at > now(), false)`.as('is_leased'))
      .where('id', '=', jobId).forUpdate().executeTakeFirst();
    if (!current) return undefined;
    const wasRunning = isRunning(current.status);
    if (wasRunning && current.is_leased) return { outcome: 'busy', workerId: current.worker_id };
    if (!wasRunning && !(CLAIMABLE_STATUSES as readonly string[]).includes(current.status)) return undefined;
    const hasStalled = wasRunning || current.status === 'stalled';
    if (wasRunning) {
      await trx.updateTable('jobs').set({
        status: 'stalled', updated_at: new Date(), lease_expires_at: null,
        last_error: `The worker${current.worker_id ? ` ${current.worker_id}` : ''} stopped mid-job; picked up again.`,
      }).where('id', '=', jobId).execute();
    }
    if (hasStalled && current.attempts >= current.max_attempts) {
      const row = await trx.updateTable('jobs').set({
        status: 'dead_lettered', error_code: 'DEAD_LETTERED', finished_at: new Date(), updated_at: new Date(), next_retry_at: null,
        lease_expires_at: null,
        last_error: `Gave up after ${current.attempts} attempts: the worker stopped mid-job on the last one${current.worker_id ? ` (${current.worker_id})` : ''}.`,
      }).where('id', '=', jobId).returningAll().executeTakeFirstOrThrow();
      return { outcome: 'dead_lettered', job: toRecord(row) };
    }
    const row = await trx.updateTable('jobs').set({
      status: 'running', attempts: sql<number>`attempts + 1`, worker_id: workerId, lease_expires_at: leaseUntil(leaseMs),
      started_at: new Date(), updated_at: new Date(), next_retry_at: null, finished_at: null,
    }).where('id', '=', jobId).returningAll().executeTakeFirstOrThrow();
    return { outcome: 'claimed', job: toRecord(row), previousStatus: hasStalled ? 'stalled' : current.status };
  });
}

/**
 * Extends this worker's lease on a running job. Returns false when the worker no longer owns it (taken over,
 * released, cancelled while waiting): the job must then stop without writing.
 *
 * @example
 * if (!(await renewJobLease(db, jobId, workerId, 30_000))) abort();
 */
export async function renewJobLease(db: Db, jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
  const result = await db.updateTable('jobs').set({ lease_expires_at: leaseUntil(leaseMs) })
    .where('id', '=', jobId).where('worker_id', '=', workerId).where('status', 'in', [...RUNNING_STATUSES])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Gives back every job this worker is running, uncounted, as `queued` (a graceful stop that cannot wait for
 * them): the attempt is returned and the sweeper hands the job to another worker. Returns the released rows.
 *
 * @example
 * const released = await releaseWorkerJobs(db, 'worker-a');
 */
export async function releaseWorkerJobs(db: Db, workerId: string): Promise<{ id: string; tenantId: string; kind: string }[]> {
  const rows = await db.updateTable('jobs').set({
    status: 'queued', worker_id: null, lease_expires_at: null, updated_at: new Date(),
    attempts: sql<number>`greatest(attempts - 1, 0)`,
    last_error: `Released by ${workerId} while stopping; waiting for another worker.`,
  }).where('worker_id', '=', workerId).where('status', 'in', [...RUNNING_STATUSES])
    .returning(['id', 'tenant_id', 'kind']).execute();
  return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id, kind: row.kind }));
}

/** A job the sweeper hands (again) to the queue. */
export interface JobToHandOver { id: string; tenantId: string; kind: string; status: JobStatus }

/**
 * The outbox scan. First every `running*` row whose lease expired becomes `stalled` (its worker died or lost
 * the database); then it lists what should be in the queue: `stalled` rows, `queued` rows untouched
 * for `graceMs` (a fresh row's own hand-over is still on its way), and `retry_scheduled` rows due `graceMs` ago
 * (their delayed queue message normally comes first). Oldest first, at most `limit`.
 *
 * @example
 * for (const job of await listJobsToHandOver(db, { graceMs: 5000 })) await queue.ensureQueued(job);
 */
export async function listJobsToHandOver(db: Db, options: { graceMs: number; limit?: number }): Promise<JobToHandOver[]> {
  const grace = sql<Date>`now() - make_interval(secs => ${options.graceMs / 1000})`;
  await db.updateTable('jobs').set({
    status: 'stalled', lease_expires_at: null, updated_at: new Date(),
    last_error: sql<string>`'The worker ' || coalesce(worker_id, '') || ' stopped renewing its lease mid-job; picked up again.'`,
  }).where('status', 'in', [...RUNNING_STATUSES])
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', sql<Date>`now()`)]))
    .execute();
  const rows = await db.selectFrom('jobs').select(['id', 'tenant_id', 'kind', 'status'])
    .where('cancel_requested', '=', false)
    .where((eb) => eb.or([
      eb('status', '=', 'stalled'),
      eb.and([eb('status', '=', 'queued'), eb('updated_at', '<=', grace)]),
      eb.and([eb('status', '=', 'retry_scheduled'), eb('next_retry_at', '<=', grace)]),
    ]))
    .orderBy('created_at', 'asc').limit(options.limit ?? 500).execute();
  return rows.map((row) => ({ id: row.id, tenantId: row.tenant_id, kind: row.kind, status: row.status }));
}

/**
 * Moves a running job to its next stage, only while this worker still owns it. Returns the owned row's
 * `cancelRequested`, or undefined when ownership is lost.
 */
export async function setJobStage(db: Db, jobId: string, workerId: string, stage: RunningStage): Promise<{ cancelRequested: boolean } | undefined> {
  const row = await db.updateTable('jobs').set({ status: stage, updated_at: new Date() })
    .where('id', '=', jobId).where('worker_id', '=', workerId)
    .where('status', 'in', ['running', 'running:parsing', 'running:chunking', 'running:embedding', 'running:indexing'])
    .returning(['cancel_requested']).executeTakeFirst();
  return row ? { cancelRequested: row.cancel_requested } : undefined;
}

/** Whether cancellation was asked for (checked by the job between steps). */
export async function isCancelRequested(db: Db, jobId: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('cancel_requested').where('id', '=', jobId).executeTakeFirst();
  return row?.cancel_requested ?? true;
}

/** The end (or pause) of an attempt, written only if this worker still owns the row. */
export interface FinishAttempt {
  status: Extract<JobStatus, 'succeeded' | 'failed' | 'retry_scheduled' | 'dead_lettered' | 'cancelled'>;
  lastError?: string | null;
  errorCode?: string | null;
  nextRetryAt?: Date | null;
  result?: Record<string, unknown> | null;
}

/** Records how an attempt ended. Returns the new row, or undefined when another worker owns the job now. */
export async function finishAttempt(db: Db, jobId: string, workerId: string, end: FinishAttempt): Promise<JobRecord | undefined> {
  const isFinal = end.status !== 'retry_scheduled';
  const row = await db.updateTable('jobs').set({
    status: end.status,
    last_error: end.lastError ?? null,
    error_code: end.errorCode ?? null,
    next_retry_at: end.nextRetryAt ?? null,
    lease_expires_at: null,
    updated_at: new Date(),
    ...(end.result !== undefined ? { result: JSON.stringify(end.result) } : {}),
    ...(isFinal ? { finished_at: new Date() } : {}),
  }).where('id', '=', jobId).where('worker_id', '=', workerId)
    .where('status', 'in', ['running', 'running:parsing', 'running:chunking', 'running:embedding', 'running:indexing'])
    .returningAll().executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/**
 * Asks a job to stop. A job that is not running yet is cancelled at once; a running one stops at its
 * next step. Returns the updated job, or undefined when there is no such job.
 */
export async function requestJobCancel(db: Db, jobId: string): Promise<JobRecord | undefined> {
  return withTransaction(db, async (trx) => {
    const current = await trx.selectFrom('jobs').selectAll().where('id', '=', jobId).forUpdate().executeTakeFirst();
    if (!current) return undefined;
    const waiting = (CLAIMABLE_STATUSES as readonly string[]).includes(current.status);
    const isFinished = ['succeeded', 'failed', 'dead_lettered', 'cancelled'].includes(current.status);
    if (isFinished) return toRecord(current);
    const row = await trx.updateTable('jobs').set({
      cancel_requested: true, updated_at: new Date(),
      ...(waiting ? { status: 'cancelled' as const, finished_at: new Date(), next_retry_at: null } : {}),
    }).where('id', '=', jobId).returningAll().executeTakeFirstOrThrow();
    return toRecord(row);
  });
}

/** Marks a job cancelled without an owner (e.g. claimed with cancellation already requested). */
export async function markJobCancelled(db: Db, jobId: string): Promise<void> {
  await db.updateTable('jobs').set({ status: 'cancelled', finished_at: new Date(), updated_at: new Date(), next_retry_at: null })
    .where('id', '=', jobId).execute();
}

/**
 * For the in-process runner's start-up sweep: every job a dead process left `running*` becomes `stalled`
 * (to be picked up again). Returns the ids of all jobs waiting to run, with when each is due.
 */
export async function recoverAndListPendingJobs(db: Db): Promise<{ id: string; kind: string; tenantId: string; dueAt: Date }[]> {
  await db.updateTable('jobs').set({ status: 'stalled', updated_at: new Date(), lease_expires_at: null, last_error: 'The process stopped mid-job; picked up again after restart.' })
    .where('status', 'in', ['running', 'running:parsing', 'running:chunking', 'running:embedding', 'running:indexing']).execute();
  const rows = await db.selectFrom('jobs').select(['id', 'kind', 'tenant_id', 'status', 'next_retry_at', 'created_at'])
    .where('status', 'in', [...CLAIMABLE_STATUSES]).where('cancel_requested', '=', false)
    .orderBy('created_at', 'asc').execute();
  return rows.map((row) => ({
    id: row.id, kind: row.kind, tenantId: row.tenant_id,
    dueAt: row.status === 'retry_scheduled' && row.next_retry_at ? row.next_retry_at : row.created_at,
  }));
}
