/**
 * The JSON shapes the widgets read, exactly as on the wire (snake_case). Every one is the output type of the
 * server's zod contract in `core`, imported with `import type` (zero bytes in the bundle), so a renamed or retyped
 * field breaks the widget build instead of a learner's screen. Nothing here declares a server shape again:
 * `api-types-contracts.test.ts` fails when a widget file does.
 *
 * @example
 * const reply = await client.post<QueryResponse>(`/courses/${id}/query`, { question });
 */
import type { ListWire, OkWire, PageWire } from '../../../core/src/contracts/common.js';
import type { CourseDocumentWire } from '../../../core/src/contracts/analytics.js';
import type { CourseWire } from '../../../core/src/contracts/courses.js';
import type {
  AcceptInviteResponseWire, AuditEntryWire, AuthOptionsWire, InvitePreviewWire, InviteWire, MemberWire, MeWire, OidcStartResponseWire,
  SsoResponseWire, SsoSettingsRequestWire, TenantWithRoleWire, TokenResponseWire,
} from '../../../core/src/contracts/identity.js';
import type {
  AnswerPolicyResponseWire, CitationWire, QueryResponseWire, QuestionHistoryItemWire, ReopenedQuestionWire,
} from '../../../core/src/contracts/qa.js';
import type {
  AttemptDetailWire, AttemptResultWire, AttemptSummaryWire, PerformanceWire, QuizQuestionWire, QuizWire, TopicMasteryWire,
} from '../../../core/src/contracts/quizzes.js';
import type { FlashcardReviewWire, StudyNoteLineWire, StudyNotesWire, StudyQueueWire, TopicNotesWire } from '../../../core/src/contracts/study.js';
import type { CourseLtiStatusWire, DynamicRegistrationLinkWire, LtiRegistrationWire } from '../../../core/src/domain/lti/lti.contracts.js';

/** One numbered source of an answer (`cited: false`: retrieved but not used, shown in the debug view only). */
export type Citation = CitationWire;
/** `POST /courses/:id/query` response. */
export type QueryResponse = QueryResponseWire;
/** `GET /courses/:id/answer-policy` response: the teacher's answer policy in force now. */
export type AnswerPolicyResponse = AnswerPolicyResponseWire;
/** One entry of `GET /courses/:id/my-questions`. */
export type QuestionHistoryItem = QuestionHistoryItemWire;
/** `GET /courses/:id/my-questions/:questionId`: the stored answer and its sources. */
export type ReopenedQuestion = ReopenedQuestionWire;

/** One question of a quiz (no answer key). */
export type QuizQuestion = QuizQuestionWire;
/** `POST /courses/:id/quizzes` and `GET /quizzes/:id`. */
export type Quiz = QuizWire;
/** Mastery of one topic, 0–100. */
export type TopicMastery = TopicMasteryWire;
/** `POST /quizzes/:id/attempts` response: the marked attempt and the updated mastery. */
export type AttemptResult = AttemptResultWire;
/** `GET /attempts/:id`: a past attempt with each question's prompt and choices (no mastery). */
export type AttemptDetail = AttemptDetailWire;
/** One row of `GET /courses/:id/attempts?user=me`. */
export type AttemptSummary = AttemptSummaryWire;
/** `GET /courses/:id/performance`. */
export type Performance = PerformanceWire;

/** `GET /courses/:id/study-queue`. */
export type StudyQueueResponse = StudyQueueWire;
/** One card of the study queue. */
export type QueuedFlashcard = StudyQueueWire['items'][number];
/** `POST /flashcards/:id/reviews`. */
export type FlashcardReviewResponse = FlashcardReviewWire;
/** One document's study notes. */
export type StudyNotesDocument = StudyNotesWire;
/** One line of study notes. */
export type StudyNoteLine = StudyNoteLineWire;
/** `GET /topics/:id/notes`: a topic and the notes of the documents that cover it. */
export type TopicNotes = TopicNotesWire;

/** A `list(…)` response (`{ items }`). */
export type ListResponse<T> = ListWire<T>;
/** A `page(…)` response (`{ items, next_cursor }`). */
export type PageResponse<T> = PageWire<T>;
/** `{ ok: true }`, the answer of a delete. */
export type OkResponse = OkWire;

/** A course document and its latest job, as the server's contract (`DocumentResponse`) sends them. */
export type DocumentInfo = CourseDocumentWire;
/** The job row inside a document (`DocumentJob`). */
export type JobInfo = NonNullable<CourseDocumentWire['job']>;

/** A course as `GET /courses` lists it, with the caller's role in it. */
export type CourseInfo = CourseWire;
/** `GET /me`. */
export type Me = MeWire;
/** `POST /auth/dev-login`, `POST /auth/sign-in-link` and `POST /auth/refresh`: a session token. */
export type TokenResponse = TokenResponseWire;
/** `POST /auth/oidc/start`: where to send the browser. */
export type OidcStartResponse = OidcStartResponseWire;
/** `POST /invites/:token/accept`: the tenant joined and a token for it. */
export type AcceptInviteResponse = AcceptInviteResponseWire;
/** `POST /tenants`: the new tenant, with your role in it (owner). */
export type TenantWithRole = TenantWithRoleWire;
/** `GET /auth/options`: which sign-in ways the server offers. */
export type AuthOptions = AuthOptionsWire;
/** `GET /invites/:token`: what an invite link leads to. */
export type InvitePreview = InvitePreviewWire;
/** A tenant member. */
export type Member = MemberWire;
/** An invite; `invite_url` is the current link of a pending one, `delivery` whether the email went out. */
export type Invite = InviteWire;
/** `GET /tenants/:id/sso`: the tenant's SSO settings (the secret is never returned, only `has_client_secret`). */
export type SsoSettings = SsoResponseWire;
/** `PUT /tenants/:id/sso` body (`client_secret` is write-only; omit it to keep the current one). */
export type SsoSettingsRequest = SsoSettingsRequestWire;
/** One audit log entry. */
export type AuditEntry = AuditEntryWire;
/** An LTI platform registration. */
export type LtiRegistration = LtiRegistrationWire;
/** `POST /tenants/:id/lti/dynamic-registration-links`: a one-time dynamic-registration URL. */
export type DynamicRegistrationLink = DynamicRegistrationLinkWire;
/** `GET /courses/:id/lti/status`: the course's last roster sync and its grade passbacks. */
export type CourseLtiStatus = CourseLtiStatusWire;

/* `GET /courses/:id/analytics` and the other console shapes: import type from core/src/contracts/analytics.ts (never redeclared here). */
