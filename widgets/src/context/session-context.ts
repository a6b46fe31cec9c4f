import { createContext } from '@lit/context';
import type { ApiClient } from '../api/api-client.js';

/** What `<tg-provider>` hands down: one API client and where the user is. */
export interface TgSession {
  client: ApiClient;
  courseId: string | undefined;
  tenantId: string | undefined;
  /** Explicit theme from the provider; undefined follows `prefers-color-scheme`. */
  theme: 'light' | 'dark' | undefined;
  /** What to say when the session cannot be renewed (inside an LMS: reopen the activity); undefined → the default. */
  sessionExpiredMessage?: string | undefined;
}

/**
 * The @lit/context key for {@link TgSession}. Elements consume it with `subscribe: true`, so a new token on the
 * provider reaches them at once. The key is `Symbol.for`, not `Symbol`, so two copies of the bundle on one page
 * still find each other's provider.
 *
 * @example
 * @consume({ context: sessionContext, subscribe: true }) session?: TgSession;
 */
export const sessionContext = createContext<TgSession | undefined>(Symbol.for('tg-session'));
