export * from './app-error.js';
export * from './unrecoverable-error.js';
