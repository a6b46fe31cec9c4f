// Quizzes: key-term extraction, the local deterministic generator, grading (see generate-local-quiz.ts).
export * from './types.js';
export * from './extract-terms.js';
export * from './scenarios.js';
export * from './similarity.js';
export * from './build-questions.js';
export * from './generate-local-quiz.js';
