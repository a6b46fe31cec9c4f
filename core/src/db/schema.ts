import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamp column: read as Date, written as Date or ISO string, defaulted by the database. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type Id = Generated<string>;

export const ROLES = ['owner', 'admin', 'instructor', 'learner'] as const;
export type Role = (typeof ROLES)[number];
export type MembershipStatus = 'active' | 'pending' | 'deactivated';

export interface TenantsTable { id: Id; name: string; slug: string; created_at: Timestamp; updated_at: Timestamp }
export interface UsersTable { id: Id; email: string | null; name: Generated<string>; created_at: Timestamp; updated_at: Timestamp }
export interface SignInLinksTable {
  id: Id; user_id: string; tenant_id: string | null; token_hash: string; expires_at: Timestamp; used_at: NullableTimestamp; created_at: Timestamp;
}
export interface MembershipsTable {
  id: Id; tenant_id: string; user_id: string; role: Role; status: Generated<MembershipStatus>;
  created_at: Timestamp; updated_at: Timestamp;
}
export interface InvitesTable {
  id: Id; tenant_id: string; email: string; role: Role; token_hash: string;
  status: Generated<'pending' | 'accepted' | 'revoked'>; expires_at: Timestamp;
  invited_by: string | null; accepted_by: string | null; accepted_at: NullableTimestamp;
  sent_count: Generated<number>; last_sent_at: Timestamp; created_at: Timestamp; course_id: string | null;
  token_sealed: string | null;
}
export interface SsoConnectionsTable {
  id: Id; tenant_id: string; type: 'oidc' | 'saml'; issuer: string | null; metadata_url: string | null;
  client_id: string | null; enabled: Generated<boolean>; created_at: Timestamp; updated_at: Timestamp;
  client_secret_sealed: string | null; display_name: string | null;
}
export interface UserIdentitiesTable {
  id: Id; issuer: string; subject: string; user_id: string; tenant_id: string; created_at: Timestamp; last_login_at: Timestamp;
}
export interface OidcLoginsTable {
  state: string; tenant_id: string; code_verifier: string; nonce: string; invite_token_sealed: string | null;
  created_at: Timestamp; expires_at: Timestamp;
}
export interface ApiKeysTable {
  id: Id; tenant_id: string; name: string; prefix: string; key_hash: string; scopes: ColumnType<string[], string[], string[]>;
  course_id: string | null; created_by: string | null; created_at: Timestamp; last_used_at: NullableTimestamp; revoked_at: NullableTimestamp;
}
export interface SsoDomainsTable { domain: string; tenant_id: string; created_at: Timestamp }
export interface AuditLogTable {
  id: Id; tenant_id: string; actor_id: string | null; action: string; target_type: string; target_id: string | null;
  metadata: Json<Record<string, unknown>>; request_id: string | null; created_at: Timestamp;
}
export interface CoursesTable {
  id: Id; tenant_id: string; title: string; description: Generated<string>; lti_context_id: string | null;
  lti_registration_id: string | null; created_by: string | null; created_at: Timestamp; updated_at: Timestamp;
}
export interface CourseMembersTable {
  tenant_id: string; course_id: string; user_id: string; role: 'instructor' | 'learner';
  status: Generated<MembershipStatus>; created_at: Timestamp; updated_at: Timestamp;
}
export const DOCUMENT_FORMATS = ['markdown', 'text', 'html', 'pdf', 'docx', 'pptx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
export interface DocumentsTable {
  id: Id; tenant_id: string; course_id: string; title: string; format: DocumentFormat; media_type: string;
  file_name: string | null; byte_size: ColumnType<number, number | undefined, number>; sha256: string | null;
  storage_key: string | null; status: Generated<string>; page_count: number | null; chunk_count: Generated<number>;
  embedding_model: string | null; indexed_at: NullableTimestamp; created_by: string | null;
  created_at: Timestamp; updated_at: Timestamp;
}
export interface TopicsTable {
  id: Id; tenant_id: string; course_id: string; document_id: string | null; title: string;
  position: Generated<number>; created_at: Timestamp;
}
export interface ChunksTable {
  id: Id; tenant_id: string; course_id: string; document_id: string; topic_id: string | null; chunk_index: number;
  content: string; heading_path: ColumnType<string[], string[] | undefined, string[]>; heading: Generated<string>;
  page: number | null; slide: number | null; char_start: number; char_end: number;
  tsv: ColumnType<string, never, never>; created_at: Timestamp;
  /** Content terms of heading + content (core's text analysis), stored at ingest; NULL on rows from before 0120. */
  terms: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
}
export interface ChunkEmbeddingsTable {
  chunk_id: string; model: string; tenant_id: string; course_id: string; dims: number;
  /** pgvector text form, e.g. '[0.1,0.2]'. */
  embedding: string;
  /** In the model's HNSW index (migration 0140): set by the insert trigger or the course's promotion, never by callers. */
  in_hnsw: ColumnType<boolean, never, boolean>;
}
/** Per-course statistics kept by triggers (migration 0120): never counted per query. */
export interface CourseVectorCountsTable {
  course_id: string; model: string; vectors: ColumnType<string, never, never>;
  /** The course's vectors are in the model's HNSW index and it is searched through it (migration 0140). */
  hnsw: ColumnType<boolean, never, boolean>;
}
export interface CourseChunkStatsTable { course_id: string; chunks: ColumnType<string, never, never>; generation: ColumnType<string, never, never> }
export interface CourseLexemesTable { course_id: string; lexeme: string; chunks: ColumnType<number, never, never> }
export interface EmbeddingModelsTable { model: string; dims: number; index_name: string; created_at: Timestamp }

export const JOB_STATUSES = [
  'queued', 'running:parsing', 'running:chunking', 'running:embedding', 'running:indexing', 'running',
  'succeeded', 'failed', 'retry_scheduled', 'dead_lettered', 'stalled', 'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export interface JobsTable {
  id: Id; tenant_id: string; kind: string; target_type: string; target_id: string; status: Generated<JobStatus>;
  attempts: Generated<number>; max_attempts: Generated<number>; last_error: string | null; error_code: string | null;
  next_retry_at: NullableTimestamp; cancel_requested: Generated<boolean>; payload: Json<Record<string, unknown>>;
  result: Json<Record<string, unknown> | null>; worker_id: string | null; created_at: Timestamp; updated_at: Timestamp;
  started_at: NullableTimestamp; finished_at: NullableTimestamp;
  /** Until when the running worker holds the job (renewed while it works); see migrations/0030_job_leases.sql. */
  lease_expires_at: NullableTimestamp;
}
export interface QuestionsTable { id: Id; tenant_id: string; course_id: string; user_id: string | null; text: string; created_at: Timestamp }
export interface AnswersTable {
  id: Id; tenant_id: string; course_id: string; question_id: string; text: string; found: boolean; provider: string;
  model: string | null; latency_ms: number | null; retrieval_stats: Json<Record<string, unknown> | null>; created_at: Timestamp;
}
export interface CitationsTable {
  id: Id; tenant_id: string; answer_id: string; marker: number; chunk_id: string | null; document_id: string | null;
  score: number; snippet: string; location: Json<Record<string, unknown>>;
}
export interface AnswerFeedbackTable {
  id: Id; tenant_id: string; answer_id: string; user_id: string | null; helpful: boolean; grounded: boolean;
  comment: string | null; created_at: Timestamp; updated_at: Timestamp;
}
export interface QuizzesTable {
  id: Id; tenant_id: string; course_id: string; user_id: string | null; tier: number; topic_id: string | null;
  status: Generated<'queued' | 'generating' | 'ready' | 'failed'>; num_questions: number; generator: string;
  context: Json<Record<string, unknown>>; created_at: Timestamp;
}
export interface QuizQuestionsTable {
  id: Id; tenant_id: string; quiz_id: string; position: number; type: 'multiple_choice' | 'true_false' | 'short_answer';
  tier: number; prompt: string; choices: Json<string[]>; answer: Json<unknown>; explanation: Generated<string>;
  topic_id: string | null; chunk_ids: ColumnType<string[], string[] | undefined, string[]>;
}
export interface QuizAttemptsTable {
  id: Id; tenant_id: string; course_id: string; quiz_id: string; user_id: string | null; answers: Json<unknown>;
  results: Json<unknown>; score: number; max_score: number; tier: number; next_tier: number; created_at: Timestamp;
}
export interface MasteryTable {
  id: Id; tenant_id: string; course_id: string; user_id: string; topic_id: string | null; p_mastery: number;
  uncertainty: number; evidence: Generated<number>; state: Json<Record<string, unknown>>; updated_at: Timestamp;
}
/** Dynamic-registration links: single use, short-lived, revocable (0040). */
export interface LtiRegistrationLinksTable {
  id: Id; tenant_id: string; created_by: string | null; expires_at: Timestamp; used_at: NullableTimestamp; revoked_at: NullableTimestamp;
  registration_id: string | null; created_at: Timestamp;
}
export interface LtiRegistrationsTable {
  id: Id; tenant_id: string; name: string; kind: 'canvas' | 'moodle' | 'other'; issuer: string; client_id: string;
  auth_login_url: string; auth_token_url: string; keyset_url: string; created_at: Timestamp; updated_at: Timestamp;
  trust_institution_admin: Generated<boolean>;
}
export interface LtiDeploymentsTable { id: Id; tenant_id: string; registration_id: string; deployment_id: string; created_at: Timestamp }
export interface LtijsDocumentsTable {
  id: Generated<number>; collection: string; unique_key: string | null; doc: Json<Record<string, unknown>>; created_at: Timestamp;
}
export interface LtiLoginStatesTable {
  state: string; nonce: string; registration_id: string; storage: 'cookie' | 'postmessage'; storage_target: string | null;
  target_link_uri: string; created_at: Timestamp; expires_at: Timestamp;
  login_params: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
}
export interface LtiUsedNoncesTable { registration_id: string; nonce: string; expires_at: Timestamp }
export interface LtiUserLinksTable {
  registration_id: string; sub: string; tenant_id: string; user_id: string; first_launch_at: NullableTimestamp; created_at: Timestamp;
  platform_key: ColumnType<string | null, string | null | undefined, string | null>;
  lms_email: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface LtiContextsTable {
  course_id: string; tenant_id: string; registration_id: string; deployment_id: string; context_id: string;
  memberships_url: string | null; lineitems_url: string | null; ags_scopes: ColumnType<string[], string[] | undefined, string[]>;
  last_sync_at: NullableTimestamp; last_sync_status: 'succeeded' | 'failed' | null; last_sync_error: string | null;
  last_sync_counts: Json<Record<string, number> | null>; updated_at: Timestamp;
  platform_key: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface LtiResourceLinksTable {
  id: Id; tenant_id: string; course_id: string; registration_id: string; resource_link_id: string; title: Generated<string>;
  widget: 'ask' | 'quiz' | 'mastery' | 'flashcards' | 'notes'; settings: Json<Record<string, unknown>>; line_item_url: string | null;
  created_at: Timestamp; updated_at: Timestamp;
}
export interface LtiScorePassbacksTable {
  id: Id; tenant_id: string; course_id: string; link_id: string; attempt_id: string; user_id: string;
  status: Generated<'queued' | 'sent' | 'skipped' | 'failed'>; score_given: number | null; score_maximum: number | null;
  job_id: string | null; last_error: string | null; sent_at: NullableTimestamp; created_at: Timestamp; updated_at: Timestamp;
}
export interface AnswerPoliciesTable {
  id: Id; tenant_id: string; course_id: string; link_id: string | null; mode: 'full' | 'hints' | 'off';
  window_mode: 'full' | 'hints' | 'off' | null; window_starts_at: Date | null; window_ends_at: Date | null;
  updated_by: string | null; updated_at: Timestamp;
}
export interface SchemaMigrationsTable { version: number; name: string; checksum: string; applied_at: Timestamp }

/**
 * The one Database type, used with both dialects (PGlite and node-postgres).
 * Later migrations add their tables here as well.
 */
export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  sign_in_links: SignInLinksTable;
  memberships: MembershipsTable;
  invites: InvitesTable;
  sso_connections: SsoConnectionsTable;
  sso_domains: SsoDomainsTable;
  user_identities: UserIdentitiesTable;
  oidc_logins: OidcLoginsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  courses: CoursesTable;
  course_members: CourseMembersTable;
  documents: DocumentsTable;
  topics: TopicsTable;
  chunks: ChunksTable;
  chunk_embeddings: ChunkEmbeddingsTable;
  embedding_models: EmbeddingModelsTable;
  course_vector_counts: CourseVectorCountsTable;
  course_chunk_stats: CourseChunkStatsTable;
  course_lexemes: CourseLexemesTable;
  jobs: JobsTable;
  questions: QuestionsTable;
  answers: AnswersTable;
  citations: CitationsTable;
  answer_feedback: AnswerFeedbackTable;
  quizzes: QuizzesTable;
  quiz_questions: QuizQuestionsTable;
  quiz_attempts: QuizAttemptsTable;
  mastery: MasteryTable;
  lti_registrations: LtiRegistrationsTable;
  lti_registration_links: LtiRegistrationLinksTable;
  lti_deployments: LtiDeploymentsTable;
  ltijs_documents: LtijsDocumentsTable;
  lti_login_states: LtiLoginStatesTable;
  lti_used_nonces: LtiUsedNoncesTable;
  lti_user_links: LtiUserLinksTable;
  lti_contexts: LtiContextsTable;
  lti_resource_links: LtiResourceLinksTable;
  lti_score_passbacks: LtiScorePassbacksTable;
  answer_policies: AnswerPoliciesTable;
  schema_migrations: SchemaMigrationsTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
