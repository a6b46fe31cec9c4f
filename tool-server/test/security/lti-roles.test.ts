import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playLaunch } from '../../../test-support/lti-platform/browser.js';
import { ROLE } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld } from '../lti/lti-world.js';

// Issue #15 finding 11: `membership#Administrator`, `urn:acme:custom-role#Administrator` or a bare
// `Administrator` made the launcher a tenant admin, permanently; a launch never lowered a role.
let world: LtiWorld;
const moodle = () => world.platforms[0]!;
const db = () => world.app.db.db;
beforeAll(async () => { world = await startLtiWorld(['moodle']); });
afterAll(async () => { await world?.close(); });

const launchAs = async (sub: string, roles: string[]) => {
  const result = await playLaunch(moodle().platform.prepareLaunch({
    user: { sub, name: `Person ${sub}`, email: `${sub}@school.test`, roles }, context: { id: 'roles-course', title: 'Roles course' },
  }).loginUrl);
  expect(result.status, result.html.slice(0, 300)).toBe(200);
  return readToolPage(result.html);
};
const rolesOf = async (sub: string) => {
  const link = await db().selectFrom('lti_user_links').select(['user_id', 'tenant_id']).where('sub', '=', sub).where('registration_id', '=', moodle().registration.id).executeTakeFirstOrThrow();
  const tenant = await db().selectFrom('memberships').select('role').where('user_id', '=', link.user_id).where('tenant_id', '=', link.tenant_id).executeTakeFirstOrThrow();
  const course = await db().selectFrom('course_members').select('role').where('user_id', '=', link.user_id).executeTakeFirstOrThrow();
  return { tenant: tenant.role, course: course.role };
};

describe('LTI roles grant course roles only', () => {
  it.each([
    ['membership-admin', 'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator', 'instructor', 'instructor'],
    ['custom-admin', 'urn:acme:custom-role#Administrator', 'learner', 'learner'],
    ['bare-admin', 'Administrator', 'instructor', 'instructor'],
    ['institution-admin', ROLE.administrator, 'learner', 'learner'],
  ])('when %s launches with %s, then the launcher is no tenant admin', async (sub, role, tenantRole, courseRole) => {
    await launchAs(sub, [role]);
    expect(await rolesOf(sub)).toEqual({ tenant: tenantRole, course: courseRole });
  });

  it('when the registration opts in to institution admins, then the LIS institution Administrator becomes tenant admin', async () => {
    await db().updateTable('lti_registrations').set({ trust_institution_admin: true }).where('id', '=', moodle().registration.id).execute();
    try {
      await launchAs('trusted-admin', [ROLE.administrator]);
      expect(await rolesOf('trusted-admin')).toEqual({ tenant: 'admin', course: 'instructor' });
    } finally {
      await db().updateTable('lti_registrations').set({ trust_institution_admin: false }).where('id', '=', moodle().registration.id).execute();
    }
  });

  it('when the LMS lowers someone from instructor to learner, then the next launch lowers the course role', async () => {
    expect((await launchAs('lowered', [ROLE.instructor])).tenantId).toBe(moodle().tenantId);
    expect((await rolesOf('lowered')).course).toBe('instructor');
    await launchAs('lowered', [ROLE.learner]);
    expect((await rolesOf('lowered')).course).toBe('learner');
  });
});
