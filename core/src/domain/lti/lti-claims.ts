import { z } from 'zod';

/** LTI 1.3 / Advantage claim names (the long URIs every launch carries). */
export const LTI_CLAIM = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  deepLinkingContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
} as const;

export const LTI_MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;
export type LtiMessageType = (typeof LTI_MESSAGE_TYPES)[number];

/** The widgets a link can open. */
export const LTI_WIDGETS = ['ask', 'quiz', 'mastery', 'flashcards', 'notes'] as const;
export type LtiWidget = (typeof LTI_WIDGETS)[number];

/** How a graded quiz link turns attempts into the LMS grade. */
export const GRADE_POLICIES = ['latest', 'best', 'mastery'] as const;
export type GradePolicy = (typeof GRADE_POLICIES)[number];

const LaunchPayload = z.object({
  iss: z.string().min(1),
  sub: z.string().min(1, 'anonymous launches are not supported'),
  name: z.string().optional(),
  email: z.string().optional(),
  [LTI_CLAIM.messageType]: z.enum(LTI_MESSAGE_TYPES),
  [LTI_CLAIM.version]: z.literal('1.3.0'),
  [LTI_CLAIM.deploymentId]: z.string().min(1),
  [LTI_CLAIM.roles]: z.array(z.string()),
  [LTI_CLAIM.context]: z.object({ id: z.string().min(1), title: z.string().optional(), label: z.string().optional() }),
  [LTI_CLAIM.resourceLink]: z.object({ id: z.string().min(1), title: z.string().optional() }).optional(),
  [LTI_CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [LTI_CLAIM.toolPlatform]: z.object({ guid: z.string().optional(), product_family_code: z.string().optional() }).optional(),
  [LTI_CLAIM.ags]: z.object({ scope: z.array(z.string()).default([]), lineitems: z.string().optional(), lineitem: z.string().optional() }).optional(),
  [LTI_CLAIM.nrps]: z.object({ context_memberships_url: z.string() }).optional(),
  [LTI_CLAIM.deepLinkingSettings]: z.object({
    deep_link_return_url: z.string(), accept_types: z.array(z.string()).default([]), data: z.string().optional(),
    accept_multiple: z.boolean().optional(),
  }).optional(),
});

/** A verified launch, in our words. */
export interface LaunchClaims {
  issuer: string;
  sub: string;
  name: string;
  email: string | undefined;
  messageType: LtiMessageType;
  deploymentId: string;
  roles: string[];
  context: { id: string; title: string };
  resourceLink: { id: string; title: string } | undefined;
  custom: Record<string, string>;
  ags: { scopes: string[]; lineItemsUrl: string | undefined; lineItemUrl: string | undefined } | undefined;
  membershipsUrl: string | undefined;
  deepLinking: { returnUrl: string; data: string | undefined; acceptTypes: string[]; acceptMultiple: boolean } | undefined;
  /** The `tool_platform` claim: `guid` names the LMS instance across registrations (Moodle, Canvas send it). */
  platform: { guid: string | undefined; productFamilyCode: string | undefined };
}

/**
 * Checks an id_token payload's LTI shape (message type, version 1.3.0, deployment, roles, context) and
 * returns it in our words. Throws a zod error naming the bad claim.
 *
 * @example
 * const claims = parseLaunchClaims(payload);
 */
export function parseLaunchClaims(payload: Record<string, unknown>): LaunchClaims {
  const p = LaunchPayload.parse(payload);
  const context = p[LTI_CLAIM.context];
  const link = p[LTI_CLAIM.resourceLink];
  const messageType = p[LTI_CLAIM.messageType];
  if (messageType === 'LtiResourceLinkRequest' && !link) throw new Error('resource_link claim is required');
  const dl = p[LTI_CLAIM.deepLinkingSettings];
  if (messageType === 'LtiDeepLinkingRequest' && !dl) throw new Error('deep_linking_settings claim is required');
  const ags = p[LTI_CLAIM.ags];
  const custom = Object.fromEntries(Object.entries(p[LTI_CLAIM.custom] ?? {}).map(([k, v]) => [k, String(v)]));
  return {
    issuer: p.iss,
    sub: p.sub,
    name: p.name ?? '',
    email: p.email || undefined,
    messageType,
    deploymentId: p[LTI_CLAIM.deploymentId],
    roles: p[LTI_CLAIM.roles],
    context: { id: context.id, title: context.title || context.label || `Course ${context.id}` },
    resourceLink: link ? { id: link.id, title: link.title ?? '' } : undefined,
    custom,
    ags: ags ? { scopes: ags.scope, lineItemsUrl: ags.lineitems, lineItemUrl: ags.lineitem } : undefined,
    membershipsUrl: p[LTI_CLAIM.nrps]?.context_memberships_url,
    deepLinking: dl ? { returnUrl: dl.deep_link_return_url, data: dl.data, acceptTypes: dl.accept_types, acceptMultiple: dl.accept_multiple ?? false } : undefined,
    platform: { guid: p[LTI_CLAIM.toolPlatform]?.guid || undefined, productFamilyCode: p[LTI_CLAIM.toolPlatform]?.product_family_code },
  };
}
