import { z } from 'zod';
import { RoleSchema, Timestamp, Uuid } from './common.js';

export const User = z.object({ id: Uuid, email: z.string().nullable(), name: z.string() }).meta({ id: 'User' });
export const Tenant = z.object({ id: Uuid, name: z.string(), slug: z.string(), created_at: Timestamp }).meta({ id: 'Tenant' });
export const TenantWithRole = Tenant.extend({ role: RoleSchema });

export const DevLoginRequest = z.object({
  persona: z.enum(['admin', 'instructor', 'learner', 'learner2']),
  email: z.email().max(254).optional(),
});
export const SignInLinkRequest = z.object({ token: z.string().min(20).max(200).regex(/^[A-Za-z0-9_-]+$/) }).meta({ id: 'SignInLinkRequest' });
export const TokenResponse = z.object({
  token: z.string(),
  expires_at: Timestamp,
  user: User,
  memberships: z.array(z.object({ tenant: Tenant, role: RoleSchema })),
}).meta({ id: 'TokenResponse' });

export const MeResponse = z.object({
  user: User,
  memberships: z.array(z.object({ tenant: Tenant, role: RoleSchema })),
  current_tenant_id: Uuid.nullable(),
  course_id: Uuid.nullable(),
  role: RoleSchema.nullable(),
}).meta({ id: 'Me' });

export const CreateTenantRequest = z.object({
  name: z.string().trim().min(1).max(200),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes').optional(),
});

export const Member = z.object({
  user_id: Uuid, email: z.string().nullable(), name: z.string(), role: RoleSchema,
  status: z.enum(['active', 'pending', 'deactivated']), created_at: Timestamp,
}).meta({ id: 'Member' });
export const MemberParams = z.object({ id: Uuid, userId: Uuid });
export const UpdateMemberRequest = z.object({ role: RoleSchema });

export const InviteStatus = z.enum(['pending', 'accepted', 'expired', 'revoked']);
export const Invite = z.object({
  id: Uuid, email: z.string(), role: RoleSchema, status: InviteStatus, course_id: Uuid.nullable(),
  expires_at: Timestamp, created_at: Timestamp, accepted_at: Timestamp.nullable(), sent_count: z.number().int(),
  invite_url: z.string().optional().describe('The current link: on create and resend, and on pending invites in the list'),
  delivery: z.enum(['sent', 'failed', 'not_configured']).optional().describe('Whether the invite email went out (create and resend only)'),
}).meta({ id: 'Invite' });
export const CreateInviteRequest = z.object({
  email: z.email().max(254),
  role: RoleSchema,
  course_id: Uuid.optional(),
  expires_in_days: z.number().int().min(1).max(90).optional(),
});
export const InviteParams = z.object({ id: Uuid, inviteId: Uuid });
export const InviteTokenParams = z.object({ token: z.string().min(10).max(200) });
export const InvitePreview = z.object({
  tenant: z.object({ id: Uuid, name: z.string() }), email: z.string(), role: RoleSchema, status: InviteStatus, expires_at: Timestamp,
}).meta({ id: 'InvitePreview' });
export const AcceptInviteResponse = z.object({
  tenant: Tenant, role: RoleSchema, course_id: Uuid.nullable(), token: z.string(), expires_at: Timestamp,
}).meta({ id: 'AcceptInvite' });

export const SsoSettings = z.object({
  type: z.enum(['oidc', 'saml']),
  issuer: z.url().nullable().optional(),
  metadata_url: z.url().nullable().optional(),
  client_id: z.string().max(300).nullable().optional(),
  display_name: z.string().trim().max(60).nullable().optional().describe('The login button says "Sign in with <display_name>"; empty uses the organisation\'s name'),
  client_secret: z.string().max(500).nullable().optional().describe('Write-only: stored sealed, never returned; omit to keep the current one'),
  domains: z.array(z.string().trim().toLowerCase().regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'a domain like school.edu')).max(50),
  enabled: z.boolean(),
}).meta({ id: 'SsoSettings' });
export const SsoResponse = SsoSettings.omit({ client_secret: true }).extend({ configured: z.boolean(), updated_at: Timestamp.nullable(), has_client_secret: z.boolean() });

export const AuditEntry = z.object({
  id: Uuid, action: z.string(), actor: z.object({ id: Uuid, email: z.string().nullable() }).nullable(),
  target_type: z.string(), target_id: z.string().nullable(), metadata: z.record(z.string(), z.unknown()),
  request_id: z.string().nullable(), created_at: Timestamp,
}).meta({ id: 'AuditEntry' });
export const AuditQuery = z.object({
  action: z.string().max(100).optional(),
  actor: Uuid.optional(),
  target: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const AuthOptions = z.object({
  dev_login: z.boolean().describe('Demo sign-in (personas, any email) is on: demo servers only'),
  oidc: z.boolean().describe('At least one organisation has OpenID Connect sign-in enabled'),
}).meta({ id: 'AuthOptions' });
export const OidcStartRequest = z.object({
  email: z.email().max(254).optional(),
  invite_token: z.string().min(10).max(200).optional(),
  tenant_slug: z.string().trim().toLowerCase().max(100).regex(/^[a-z0-9-]+$/, 'a tenant slug like riverside-school').optional()
    .describe("Sign in at this organisation's provider (the login page's \"Sign in with …\" button)"),
}).refine((v) => Boolean(v.email ?? v.invite_token ?? v.tenant_slug), 'email, invite_token or tenant_slug is required');
export const OidcStartResponse = z.object({ authorization_url: z.url(), tenant: z.object({ id: Uuid, name: z.string(), slug: z.string() }) }).meta({ id: 'OidcStart' });
export const SignInProviderQuery = z.object({
  org: z.string().trim().toLowerCase().min(1).max(253).regex(/^[a-z0-9.-]+$/, 'a tenant slug or an email domain').describe('Tenant slug (riverside-school) or email domain (riverside.edu)'),
});
export const SignInProvider = z.object({
  tenant: z.object({ id: Uuid, name: z.string(), slug: z.string() }),
  provider: z.object({ type: z.literal('oidc'), name: z.string().describe('Shown as "Sign in with <name>"') }),
}).meta({ id: 'SignInProvider' });
/** Wire shapes (snake_case JSON) the portal imports with `import type`. */
export type SignInProviderWire = z.output<typeof SignInProvider>;

export const OidcCallbackQuery = z.object({
  state: z.string().max(200).optional(), code: z.string().max(4000).optional(), iss: z.string().max(500).optional(),
  error: z.string().max(200).optional(), error_description: z.string().max(1000).optional(),
}).loose();

export const ApiKeyScopeSchema = z.enum(['embed:learner', 'embed:instructor']);
export const ApiKey = z.object({
  id: Uuid, name: z.string(), prefix: z.string(), scopes: z.array(ApiKeyScopeSchema), course_id: Uuid.nullable(),
  created_at: Timestamp, last_used_at: Timestamp.nullable(), revoked_at: Timestamp.nullable(), is_revoked: z.boolean(),
  key: z.string().optional().describe('The secret, returned once when the key is created'),
}).meta({ id: 'ApiKey' });
export const CreateApiKeyRequest = z.object({
  name: z.string().trim().min(1).max(100), scopes: z.array(ApiKeyScopeSchema).min(1), course_id: Uuid.optional(),
});
/** Wire shapes of API keys for the admin console (`import type`). */
export type ApiKeyWire = z.output<typeof ApiKey>;
export type CreateApiKeyWire = z.input<typeof CreateApiKeyRequest>;
export const ApiKeyParams = z.object({ id: Uuid, keyId: Uuid });
export const EmbedTokenRequest = z.object({
  user_id: z.string().trim().min(1).max(200).describe("The host site's own stable id for the person"),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254).optional(),
  course_id: Uuid,
  role: z.enum(['learner', 'instructor']).default('learner'),
  ttl_seconds: z.number().int().min(60).max(3600).optional(),
});
export const EmbedTokenResponse = z.object({
  token: z.string(), expires_at: Timestamp, tenant_id: Uuid, course_id: Uuid, user_id: Uuid,
}).meta({ id: 'EmbedToken' });

/** Wire shapes (snake_case JSON) for the portal and the admin console (`import type`). */
export type MeWire = z.output<typeof MeResponse>;
export type MemberWire = z.output<typeof Member>;
export type InviteWire = z.output<typeof Invite>;
export type InvitePreviewWire = z.output<typeof InvitePreview>;
export type AuthOptionsWire = z.output<typeof AuthOptions>;
export type SsoResponseWire = z.output<typeof SsoResponse>;
/** What the admin console sends to save SSO settings (`PUT …/sso`). */
export type SsoSettingsRequestWire = z.input<typeof SsoSettings>;
export type AuditEntryWire = z.output<typeof AuditEntry>;
export type TokenResponseWire = z.output<typeof TokenResponse>;
export type OidcStartResponseWire = z.output<typeof OidcStartResponse>;
export type AcceptInviteResponseWire = z.output<typeof AcceptInviteResponse>;
export type TenantWithRoleWire = z.output<typeof TenantWithRole>;
