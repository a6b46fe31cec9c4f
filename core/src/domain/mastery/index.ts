// Mastery: the seed baseline rule, the per-topic learning-aware Bayesian IRT model and the tier moves (see docs/mastery-model.md).
export * from './tiers.js';
export * from './seed-rule.js';
export * from './skill-model.js';
export * from './course-mastery.js';
export * from './tier-moves.js';
