import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support/test-db.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { verifyAppToken } from '../../src/domain/identity/tokens.js';
import {
  createLtiLaunchStore, createLtiRegistration, LaunchMessageRefusedError, launchIntoTool, LTI_CLAIM, mintLaunchToken, parseLaunchClaims,
  type LtiRegistration,
} from '../../src/domain/lti/index.js';

const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const KEYS = [{ kid: 'k1', secret: new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256') }];
let handle: DatabaseHandle;
let registration: LtiRegistration;

beforeAll(async () => {
  handle = await createTestDatabase();
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const tenant = await handle.db.insertInto('tenants').values({ name: slug, slug }).returning('id').executeTakeFirstOrThrow();
  registration = await createLtiRegistration(handle.db, tenant.id, {
    name: 'LMS', kind: 'other', issuer: `https://lms-${slug}.example`, clientId: 'client-1', authLoginUrl: 'https://lms.example/auth',
    authTokenUrl: 'https://lms.example/token', keysetUrl: 'https://lms.example/jwks', deploymentIds: ['dep-1'],
  });
});
afterAll(() => handle.close());

function claims(role: string, messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest', extra: Record<string, unknown> = {}) {
  return parseLaunchClaims({
    iss: registration.issuer, sub: `sub-${role}`, aud: 'client-1', name: role,
    [LTI_CLAIM.messageType]: messageType, [LTI_CLAIM.version]: '1.3.0', [LTI_CLAIM.deploymentId]: 'dep-1',
    [LTI_CLAIM.roles]: [`${M}${role}`], [LTI_CLAIM.context]: { id: 'ctx-1', title: 'Course One' },
    ...(messageType === 'LtiResourceLinkRequest'
      ? { [LTI_CLAIM.resourceLink]: { id: 'link-1', title: 'Ask' } }
      : { [LTI_CLAIM.deepLinkingSettings]: { deep_link_return_url: 'https://lms.example/return', accept_types: ['ltiResourceLink'] } }),
    ...extra,
  });
}

describe('the LTI launch use case', () => {
  it('when a learner opens a resource link, then the outcome is the tool page for that course, link and role', async () => {
    const outcome = await launchIntoTool({ store: createLtiLaunchStore(handle.db) }, registration, claims('Learner', 'LtiResourceLinkRequest'));
    expect(outcome).toMatchObject({ kind: 'tool', tenantId: registration.tenantId, courseTitle: 'Course One', role: 'learner', widget: 'ask', isGraded: false });
    const course = await handle.db.selectFrom('courses').select('title').where('id', '=', outcome.kind === 'tool' ? outcome.courseId : '').executeTakeFirst();
    expect(course?.title).toBe('Course One');
  });

  it('when an instructor sends a deep-linking request, then the outcome is the picker for the same course', async () => {
    const outcome = await launchIntoTool({ store: createLtiLaunchStore(handle.db) }, registration, claims('Instructor', 'LtiDeepLinkingRequest'));
    expect(outcome.kind).toBe('picker');
    if (outcome.kind === 'picker') expect(outcome.session).toMatchObject({ registrationId: registration.id, deploymentId: 'dep-1', returnUrl: 'https://lms.example/return' });
  });

  it('when a learner sends a deep-linking request, then it is refused as a message we do not act on', async () => {
    await expect(launchIntoTool({ store: createLtiLaunchStore(handle.db) }, registration, claims('Learner', 'LtiDeepLinkingRequest')))
      .rejects.toThrow(LaunchMessageRefusedError);
  });

  it('when the placement accepts no resource links, then the launch is refused before anything is written', async () => {
    const c = claims('Instructor', 'LtiDeepLinkingRequest', {
      [LTI_CLAIM.deepLinkingSettings]: { deep_link_return_url: 'https://lms.example/return', accept_types: ['file'] },
      [LTI_CLAIM.context]: { id: 'ctx-never', title: 'Never' },
    });
    await expect(launchIntoTool({ store: createLtiLaunchStore(handle.db) }, registration, c)).rejects.toThrow('does not accept LTI resource links');
    expect(await handle.db.selectFrom('courses').select('id').where('title', '=', 'Never').execute()).toHaveLength(0);
  });

  it('when a tool outcome is minted, then the token carries the course role and link and lives at most an hour', async () => {
    const outcome = await launchIntoTool({ store: createLtiLaunchStore(handle.db) }, registration, claims('Learner', 'LtiResourceLinkRequest'));
    if (outcome.kind !== 'tool') throw new Error('expected a tool outcome');
    const minted = await mintLaunchToken(KEYS, 24 * 3600, outcome);
    const verified = await verifyAppToken(KEYS, minted.token);
    expect(verified).toMatchObject({ userId: outcome.userId, courseId: outcome.courseId, roles: ['learner'], via: 'lti', ltiLinkId: outcome.linkId });
    expect(minted.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(3600 * 1000);
    expect(minted.expiresAt.getTime() - Date.now()).toBeGreaterThan(3500 * 1000);
  });
});
