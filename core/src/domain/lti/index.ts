// LTI feature: launch mapping (domain) and its repositories. Re-exports only.
export * from './lti-claims.js';
export * from './map-roles.js';
export * from './launch-store.port.js';
export * from './map-launch.js';
export * from '../../db/repositories/lti-registrations.repository.js';
export * from '../../db/repositories/lti-launch.repository.js';
export * from '../../db/repositories/lti-documents.repository.js';
export * from './lti.contracts.js';
export * from './manage-registrations.js';
export * from '../../db/repositories/lti-keys.repository.js';
export * from '../../db/repositories/lti-services.repository.js';
export * from './platform-client.js';
export * from './user-agent.js';
export * from './score-passback.job.js';
export * from './roster-sync.job.js';
export * from './lti-jobs.js';
export * from './registration-links.js';
export type { RegistrationLink } from '../../db/repositories/lti-registration-links.repository.js';
