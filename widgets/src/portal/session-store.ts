import { ApiClient } from '../api/api-client.js';

/** What the portal remembers between reloads (first-party page on the tool server's origin). */
export interface PortalSession {
  token: string;
  expiresAt: string;
  tenantId?: string | undefined;
  courseId?: string | undefined;
}

const KEY = 'tutorgraph.portal.session';
const ORG_KEY = 'tutorgraph.portal.org';

/**
 * The signed-in state of the demo portal, kept in localStorage. Widgets get the token through
 * `<tg-provider>`; the portal itself talks to the API through the same client.
 *
 * @example
 * const store = new SessionStore(location.origin); store.save({ token, expiresAt });
 */
export class SessionStore {
  constructor(readonly apiBase: string) {}

  load(): PortalSession | undefined {
    try {
      const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as PortalSession | null;
      if (!value?.token || Date.parse(value.expiresAt) <= Date.now()) return undefined;
      return value;
    } catch {
      return undefined;
    }
  }

  save(session: PortalSession): void {
    localStorage.setItem(KEY, JSON.stringify(session));
  }

  clear(): void {
    localStorage.removeItem(KEY);
  }

  /** The organisation (tenant slug) this browser last signed in with, for the login page's button. */
  loadOrg(): string | null {
    return localStorage.getItem(ORG_KEY);
  }

  rememberOrg(slug: string): void {
    if (slug) localStorage.setItem(ORG_KEY, slug);
  }

  forgetOrg(): void {
    localStorage.removeItem(ORG_KEY);
  }

  client(session?: PortalSession): ApiClient {
    return new ApiClient({ apiBase: this.apiBase, token: session?.token, tenantId: session?.tenantId });
  }
}
