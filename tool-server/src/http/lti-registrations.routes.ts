import {
  CourseLtiStatus, CreateLtiRegistrationRequest, DynamicRegistrationLink, DynamicRegistrationLinkItem, IdParams, LtiRegistrationParams, LtiRegistrationResponse,
  OkResponse, UpdateLtiRegistrationRequest, assertRole, getCourseLtiStatus, getLtiPlatform, list, listLtiPlatforms,
  queueRosterSync, registerLtiPlatform, REGISTRATION_LINK_TTL_SECONDS, RegistrationLinkParams, createRegistrationLink,
  listTenantRegistrationLinks, registrationLinkStatus, revokeRegistrationLink, retryScorePassback, removeLtiPlatform, requireCourseRole, updateLtiPlatform,
} from '@tutorgraph/core';
import { z } from 'zod';
import { createLtiSigner } from '../lti/lti-runtime.js';
import { DYNAMIC_REGISTRATION_PURPOSE } from '../lti/dynamic-registration.handler.js';
import type { ApiRouter } from './api-router.js';

/** LMS registrations of a tenant (admins), the dynamic-registration link, and a course's LTI status. */
export function registerLtiRegistrationRoutes(api: ApiRouter): void {
  const base = '/tenants/:id/lti/registrations';
  api.route({
    method: 'post', path: base, summary: 'Register an LMS (issuer, client id, deployments) for this tenant', tags: ['lti'],
    auth: 'user', tenant: 'path', params: IdParams, body: CreateLtiRegistrationRequest, response: LtiRegistrationResponse, status: 201,
  }, ({ deps, actor, body }) => registerLtiPlatform(deps.db, actor, body));

  api.route({
    method: 'get', path: base, summary: 'LMS registrations of this tenant', tags: ['lti'],
    auth: 'user', tenant: 'path', params: IdParams, response: list(LtiRegistrationResponse),
  }, async ({ deps, actor }) => ({ items: await listLtiPlatforms(deps.db, actor) }));

  api.route({
    method: 'get', path: `${base}/:registrationId`, summary: 'One LMS registration', tags: ['lti'],
    auth: 'user', tenant: 'path', params: LtiRegistrationParams, response: LtiRegistrationResponse,
  }, ({ deps, actor, params }) => getLtiPlatform(deps.db, actor, params.registrationId));

  api.route({
    method: 'patch', path: `${base}/:registrationId`, summary: 'Change an LMS registration (deployment_ids replaces the list)', tags: ['lti'],
    auth: 'user', tenant: 'path', params: LtiRegistrationParams, body: UpdateLtiRegistrationRequest, response: LtiRegistrationResponse,
  }, ({ deps, actor, params, body }) => updateLtiPlatform(deps.db, actor, params.registrationId, body));

  api.route({
    method: 'delete', path: `${base}/:registrationId`, summary: 'Remove an LMS registration', tags: ['lti'],
    auth: 'user', tenant: 'path', params: LtiRegistrationParams, response: OkResponse,
  }, async ({ deps, actor, params }) => { await removeLtiPlatform(deps.db, actor, params.registrationId); return { ok: true }; });

  api.route({
    method: 'post', path: '/tenants/:id/lti/dynamic-registration-links', summary: 'A signed URL to paste into the LMS for dynamic registration',
    tags: ['lti'], auth: 'user', tenant: 'path', params: IdParams, response: DynamicRegistrationLink, status: 201,
  }, async ({ deps, actor }) => {
    assertRole(actor, 'admin');
    // Single use, two hours, revocable: the signed token names a row, and the row decides (issue #15).
    const link = await createRegistrationLink(deps.db, actor);
    const tg = await createLtiSigner(deps.config.ltiKey).sign(DYNAMIC_REGISTRATION_PURPOSE, { tenantId: actor.tenantId, linkId: link.id }, REGISTRATION_LINK_TTL_SECONDS);
    return { id: link.id, url: `${deps.config.publicUrl}/lti/register?tg=${tg}`, expiresAt: link.expiresAt.toISOString() };
  });

  api.route({
    method: 'get', path: '/tenants/:id/lti/dynamic-registration-links', summary: 'Dynamic-registration links of this tenant and whether each still works',
    tags: ['lti'], auth: 'user', tenant: 'path', params: IdParams, response: list(DynamicRegistrationLinkItem),
  }, async ({ deps, actor }) => ({
    items: (await listTenantRegistrationLinks(deps.db, actor)).map((link) => ({
      id: link.id, status: registrationLinkStatus(link), createdAt: link.createdAt.toISOString(), expiresAt: link.expiresAt.toISOString(),
      usedAt: link.usedAt?.toISOString() ?? null, revokedAt: link.revokedAt?.toISOString() ?? null, registrationId: link.registrationId,
    })),
  }));

  api.route({
    method: 'delete', path: '/tenants/:id/lti/dynamic-registration-links/:linkId', summary: 'Revoke a dynamic-registration link',
    tags: ['lti'], auth: 'user', tenant: 'path', params: RegistrationLinkParams, response: OkResponse,
  }, async ({ deps, actor, params }) => { await revokeRegistrationLink(deps.db, actor, params.linkId); return { ok: true }; });

  api.route({
    method: 'get', path: '/courses/:id/lti/status', summary: 'Last roster sync and grade passback states of a course (instructors)',
    tags: ['lti'], auth: 'user', params: IdParams, response: CourseLtiStatus,
  }, async ({ deps, actor, params }) => {
    await requireCourseRole(deps.db, actor, params.id, 'instructor');
    return getCourseLtiStatus(deps.db, actor.tenantId, params.id);
  });

  api.route({
    method: 'post', path: '/courses/:id/lti/roster-sync', summary: 'Pull the course roster from the LMS now (NRPS; instructors)',
    tags: ['lti'], auth: 'user', params: IdParams, response: z.object({ job_id: z.uuid(), status: z.string() }), status: 202,
  }, async ({ deps, actor, params }) => {
    await requireCourseRole(deps.db, actor, params.id, 'instructor');
    const job = await queueRosterSync(deps.db, deps.services.jobQueue, actor.tenantId, params.id);
    return { jobId: job.id, status: job.status };
  });

  api.route({
    method: 'post', path: '/attempts/:id/lti-passback/retry', summary: 'Send a failed grade passback again (instructors)',
    tags: ['lti'], auth: 'user', params: IdParams, response: z.object({ job_id: z.uuid() }), status: 202,
  }, async ({ deps, actor, params }) => ({
    jobId: await retryScorePassback(deps.db, () => deps.services.jobQueue, actor, params.id, deps.config.jobs.maxAttempts),
  }));
}
