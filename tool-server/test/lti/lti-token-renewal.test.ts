import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncRoster } from '@tutorgraph/core';
import { playLaunch } from '../../../test-support/lti-platform/browser.js';
import { ROLE, type PlatformUser } from '../../../test-support/lti-platform/claims.js';
import { readToolPage, startLtiWorld, type LtiWorld } from './lti-world.js';

// The tool's OAuth2 access token for AGS/NRPS is renewed before it expires, not after the LMS refuses it:
// the test platform's token endpoint counts requests and its services refuse expired tokens (401).
let world: LtiWorld;
const moodle = () => world.platforms[0]!;
const learner: PlatformUser = { sub: 'renewal-learner', name: 'Renewal Learner', email: 'renewal@moodle.test', roles: [ROLE.learner] };
const context = { id: 'renewal-course', title: 'Renewal course' };

beforeAll(async () => { world = await startLtiWorld(['moodle']); });
afterAll(async () => { await world?.close(); });
afterEach(() => { vi.useRealTimers(); });

describe('the LMS access token', () => {
  it('when the LMS issues 50-second tokens, then one token serves calls until a fifth of its life is left, and the next call renews it first: no call meets a 401', async () => {
    const { platform, tenantId } = moodle();
    platform.services.tokenLifetimeSeconds = 50;
    platform.services.rosters.set(context.id, { members: [{ user: learner }], pageSize: 50 });
    const page = readToolPage((await playLaunch(platform.prepareLaunch({ user: learner, context }).loginUrl)).html);
    const deps = { db: world.app.db.db, ltiKey: world.app.deps.config.ltiKey, outbound: world.app.deps.config.outbound };
    const tokenRequests = () => platform.services.tokenRequests.length;
    const before = tokenRequests();

    await syncRoster(deps, tenantId, page.courseId);
    await syncRoster(deps, tenantId, page.courseId);
    expect(tokenRequests() - before).toBe(1);

    // 45 s later the token is still valid at the LMS (5 s left) but inside its renewal window.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 45_000);
    const refusedBefore = platform.services.refusedTokens;
    await syncRoster(deps, tenantId, page.courseId);
    expect(tokenRequests() - before).toBe(2);
    expect(platform.services.refusedTokens).toBe(refusedBefore);
    await syncRoster(deps, tenantId, page.courseId);
    expect(tokenRequests() - before).toBe(2);
  });
});
