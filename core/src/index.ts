// Public face of @tutorgraph/core: re-exports only. One line per feature folder.
export * from './config/config.js';
export * from './contracts/index.js';
export * from './errors/index.js';
export * from './db/database.js';
export * from './db/migrator.js';
export * from './db/schema.js';
export * from './domain/identity/index.js';
export * from './db/db-types.js';
export * from './db/repositories/audit.repository.js';
export * from './db/repositories/identity.repository.js';
export * from './config/logger.js';
export * from './providers/index.js';
export * from './domain/jobs/index.js';
export * from './domain/ingestion/index.js';
export * from './db/repositories/chunks.repository.js';
export * from './domain/lti/index.js';
