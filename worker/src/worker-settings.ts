/** Each worker-only setting: its default and allowed range (integers). */
const SETTINGS = {
  WORKER_HEALTH_PORT: { fallback: 3001, min: 0, max: 65_535 },
  JOB_LEASE_MS: { fallback: 30_000, min: 1000, max: 3_600_000 },
  JOB_SWEEP_INTERVAL_MS: { fallback: 5000, min: 100, max: 600_000 },
  WORKER_STOP_GRACE_MS: { fallback: 6000, min: 0, max: 60_000 },
} as const;

/** The worker's own settings (the shared ones come from core's `loadConfig`). */
export interface WorkerSettings {
  /** GET /health on this port (0: a free one, logged). @defaultValue 3001 */
  healthPort: number;
  /** @defaultValue '0.0.0.0' */
  healthHost: string;
  /** How long a claimed job is held without renewal; after that it counts as stalled. @defaultValue 30000 */
  leaseMs: number;
  /** How often the job sweeper hands waiting jobs to the queue. @defaultValue 5000 */
  sweepIntervalMs: number;
  /**
   * On SIGTERM, how long running jobs may take to finish before they are released to other workers. Keep
   * it below the orchestrator's stop window (compose: 10 s) minus ~2 s for releasing and closing.
   * @defaultValue 6000
   */
  stopGraceMs: number;
}

/** Every worker-only setting (docker-compose.yml and .env.example list these too). */
export const WORKER_SETTING_KEYS = [...Object.keys(SETTINGS), 'WORKER_HEALTH_HOST'] as readonly string[];

/**
 * Parses the worker's own settings; empty values mean unset. Throws a readable message listing each problem.
 *
 * @example
 * const settings = loadWorkerSettings(process.env);
 */
export function loadWorkerSettings(env: Record<string, string | undefined>): WorkerSettings {
  const problems: string[] = [];
  const read = (key: keyof typeof SETTINGS): number => {
    const { fallback, min, max } = SETTINGS[key];
    const raw = env[key]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${key}: expected an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const settings = {
    healthPort: read('WORKER_HEALTH_PORT'), healthHost: env.WORKER_HEALTH_HOST?.trim() || '0.0.0.0', leaseMs: read('JOB_LEASE_MS'),
    sweepIntervalMs: read('JOB_SWEEP_INTERVAL_MS'), stopGraceMs: read('WORKER_STOP_GRACE_MS'),
  };
  if (problems.length > 0) throw new Error(`Invalid worker settings:\n  ${problems.join('\n  ')}`);
  return settings;
}
