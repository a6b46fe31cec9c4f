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
 * Browser storage, or memory where the browser denies it: a portal framed by another site (an LMS, a
 * 320-px iframe) may get a SecurityError for `localStorage` when third-party storage is blocked. The portal
 * then keeps the session for the life of the page instead of failing to sign in.
 */
class Storage {
  private readonly memory = new Map<string, string>();

  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return this.memory.get(key) ?? null;
    }
  }

  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      this.memory.set(key, value);
    }
  }

  remove(key: string): void {
    this.memory.delete(key);
    try {
      localStorage.removeItem(key);
    } catch {
      // Denied storage holds nothing of ours.
    }
  }
}

/**
 * The signed-in state of the demo portal, kept in localStorage (in memory where the browser denies storage).
 * Widgets get the token through `<tg-provider>`; the portal itself talks to the API through the same client.
 *
 * @example
 * const store = new SessionStore(location.origin); store.save({ token, expiresAt });
 */
export class SessionStore {
  private readonly storage = new Storage();

  constructor(readonly apiBase: string) {}

  load(): PortalSession | undefined {
    try {
      const value = JSON.parse(this.storage.get(KEY) ?? 'null') as PortalSession | null;
      if (!value?.token || Date.parse(value.expiresAt) <= Date.now()) return undefined;
      return value;
    } catch {
      return undefined;
    }
  }

  save(session: PortalSession): void {
    this.storage.set(KEY, JSON.stringify(session));
  }

  clear(): void {
    this.storage.remove(KEY);
  }

  /** The organisation (tenant slug) this browser last signed in with, for the login page's button. */
  loadOrg(): string | null {
    return this.storage.get(ORG_KEY);
  }

  rememberOrg(slug: string): void {
    if (slug) this.storage.set(ORG_KEY, slug);
  }

  forgetOrg(): void {
    this.storage.remove(ORG_KEY);
  }

  client(session?: PortalSession): ApiClient {
    return new ApiClient({ apiBase: this.apiBase, token: session?.token, tenantId: session?.tenantId });
  }
}
