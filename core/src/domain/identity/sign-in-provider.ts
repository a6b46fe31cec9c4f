import type { Db } from '../../db/db-types.js';
import { findOidcConnectionByDomain, findOidcConnectionBySlug, hasEnabledOidcConnection } from './oidc.repository.js';

/** An organisation's sign-in button on the login page: "Sign in with <providerName>". */
export interface OrgSignInProvider { tenantId: string; tenantName: string; tenantSlug: string; providerName: string }

/**
 * Finds the organisation whose enabled OpenID Connect provider the login page offers as a button, by the
 * tenant's slug (`riverside-school`) or one of its email domains (`riverside.edu`: anything with a dot).
 * Null when there is none (the page then shows only the email field). The button's name is the provider's
 * display name from the SSO settings, or the organisation's name.
 *
 * @example
 * await findSignInProvider(db, 'riverside.edu') // { tenantSlug: 'riverside-school', providerName: 'Riverside Google', … } | null
 */
export async function findSignInProvider(db: Db, org: string): Promise<OrgSignInProvider | null> {
  const key = org.trim().toLowerCase();
  const row = key.includes('.') ? await findOidcConnectionByDomain(db, key) : await findOidcConnectionBySlug(db, key);
  if (!row) return null;
  return { tenantId: row.tenant_id, tenantName: row.tenant_name, tenantSlug: row.tenant_slug, providerName: row.display_name ?? row.tenant_name };
}

/** Whether any organisation offers OpenID Connect sign-in (the login page's email field is then useful). */
export async function isOidcSignInOffered(db: Db): Promise<boolean> {
  return hasEnabledOidcConnection(db);
}
