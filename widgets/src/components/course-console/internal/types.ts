/**
 * The console's wire types, from the server's zod contracts (type-only: nothing of core reaches the bundle), so
 * the console and the API cannot drift apart.
 */
export type {
  CourseAnalyticsWire, LearnerDrilldownWire, QuestionLogWire, GapReportWire, ItemReviewListWire, ReviewItemWire, CourseGradesWire,
  CourseRosterWire, DocumentPreviewWire, UpdateItemRequestWire, CourseDocumentWire, CourseDocumentListWire, RenameDocumentRequestWire,
} from '../../../../../core/src/contracts/analytics.js';
