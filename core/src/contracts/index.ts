export * from './common.js';
export * from './courses.js';
export * from './errors.js';
export * from './identity.js';
export * from './system.js';
export * from './wire.js';
export * from './study.js';
export * from './analytics.js';
