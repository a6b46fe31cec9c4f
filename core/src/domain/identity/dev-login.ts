import type { Db } from '../../db/db-types.js';
import { findUserByEmail, listMembershipsOfUser, upsertUserByEmail } from './identity.repository.js';
import { AppError } from '../../errors/app-error.js';
import { DEMO_PERSONAS, type DemoPersona } from './demo-personas.js';

/**
 * Demo-only sign-in. Without an email it signs in as the seeded persona; with an email it signs in as that
 * person, creating the user if needed (a new person has no memberships until they accept an invite or
 * create a tenant). The HTTP shell refuses this route unless dev login is enabled.
 *
 * @example
 * const { user, memberships } = await devLogin(db, { persona: 'learner' });
 */
export async function devLogin(db: Db, input: { persona: DemoPersona; email?: string | undefined }) {
  const persona = DEMO_PERSONAS[input.persona];
  const email = input.email ?? persona.email;
  const user = input.email
    ? await upsertUserByEmail(db, email, email.split('@')[0] ?? email)
    : await findUserByEmail(db, email);
  if (!user) throw new AppError('NOT_FOUND', `Demo persona "${input.persona}" is not seeded; run the demo seed first`);
  const memberships = await listMembershipsOfUser(db, user.id);
  return { user, memberships };
}
