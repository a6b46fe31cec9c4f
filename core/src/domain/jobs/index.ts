// Jobs: the state machine every background job follows, and the registry features add their kinds to.
export * from './job.types.js';
export * from './jobs.errors.js';
export * from './jobs.repository.js';
export * from './job-handlers.js';
export * from './run-job.js';
export * from './enqueue.js';
export * from './job-sweeper.js';
