import { createLtiRegistration } from '@tutorgraph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playLaunch } from '../../../test-support/lti-platform/browser.js';
import { ROLE } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld } from '../lti/lti-world.js';

// Issue #15 finding 13: tenant B registering tenant A's issuer broke A's logins that omit client_id.
let world: LtiWorld;
const moodle = () => world.platforms[0]!;
beforeAll(async () => { world = await startLtiWorld(['moodle']); });
afterAll(async () => { await world?.close(); });

describe('issuer squatting', () => {
  it('when another tenant registers the same issuer later, then logins without client_id still reach the first tenant', async () => {
    const squatter = await world.app.db.db.insertInto('tenants').values({ name: 'Squatter', slug: `squatter-${Date.now()}` }).returning('id').executeTakeFirstOrThrow();
    await createLtiRegistration(world.app.db.db, squatter.id, {
      name: 'Squatted', kind: 'moodle', issuer: moodle().platform.issuer, clientId: 'squatter-client',
      authLoginUrl: 'https://evil.example/auth', authTokenUrl: 'https://evil.example/token', keysetUrl: 'https://evil.example/jwks', deploymentIds: ['squat-1'],
    });
    const { loginUrl } = moodle().platform.prepareLaunch({
      user: { sub: 'squat-victim', name: 'Victim', email: 'victim@school.test', roles: [ROLE.learner] }, context: { id: 'squat-course', title: 'Course' },
    });
    const withoutClientId = new URL(loginUrl);
    withoutClientId.searchParams.delete('client_id');
    const result = await playLaunch(withoutClientId.toString());
    expect(result.status, result.html.slice(0, 300)).toBe(200);
    expect(readToolPage(result.html).tenantId).toBe(moodle().tenantId);
  });
});
