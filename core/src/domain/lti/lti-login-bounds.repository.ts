import { sql } from 'kysely';
import type { Db } from '../../db/db-types.js';

/** Live login states one registration may hold (each login is a row until its launch or expiry). */
export const MAX_LOGIN_STATES_PER_REGISTRATION = 5000;

/**
 * Keeps a registration's stored login states under `max`: when over, expired rows go first, then the
 * oldest live ones (a browser that started a login that long ago has given up). A flood of `/lti/login`
 * calls with a public issuer can then never grow the table without bound (issue #15).
 *
 * @example
 * await boundLoginStates(db, registration.id);
 */
export async function boundLoginStates(db: Db, registrationId: string, max = MAX_LOGIN_STATES_PER_REGISTRATION): Promise<number> {
  const over = await db.selectFrom('lti_login_states').select('created_at').where('registration_id', '=', registrationId)
    .orderBy('created_at', 'desc').offset(max).limit(1).executeTakeFirst();
  if (!over) return 0;
  const expired = await db.deleteFrom('lti_login_states').where('registration_id', '=', registrationId)
    .where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  const oldest = await db.deleteFrom('lti_login_states').where('registration_id', '=', registrationId)
    .where('state', 'not in', db.selectFrom('lti_login_states').select('state').where('registration_id', '=', registrationId)
      .orderBy('created_at', 'desc').limit(max))
    .executeTakeFirst();
  return Number(expired.numDeletedRows) + Number(oldest.numDeletedRows);
}
