import type {
  CourseLtiStatus,
  AttemptResult, AttemptSummary, AuditEntry, CourseInfo, DocumentInfo, Invite, LtiRegistration, Member, Performance,
  QueryResponse, Quiz, SsoSettings,
} from '../src/api/api-types.js';
import type { CourseAnalyticsWire } from '../../core/src/contracts/analytics.js';

/** Canned API payloads shared by the behaviour tests, the accessibility pages and the screenshots. */
export const COURSE = 'course-1';
export const TENANT = 'tenant-1';

export const reply: QueryResponse = {
  answer_id: 'ans-1',
  answer: 'Mitosis produces two identical diploid cells [1], while meiosis produces four genetically distinct haploid gametes [2].\n\nMeiosis includes crossing over during prophase I [2].',
  found: true,
  citations: [
    { marker: 1, document_id: 'doc-1', document_title: 'Cell Division (Lecture 4)', chunk_id: 'ch-11', chunk_index: 3,
      location: { page: 12, heading: 'Mitosis' }, snippet: 'two genetically identical daughter cells',
      text: 'At the end of mitosis the cytoplasm divides, giving two genetically identical daughter cells, each diploid.', score: 0.82, cited: true },
    { marker: 2, document_id: 'doc-2', document_title: 'Meiosis Slides', chunk_id: 'ch-27', chunk_index: 7,
      location: { slide: 5 }, snippet: 'four haploid gametes',
      text: 'Two rounds of division yield four haploid gametes; crossing over in prophase I shuffles alleles.', score: 0.77, cited: true },
  ],
  resolved_question: 'How do mitosis and meiosis differ?', corrections: [], answer_mode: 'full',
  retrieval_stats: { candidates: 40, reranked: 8, lexical_hits: 12, vector_hits: 30, ms: 42 },
};

export const notFoundReply: QueryResponse = {
  answer_id: 'ans-2', answer: '', found: false, suggestion: 'Ask about cell division or genetics.', citations: [],
  resolved_question: 'What is the capital of France?', corrections: [], answer_mode: 'full',
};

export const performance: Performance = {
  course_id: COURSE, user_id: 'u3', mastery: 62, uncertainty: 18, p_mastered: 0.6, evidence: 15, tier: 2,
  topics: [
    { topic_id: 't1', title: 'Cell division', mastery: 81, uncertainty: 10, p_mastered: 0.9, evidence: 9 },
    { topic_id: 't2', title: 'Genetics', mastery: 44, uncertainty: 25, p_mastered: 0.4, evidence: 4 },
    { topic_id: 't3', title: 'Photosynthesis', mastery: 20, uncertainty: 40, p_mastered: 0.2, evidence: 2 },
    { topic_id: 't4', title: 'Ecology', mastery: 62, uncertainty: 18, p_mastered: 0.6, evidence: 0 },
  ],
  recent_attempts: [], recent_questions: [],
};

export const quiz: Quiz = {
  id: 'quiz-1', course_id: COURSE, tier: 2, status: 'ready', topic: null, generator: 'local', num_questions: 3, created_at: '2026-11-20T10:00:00Z',
  questions: [
    { id: 'q1', position: 1, type: 'multiple_choice', tier: 2, prompt: 'How many cells does meiosis produce?',
      choices: ['One', 'Two', 'Four', 'Eight'], topic: { id: 't1', title: 'Cell division' } },
    { id: 'q2', position: 2, type: 'true_false', tier: 2, prompt: 'Mitosis produces haploid cells.',
      choices: ['True', 'False'], topic: { id: 't1', title: 'Cell division' } },
    { id: 'q3', position: 3, type: 'short_answer', tier: 2, prompt: 'Name the phase where crossing over happens.',
      choices: [], topic: { id: 't2', title: 'Genetics' } },
  ],
};

export const attemptResult: AttemptResult = {
  attempt_id: 'att-1', quiz_id: 'quiz-1', score: 2, max_score: 3, percent: 66.7,
  results: [
    { question_id: 'q1', correct: true, given: 'Four', correct_answer: 'Four', explanation: 'Two divisions give four cells.',
      citations: [{ chunk_id: 'ch-27', document_id: 'doc-2', document_title: 'Meiosis Slides', snippet: 'four haploid gametes',
        location: { slide: 5, page: null, heading: 'Meiosis › Outcomes', heading_path: ['Meiosis', 'Outcomes'] } }] },
    { question_id: 'q2', correct: true, given: 'False', correct_answer: 'False', explanation: 'Mitosis keeps the diploid number.', citations: [] },
    { question_id: 'q3', correct: false, given: 'anaphase', correct_answer: 'Prophase I', explanation: 'Homologous chromosomes pair in prophase I.', citations: [] },
  ],
  weak_topics: [{ topic_id: 't2', title: 'Genetics', correct: 0, total: 1 }],
  mastery: { course: 66, uncertainty: 15, p_mastered: 0.6, topics: performance.topics },
  tier: 2, next_tier: 3, created_at: '2026-11-20T10:05:00Z',
};

export const attempts: AttemptSummary[] = [
  { id: 'att-0', quiz_id: 'quiz-0', course_id: COURSE, user_id: 'u3', percent: 50, score: 2, max_score: 4, created_at: '2026-11-01T10:00:00Z', tier: 1, next_tier: 1 },
];

type JobStatus = NonNullable<DocumentInfo['job']>['status'];
const job = (status: JobStatus, extra: Partial<DocumentInfo['job']> = {}) => ({
  id: `job-${status}`, status, attempts: 1, max_attempts: 5, last_error: null, error_code: null, next_retry_at: null, updated_at: '2026-11-20T09:00:00Z', ...extra,
});
// Every field the server's DocumentResponse sends, so the console is tested against what it really gets.
const doc = (id: string, title: string, status: JobStatus, extra: Partial<DocumentInfo['job']> = {}): DocumentInfo => ({
  id, course_id: 'course-1', title, format: 'pdf', media_type: 'application/pdf', file_name: `${id}.pdf`, byte_size: 120_000, sha256: null,
  status, page_count: 12, chunk_count: status === 'succeeded' ? 42 : 0, embedding_model: status === 'succeeded' ? 'local-hash-64' : null,
  indexed_at: status === 'succeeded' ? '2026-11-20T09:00:00Z' : null, created_at: '2026-11-20T08:00:00Z', updated_at: '2026-11-20T09:00:00Z',
  job: job(status, extra),
});

/** One document in every job state the console can show. */
export const documents: DocumentInfo[] = [
  doc('d1', 'Cell Division (Lecture 4)', 'succeeded'),
  doc('d2', 'Meiosis Slides', 'queued'),
  doc('d3', 'Genetics Reader', 'running:parsing'),
  doc('d4', 'Lab Manual', 'running:chunking'),
  doc('d5', 'Glossary', 'running:embedding'),
  doc('d6', 'Syllabus', 'running:indexing'),
  doc('d7', 'Scanned Notes', 'failed', { last_error: 'PDF has no text layer', attempts: 2 }),
  doc('d8', 'Old Handout', 'retry_scheduled', { last_error: 'embedding provider timed out', next_retry_at: '2026-11-20T09:05:00Z', attempts: 2 }),
  doc('d9', 'Corrupt Upload', 'dead_lettered', { last_error: 'file is not a valid DOCX', attempts: 5 }),
  doc('d10', 'Week 3 Video Transcript', 'stalled'),
  doc('d11', 'Draft Outline', 'cancelled'),
];

export const members: Member[] = [
  { user_id: 'u1', email: 'ada@school.example', name: 'Ada Lovelace', role: 'owner', status: 'active', created_at: '2026-09-01T08:00:00Z' },
  { user_id: 'u2', email: 'grace@school.example', name: 'Grace Hopper', role: 'instructor', status: 'active', created_at: '2026-09-02T08:00:00Z' },
  { user_id: 'u3', email: 'alan@school.example', name: '', role: 'learner', status: 'active', created_at: '2026-09-03T08:00:00Z' },
];

const course = (id: string, title: string): CourseInfo => ({
  id, tenant_id: TENANT, title, description: '', role: 'instructor', lti_context_id: null, created_at: '2026-09-01T08:00:00Z', updated_at: '2026-09-01T08:00:00Z',
});
export const courses: CourseInfo[] = [course(COURSE, 'Cell Biology'), course('course-2', 'Genetics')];

export const invites: Invite[] = [
  { id: 'i1', email: 'new.teacher@school.example', role: 'instructor', status: 'pending', expires_at: '2026-12-01T00:00:00Z',
    course_id: null, created_at: '2026-11-24T00:00:00Z', accepted_at: null, sent_count: 1, invite_url: 'https://tg.example.edu/invite/abc123' },
];

export const sso: SsoSettings = {
  type: 'oidc', issuer: 'https://login.school.example', metadata_url: null, client_id: 'tutorgraph', domains: ['school.example'], enabled: true,
  configured: true, updated_at: '2026-11-01T08:00:00Z', has_client_secret: true,
};

export const audit: AuditEntry[] = [
  { id: 'a1', action: 'document.upload', actor: { id: 'u2', email: 'grace@school.example' }, target_type: 'document', target_id: 'd1',
    metadata: { title: 'Cell Division (Lecture 4)' }, request_id: 'r1', created_at: '2026-11-20T08:00:00Z' },
  { id: 'a2', action: 'member.role_change', actor: { id: 'u1', email: 'ada@school.example' }, target_type: 'user', target_id: 'u2',
    metadata: { role: 'instructor' }, request_id: 'r2', created_at: '2026-11-19T15:30:00Z' },
];

export const registrations: LtiRegistration[] = [
  { id: 'l1', tenant_id: TENANT, name: 'Canvas (school)', kind: 'canvas', issuer: 'https://canvas.instructure.com', client_id: '10000000000001',
    deployment_ids: ['1:abc'], auth_login_url: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
    auth_token_url: 'https://sso.canvaslms.com/login/oauth2/token', keyset_url: 'https://sso.canvaslms.com/api/lti/security/jwks',
    created_at: '2026-10-01T08:00:00Z', updated_at: '2026-10-01T08:00:00Z' },
];

/** `GET /courses/:id/analytics`, typed by the server's contract (the fake cannot drift from the real route). */
export const analytics: CourseAnalyticsWire = {
  course_id: '00000000-0000-4000-8000-000000000001', learners_total: 31, learners_started: 27, questions_asked: 128, unanswered_questions: 7, attempts: 64,
  feedback: { helpful: 61, not_helpful: 9, grounded: 58, not_grounded: 4 },
  topics: [], learners: [], distribution: [], not_started: [],
  weak_topics: [{ topic_id: 't2', title: 'Genetics', learners: 14, mastery: 41 }, { topic_id: 't3', title: 'Photosynthesis', learners: 9, mastery: 33 }],
  recent_questions: [
    { question_id: 'qq1', question: 'What is crossing over?', found: true, created_at: '2026-11-20T08:00:00Z' },
    { question_id: 'qq2', question: 'Why do cells divide?', found: false, created_at: '2026-11-20T08:05:00Z' },
  ],
};

export const lmsStatus: CourseLtiStatus = {
  course_id: 'course-1', linked: true,
  roster: { last_sync_at: '2026-11-20T07:00:00Z', status: 'succeeded', error: null, counts: { members: 31, created: 2, active: 27, pending: 3, deactivated: 1 } },
  passback: {
    counts: { sent: 40, failed: 1 },
    recent: [
      { attempt_id: 'att-1', user_id: 'u3', user_name: 'Alan Turing', status: 'failed', score_given: null, score_maximum: null,
        last_error: 'Gave up after 5 attempts: the LMS answered 500', job_id: 'j1', updated_at: '2026-11-20T08:10:00Z' },
      { attempt_id: 'att-2', user_id: 'u2', user_name: 'Grace Hopper', status: 'sent', score_given: 80, score_maximum: 100,
        last_error: null, job_id: 'j2', updated_at: '2026-11-20T08:00:00Z' },
    ],
  },
};
