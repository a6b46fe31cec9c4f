// Study tools: notes per document and topic, flashcards with a quality gate, FSRS scheduling, the daily queue.
export * from './types.js';
export type { StoredNoteLine, StudyTables } from '../../db/study.schema.js';
export { frontLeaksBack, isSupportedBy, isUsableTerm, supportShare } from './support.js';
export { LOCAL_NOTES_GENERATOR, createLocalNotesGenerator, generateLocalNotes, headingPassage, isLineSupported } from './generate-local-notes.js';
export { type OpenAiNotesOptions, createOpenAiNotesGenerator } from './openai-notes.generator.js';
export { type CourseCards, buildCourseCards, draftCourseCards, gateCard } from './build-cards.js';
export { FSRS_PARAMETERS, REVIEW_RATINGS, type ReviewRating, type ScheduledReview, type StoredCardState, scheduleReview } from './schedule-card.js';
export { type StudyMaterialDeps, type StudyMaterialResult, regenerateStudyMaterial } from './regenerate-study-material.js';
export { type NoteCitationView, type NoteLineInput, type NoteLineView, type StudyNotesView, getDocumentNotes, getTopicNotes, listCourseNotes, updateDocumentNotes } from './notes.js';
export { type FlashcardView, addCardFromAnswer, addCardFromMissedQuestion, listFlashcards } from './flashcards.js';
export { type ReviewView, reviewFlashcard } from './review-card.js';
export { STUDY_QUEUE, type QueueReason, type StudyQueueView, getStudyQueue } from './study-queue.js';
export { studyNotesGeneratorFor } from './notes-generator-for.js';
