/**
 * The JSON shapes the widgets read, exactly as on the wire (snake_case). The widgets keep them as they are —
 * no key-mapping layer — because every byte of the ask-panel bundle counts; the server's zod contracts in
 * `core` stay the source of truth. Extra fields are tolerated; optional ones are read defensively.
 *
 * @example
 * const reply = await client.post<QueryResponse>(`/courses/${id}/query`, { question });
 */
import type { CourseDocumentWire } from '../../../core/src/contracts/analytics.js';

export interface SourceLocation { page?: number | null; slide?: number | null; heading?: string | null; heading_path?: string[] | null }

/** Quiz level: 1–4 on the wire today; strings tolerated. */
export type Tier = number | string;

/** One numbered source of an answer. */
export interface Citation {
  marker: number; document_id: string; document_title: string; chunk_id: string; chunk_index: number;
  location: SourceLocation; snippet: string; text: string; score: number;
  /** False when retrieved but not used by the answer text (shown in the debug view only). */
  cited?: boolean;
}

/** `POST /courses/:id/query` response. */
export interface QueryResponse {
  answer_id: string; answer: string; found: boolean; suggestion?: string | null;
  citations: Citation[]; retrieval_stats?: Record<string, unknown> | null;
  /** The question answered: a follow-up read against the previous one, spelling corrected against the course. */
  resolved_question?: string; corrections?: { from: string; to: string }[];
  /** `hints`: the answer is a hint and citations carry no text (the teacher's policy). */
  answer_mode?: 'full' | 'hints';
}

/** `GET /courses/:id/answer-policy` response: the teacher's answer policy in force now. */
export interface AnswerPolicyResponse {
  mode: 'full' | 'hints' | 'off'; source: 'default' | 'course' | 'placement';
  changes_at: string | null; next_mode: 'full' | 'hints' | 'off' | null; message: string;
}

/** One question of a quiz. */
export interface QuizQuestion {
  id: string; position: number; type: 'multiple_choice' | 'true_false' | 'short_answer'; tier: Tier;
  prompt: string; choices: string[]; topic: { id: string; title: string } | null;
}

/** `POST /courses/:id/quizzes` and `GET /quizzes/:id`. */
export interface Quiz { id: string; tier: Tier; status: string; questions: QuizQuestion[] }

/** Mastery of one topic, 0–100. */
export interface TopicMastery { topic_id: string; title: string; mastery: number; uncertainty: number; evidence?: number }

/** `POST /quizzes/:id/attempts` response, and `GET /attempts/:id` (a past attempt's detail: prompts and choices, no mastery). */
export interface AttemptResult {
  attempt_id: string; quiz_id?: string; score: number; max_score: number; percent: number; created_at?: string;
  results: Array<{
    question_id: string; prompt?: string; choices?: string[]; correct: boolean; given: string | number | boolean | null; correct_answer: string; explanation: string;
    citations: Array<{ chunk_id: string; document_id: string; document_title: string; snippet: string; location: SourceLocation }>;
  }>;
  weak_topics: Array<{ topic_id: string; title: string; correct: number; total: number }>;
  mastery?: { course: number; topics: TopicMastery[] } | null;
  tier: Tier; next_tier: Tier | null;
}

/** One row of `GET /courses/:id/attempts?user=me`. */
export interface AttemptSummary { attempt_id?: string; id?: string; quiz_id?: string; percent: number; score?: number; max_score?: number; created_at: string; tier?: Tier }

/** `GET /courses/:id/performance`. */
export interface Performance {
  /** 0–100. */
  mastery: number; uncertainty: number; tier: Tier; topics: TopicMastery[];
  /** Answers the estimate rests on; 0 means it is only the prior. */
  evidence?: number;
  recent_attempts?: unknown[]; recent_questions?: unknown[];
}

/** A list response. */
export interface ListResponse<T> { items: T[]; next_cursor?: string | null }

/** A course document and its latest job, as the server's contract (`DocumentResponse`) sends them. */
export type DocumentInfo = CourseDocumentWire;
/** The job row inside a document (`DocumentJob`). */
export type JobInfo = NonNullable<CourseDocumentWire['job']>;

/** A tenant member. */
export interface Member { user_id: string; email: string; name: string | null; role: string; status: string }

/** A pending invite; `course_id` is the course the invitee joins with it (null: the organisation only). */
/** `invite_url` is the current link of a pending invite; `delivery` says whether the email went out (create and resend). */
export interface Invite {
  id: string; email: string; role: string; status: string; expires_at: string; course_id?: string | null; invite_url?: string;
  delivery?: 'sent' | 'failed' | 'not_configured';
}

/** A course as `GET /courses` lists it. */
export interface CourseInfo { id: string; title: string }

/** Tenant SSO settings. */
export interface SsoSettings {
  type: 'oidc' | 'saml'; issuer?: string | null; metadata_url?: string | null; client_id?: string | null;
  /** The login page's button: "Sign in with <display_name>". */
  display_name?: string | null;
  domains: string[]; enabled: boolean;
  /** Write-only: sent to change the secret, never returned. */
  client_secret?: string | null;
  has_client_secret?: boolean;
}

/** One audit log entry. */
export interface AuditEntry {
  id: string; action: string; actor: { id: string; email: string } | null; target_type: string; target_id: string | null;
  metadata: Record<string, unknown>; request_id: string | null; created_at: string;
}

/** An LTI platform registration. */
export interface LtiRegistration {
  id: string; name: string; kind: string; issuer: string; client_id: string; deployment_ids: string[];
  auth_login_url: string; auth_token_url: string; keyset_url: string;
}

/* `GET /courses/:id/analytics` and the other console shapes: import type from core/src/contracts/analytics.ts (never redeclared here). */

/** `GET /me`. */
export interface Me {
  user: { id: string; email: string; name: string | null };
  memberships: Array<{ tenant: { id: string; name: string; slug: string }; role: string }>;
  current_tenant_id: string | null;
}

/** `GET /v1/courses/:id/lti/status`: the course's last roster sync and its grade passbacks. */
export interface CourseLtiStatus {
  course_id: string;
  linked: boolean;
  roster: { last_sync_at: string | null; status: 'succeeded' | 'failed' | null; error: string | null; counts: Record<string, number> | null };
  passback: {
    counts: Record<string, number>;
    recent: Array<{
      attempt_id: string; user_id: string; user_name: string | null; status: string; score_given: number | null;
      score_maximum: number | null; last_error: string | null; job_id: string | null; updated_at: string;
    }>;
  };
}
