import { type Selectable, sql } from 'kysely';
import { type Db, withTransaction } from '../../db/db-types.js';
import type { JobStatus, JobsTable } from '../../db/schema.js';
import { CLAIMABLE_STATUSES, type JobRecord, type RunningStage } from './job.types.js';

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

/** Result of trying to take a job: the row now running under this worker, and what state it was found in. */
export interface ClaimResult { job: JobRecord; previousStatus: JobStatus }

/**
 * Takes a job for a worker: from `queued`, `retry_scheduled`, `stalled`, or a `running*` state left
 * behind by a dead worker (recorded as `stalled` first). Counts the attempt. Returns undefined when the
 * job is finished, cancelled or missing. Row-locked, so two workers can never both claim it.
 */
export async function claimJob(db: Db, jobId: string, workerId: string): Promise<ClaimResult | undefined> {
  return withTransaction(db, async (trx) => {
    const current = await trx.selectFrom('jobs').selectAll().where('id', '=', jobId).forUpdate().executeTakeFirst();
    if (!current) return undefined;
    const wasRunning = current.status === 'running' || current.status.startsWith('running:');
    if (!wasRunning && !(CLAIMABLE_STATUSES as readonly string[]).includes(current.status)) return undefined;
    if (wasRunning) {
      await trx.updateTable('jobs').set({
        status: 'stalled', updated_at: new Date(),
        last_error: `The worker${current.worker_id ? ` ${current.worker_id}` : ''} stopped mid-job; picked up again.`,
      }).where('id', '=', jobId).execute();
    }
    const row = await trx.updateTable('jobs').set({
      status: 'running', attempts: sql<number>`attempts + 1`, worker_id: workerId,
      started_at: new Date(), updated_at: new Date(), next_retry_at: null, finished_at: null,
    }).where('id', '=', jobId).returningAll().executeTakeFirstOrThrow();
    return { job: toRecord(row), previousStatus: wasRunning ? 'stalled' : current.status };
  });
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
  await db.updateTable('jobs').set({ status: 'stalled', updated_at: new Date(), last_error: 'The process stopped mid-job; picked up again after restart.' })
    .where('status', 'in', ['running', 'running:parsing', 'running:chunking', 'running:embedding', 'running:indexing']).execute();
  const rows = await db.selectFrom('jobs').select(['id', 'kind', 'tenant_id', 'status', 'next_retry_at', 'created_at'])
    .where('status', 'in', [...CLAIMABLE_STATUSES]).where('cancel_requested', '=', false)
    .orderBy('created_at', 'asc').execute();
  return rows.map((row) => ({
    id: row.id, kind: row.kind, tenantId: row.tenant_id,
    dueAt: row.status === 'retry_scheduled' && row.next_retry_at ? row.next_retry_at : row.created_at,
  }));
}
