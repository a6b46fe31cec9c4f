import type { ApiClient } from '../api/api-client.js';
import type { AuthOptions, CourseInfo, Me, Performance } from '../api/api-types.js';
import type { InviteOutcome } from './pages/invite-page.js';
import type { LoginProvider } from './pages/login-page.js';
import type { Route } from './router.js';
import type { PortalSession, SessionStore } from './session-store.js';

/**
 * What each screen's module (`screens/*.ts`) reads and changes on the portal element: its reactive state, and the
 * navigation and session steps every screen shares. `TgPortal` implements it; setting a field re-renders.
 *
 * @example
 * export async function createCourse(host: PortalHost, title: string) { … host.updateSession({ courseId }); … }
 */
export interface PortalHost {
  readonly apiBase: string;
  readonly theme?: 'light' | 'dark' | undefined;
  readonly store: SessionStore;
  route: Route;
  session: PortalSession | undefined;
  me: Me | undefined;
  courses: CourseInfo[];
  performance: Performance | undefined;
  message: string;
  error: string;
  busy: boolean;
  invite: InviteOutcome;
  authOptions: AuthOptions;
  provider: LoginProvider | undefined;
  /** The API client with the current session's token. */
  readonly client: ApiClient;
  /** The current course (the session's, else the first). */
  readonly course: CourseInfo | undefined;
  go(path: string): void;
  enter(route: Route, replace?: boolean): Promise<void>;
  loadContext(): Promise<void>;
  loadPerformance(): Promise<void>;
  updateSession(patch: Partial<PortalSession>): void;
  signOut(message?: string): void;
  focusMain(): Promise<void>;
}
