// Mastery: the seed baseline rule and the per-topic Bayesian IRT model (see docs/mastery-model.md).
export * from './tiers.js';
export * from './seed-rule.js';
export * from './skill-model.js';
export * from './course-mastery.js';
