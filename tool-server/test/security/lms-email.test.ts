import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playLaunch } from '../../../test-support/lti-platform/browser.js';
import { ROLE } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld } from '../lti/lti-world.js';

// Issue #15 finding 14: an LMS-asserted email claimed that address across tenants — a later dev-login
// with the address returned the user the attacker's LMS had created.
let world: LtiWorld;
beforeAll(async () => { world = await startLtiWorld(['moodle']); });
afterAll(async () => { await world?.close(); });

describe('LMS-asserted emails', () => {
  it('when an LMS launch asserts an address nobody uses yet, then signing in with that address later is not that LMS user', async () => {
    const moodle = world.platforms[0]!;
    const email = `victim-${Date.now()}@school.test`;
    const launch = await playLaunch(moodle.platform.prepareLaunch({
      user: { sub: 'planted', name: 'Planted', email, roles: [ROLE.learner] }, context: { id: 'email-course', title: 'Course' },
    }).loginUrl);
    expect(launch.status).toBe(200);
    readToolPage(launch.html);
    const link = await world.app.db.db.selectFrom('lti_user_links').select(['user_id', 'lms_email']).where('sub', '=', 'planted').executeTakeFirstOrThrow();
    expect(link.lms_email).toBe(email);
    const planted = await world.app.db.db.selectFrom('users').select('email').where('id', '=', link.user_id).executeTakeFirstOrThrow();
    expect(planted.email).toBeNull();

    const signedIn = await world.app.api('/v1/auth/dev-login', { body: { persona: 'learner', email } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.id).not.toBe(link.user_id);
    expect(signedIn.body.memberships.map((m: { tenant_id: string }) => m.tenant_id)).not.toContain(moodle.tenantId);
  });
});
