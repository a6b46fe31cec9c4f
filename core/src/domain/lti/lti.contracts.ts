import { z } from 'zod';

const Url = z.url().max(2000);
const Kind = z.enum(['canvas', 'moodle', 'other']);

/** `POST /v1/tenants/:id/lti/registrations` — what an admin copies from the LMS. */
export const CreateLtiRegistrationRequest = z.object({
  name: z.string().trim().min(1).max(200),
  kind: Kind,
  issuer: z.string().trim().min(1).max(500),
  client_id: z.string().trim().min(1).max(500),
  deployment_ids: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
  auth_login_url: Url,
  auth_token_url: Url,
  keyset_url: Url,
  trust_institution_admin: z.boolean().optional()
    .describe('Opt-in: the LMS\'s institution/system Administrator role makes the launcher a tenant admin (default false)'),
}).meta({ id: 'CreateLtiRegistrationRequest' });

export const UpdateLtiRegistrationRequest = CreateLtiRegistrationRequest.partial().meta({ id: 'UpdateLtiRegistrationRequest' });

export const LtiRegistrationResponse = z.object({
  id: z.uuid(), tenant_id: z.uuid(), name: z.string(), kind: Kind, issuer: z.string(), client_id: z.string(),
  deployment_ids: z.array(z.string()), auth_login_url: z.string(), auth_token_url: z.string(), keyset_url: z.string(),
  trust_institution_admin: z.boolean().optional(),
  created_at: z.string(), updated_at: z.string(),
}).meta({ id: 'LtiRegistration' });

export const LtiRegistrationParams = z.object({ id: z.uuid(), registrationId: z.uuid() });

export const DynamicRegistrationLink = z.object({
  id: z.uuid(),
  url: z.string().describe('Paste into the LMS as the tool\'s dynamic registration URL; it works once, within hours'),
  expires_at: z.string(),
}).meta({ id: 'LtiDynamicRegistrationLink' });

/** A dynamic-registration link as the console lists it (the URL itself is shown only once, when created). */
export const DynamicRegistrationLinkItem = z.object({
  id: z.uuid(),
  status: z.enum(['active', 'used', 'revoked', 'expired']),
  created_at: z.string(),
  expires_at: z.string(),
  used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  registration_id: z.uuid().nullable(),
}).meta({ id: 'LtiDynamicRegistrationLinkItem' });

export const RegistrationLinkParams = z.object({ id: z.uuid(), linkId: z.uuid() });

/** `GET /v1/courses/:id/lti/status` — last roster sync and grade passback states of a course. */
export const CourseLtiStatus = z.object({
  course_id: z.uuid(),
  linked: z.boolean().describe('Whether the course comes from an LMS context'),
  roster: z.object({
    last_sync_at: z.string().nullable(), status: z.enum(['succeeded', 'failed']).nullable(), error: z.string().nullable(),
    counts: z.record(z.string(), z.number()).nullable(),
  }),
  passback: z.object({
    counts: z.record(z.string(), z.number()),
    recent: z.array(z.object({
      attempt_id: z.uuid(), user_id: z.uuid(), user_name: z.string().nullable().describe('The learner\'s name (or e-mail)'), status: z.string(), score_given: z.number().nullable(), score_maximum: z.number().nullable(),
      last_error: z.string().nullable(), job_id: z.uuid().nullable(), updated_at: z.string(),
    })),
  }),
}).meta({ id: 'CourseLtiStatus' });

/** Wire shapes (snake_case JSON) for the admin console (`import type`). */
export type LtiRegistrationWire = z.output<typeof LtiRegistrationResponse>;
export type CourseLtiStatusWire = z.output<typeof CourseLtiStatus>;
export type DynamicRegistrationLinkWire = z.output<typeof DynamicRegistrationLink>;
