import type { JobRecord, RunningStage } from './job.types.js';

/** What a running job can do besides its own work: report its stage, and learn that it should stop. */
export interface JobContext {
  readonly job: JobRecord;
  readonly workerId: string;
  /** 1-based attempt number of this run. */
  readonly attempt: number;
  /** Records the stage; throws JobCancelledError when cancellation was requested, JobOwnershipLostError when taken over. */
  setStage(stage: RunningStage): Promise<void>;
  /** Throws JobCancelledError when cancellation was requested. */
  checkCancelled(): Promise<void>;
}

/**
 * Does the work of one job kind. Throw `UnrecoverableJobError` for bad input (no retry); any other error
 * is treated as transient and retried with backoff. Must be idempotent: a job may run again after a crash.
 *
 * @example
 * registry.register({ kind: 'lti_grade_passback', run: async (ctx) => { await pushScore(ctx.job.targetId); } });
 */
export interface JobHandler {
  readonly kind: string;
  run(context: JobContext): Promise<Record<string, unknown> | void>;
  /** Mirrors the job's status onto its target (e.g. `documents.status`) after every transition. */
  onStatus?(job: JobRecord): Promise<void>;
}

/**
 * Handlers by job kind, so each feature adds its own (ingestion, LTI grade passback, roster sync, quiz
 * generation) without the runner knowing them.
 *
 * @example
 * const registry = new JobHandlerRegistry().register(ingestDocumentHandler);
 */
export class JobHandlerRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  register(handler: JobHandler): this {
    if (this.handlers.has(handler.kind)) throw new Error(`A handler for job kind "${handler.kind}" is already registered`);
    this.handlers.set(handler.kind, handler);
    return this;
  }

  get(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }

  kinds(): string[] {
    return [...this.handlers.keys()];
  }
}
