/**
 * Thrown inside a job when cancellation was requested; the runner marks the job `cancelled`.
 *
 * @example
 * if (await isCancelRequested(db, jobId)) throw new JobCancelledError(jobId);
 */
export class JobCancelledError extends Error {
  constructor(readonly jobId: string) {
    super(`Job ${jobId} was cancelled`);
    this.name = 'JobCancelledError';
  }
}

/**
 * Thrown when a worker finds that another worker has taken its job over (its lock expired and the job
 * was recovered as stalled). The first worker stops quietly: the row belongs to the other one now.
 *
 * @example
 * throw new JobOwnershipLostError(jobId, workerId);
 */
export class JobOwnershipLostError extends Error {
  constructor(readonly jobId: string, readonly workerId: string) {
    super(`Job ${jobId} is no longer owned by worker ${workerId}`);
    this.name = 'JobOwnershipLostError';
  }
}
