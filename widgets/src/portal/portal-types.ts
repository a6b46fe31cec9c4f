/** Shapes the portal reads from the API (snake_case, as on the wire). */
export interface Membership { tenant: { id: string; name: string; slug: string }; role: 'owner' | 'admin' | 'instructor' | 'learner' }
export interface Me { user: { id: string; email: string | null; name: string }; memberships: Membership[]; current_tenant_id: string | null; course_id: string | null }
export interface CourseSummary { id: string; title: string; description: string; role: 'instructor' | 'learner' }
export interface Performance {
  mastery: number; tier: number;
  topics: { topic_id: string; title: string; mastery: number }[];
  /** Newest first; `tier` is the level the quiz was set at, `next_tier` the level it led to. */
  recent_attempts: { id: string; percent: number; score: number; max_score: number; created_at: string; tier: number; next_tier: number }[];
  recent_questions: { id: string; text: string; created_at: string }[];
}
export interface InvitePreview { tenant: { id: string; name: string }; email: string; role: string; status: 'pending' | 'accepted' | 'expired' | 'revoked'; expires_at: string }
/** `GET /auth/options`: which sign-in ways the server offers (demo buttons only with dev login). */
export interface AuthOptions { dev_login: boolean; oidc: boolean }
