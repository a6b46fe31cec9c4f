// Outbound HTTP: the one policy for every tool→LMS call. Re-exports only.
export * from './address-policy.js';
export * from './outbound-http.js';
