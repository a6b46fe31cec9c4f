import { z } from 'zod';

export const HealthResponse = z.object({
  ok: z.boolean(),
  uptime_ms: z.number().int(),
  version: z.string(),
  db: z.enum(['pglite', 'postgres']),
  queue: z.enum(['in-process', 'bullmq', 'none']),
  checks: z.object({
    db: z.enum(['ok', 'failing']),
    queue: z.enum(['ok', 'failing']),
    /** `starting` while start-up work (the demo's seed and ingestion) is still running: not ready for users. */
    startup: z.enum(['ok', 'starting']).optional(),
  }),
}).meta({ id: 'Health' });

export const VersionResponse = z.object({ version: z.string(), node: z.string(), commit: z.string().nullable() }).meta({ id: 'Version' });
