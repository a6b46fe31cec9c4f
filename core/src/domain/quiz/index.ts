// Quizzes: generation (local key-term generator, OpenAI-compatible port), grading with citations, attempts, performance.
export type { AnswerKey, GeneratedQuestion, OptionNote, QuestionType, QuizGenerationRequest, QuizGenerator, SourceChunk } from './types.js';
export { QUESTION_TYPES } from './types.js';
export { type KeyTerm, extractKeyTerms } from './extract-terms.js';
export { LOCAL_QUIZ_GENERATOR, createLocalQuizGenerator, generateLocalCandidates, generateLocalQuiz } from './generate-local-quiz.js';
export { type GivenAnswer, gradeAnswer, isShortAnswerCorrect, normaliseAnswer } from './grading.js';
export { type CreateQuizDeps, type QuizView, createQuiz, getQuiz } from './create-quiz.js';
export { type AttemptGraded, type AttemptGradedHook, type AttemptResultView, type SubmitAttemptDeps, submitAttempt } from './submit-attempt.js';
export { type AttemptDetailView, getAttempt } from './get-attempt.js';
export { gateItems, itemProblems, type GateResult, type RejectedItem } from './item-gate.js';
export { type AttemptSummaryView, type PerformanceView, getPerformance, listCourseAttempts, listQuizAttempts } from './performance.js';
export * from '../../contracts/quizzes.js';
export { type OpenAiQuizOptions, createOpenAiQuizGenerator } from '../../providers/llm/openai-quiz.generator.js';
