import type { JobStatus } from '../../db/schema.js';

/** The stages a running job reports, in order; the UI shows them as progress. */
export const RUNNING_STAGES = ['running:parsing', 'running:chunking', 'running:embedding', 'running:indexing'] as const;
export type RunningStage = (typeof RUNNING_STAGES)[number] | 'running';

/** States a job never leaves on its own. */
export const TERMINAL_STATUSES = ['succeeded', 'failed', 'dead_lettered', 'cancelled'] as const satisfies readonly JobStatus[];

/** States from which a worker may (re)start a job. `running*` is claimable too: that is stall recovery. */
export const CLAIMABLE_STATUSES = ['queued', 'retry_scheduled', 'stalled'] as const satisfies readonly JobStatus[];

/** True for `running` and every `running:*` stage. */
export function isRunning(status: string): boolean {
  return status === 'running' || status.startsWith('running:');
}

/** True when the job is finished for good. */
export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * One job as the domain sees it (camelCase); the `jobs` row is what the API and the UI show.
 *
 * @example
 * if (job.status === 'retry_scheduled') console.log(`retry at ${job.nextRetryAt?.toISOString()}`);
 */
export interface JobRecord {
  id: string;
  tenantId: string;
  kind: string;
  targetType: string;
  targetId: string;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  errorCode: string | null;
  nextRetryAt: Date | null;
  cancelRequested: boolean;
  payload: Record<string, unknown>;
  result: Record<string, unknown> | null;
  workerId: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** What happened when a worker ran (or tried to run) a job; the queue adapter acts on it. */
export type JobOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; reason: string }
  | { status: 'retry_scheduled'; delayMs: number; attempt: number }
  | { status: 'dead_lettered'; reason: string }
  | { status: 'cancelled' }
  /** Nothing to do: already finished, unknown id, or another worker now owns it. */
  | { status: 'skipped'; reason: string };
