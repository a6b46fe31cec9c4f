// Public face of the Q&A feature: re-exports only.
export * from './answer-policy.js';
export * from './answer-question.js';
export * from './focus-rerank.js';
export * from './follow-up.js';
export * from './list-recent-questions.js';
export * from './qa.ports.js';
export * from './rank-fusion.js';
export * from './record-feedback.js';
export * from './question-analysis.js';
export * from './question-history.js';
export * from './refusal.js';
export * from './retrieve-chunks.js';
export * from './sentence-roles.js';
export * from './snippet.js';
export * from './spelling.js';
export * from './text-analysis.js';
export * from './verify-answer.js';
