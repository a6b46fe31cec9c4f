// Public face of @tutorgraph/worker: the job runtime (for the demo's in-process queue) and the parsers.
export * from './job-runtime.js';
export * from './jobs/ingest-document.job.js';
export * from './parse/parse-document.js';
export * from './parse/threaded-parser.js';
export * from './schedules.js';
export * from './run-worker.js';
export * from './worker-settings.js';
export * from './health-server.js';
