/**
 * A job error that must not be retried: the input itself is bad (corrupt, encrypted, empty, too large).
 * The job goes straight to `failed` with this message as the human-readable reason.
 *
 * @example
 * throw new UnrecoverableJobError('The PDF is password-protected; upload an unlocked copy.', 'ENCRYPTED');
 */
export class UnrecoverableJobError extends Error {
  readonly reason: string;

  constructor(message: string, reason = 'BAD_INPUT', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnrecoverableJobError';
    this.reason = reason;
  }
}
