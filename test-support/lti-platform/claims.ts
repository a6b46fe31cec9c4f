/** Claim names of LTI 1.3 / Advantage, shared by the test platform's launch builders. */
export const LTI = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  toolPlatform: 'https://purl.imsglobal.org/spec/lti/claim/tool_platform',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  lis: 'https://purl.imsglobal.org/spec/lti/claim/lis',
  launchPresentation: 'https://purl.imsglobal.org/spec/lti/claim/launch_presentation',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  deepLinkingContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
} as const;

export const ROLE = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  teachingAssistant: 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
  contentDeveloper: 'http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper',
  administrator: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
  institutionStudent: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student',
  institutionInstructor: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor',
} as const;

export const AGS_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
] as const;
export const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

/** A person in the test LMS. */
export interface PlatformUser { sub: string; name: string; email: string; roles: string[] }

/** What a launch is about: who, where, which link, and anything the test wants different. */
export interface LaunchSpec {
  user: PlatformUser;
  context: { id: string; title: string; label?: string };
  resourceLink?: { id: string; title?: string };
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  custom?: Record<string, string>;
  /** Offer LTI client-side postMessage storage with this target frame name. */
  storageTarget?: string;
  /** Claims merged over the built ones (e.g. a wrong `aud`) — for negative tests. */
  overrideClaims?: Record<string, unknown>;
}

export interface ClaimInputs {
  kind: 'canvas' | 'moodle';
  issuer: string;
  platformUrl: string;
  clientId: string;
  deploymentId: string;
  targetLinkUri: string;
  nonce: string;
  spec: LaunchSpec;
}

/**
 * The id_token payload a Canvas or Moodle would send, in their own shapes: Canvas puts its ids in
 * custom fields and extra `instructure.com` claims; Moodle's issuer is the site URL.
 *
 * @example
 * const payload = buildLaunchClaims({ kind: 'canvas', issuer, platformUrl, clientId, deploymentId, targetLinkUri, nonce, spec });
 */
export function buildLaunchClaims(input: ClaimInputs): Record<string, unknown> {
  const { spec, platformUrl } = input;
  const now = Math.floor(Date.now() / 1000);
  const contextPath = `${platformUrl}/api/lti/courses/${encodeURIComponent(spec.context.id)}`;
  const messageType = spec.messageType ?? 'LtiResourceLinkRequest';
  const claims: Record<string, unknown> = {
    iss: input.issuer,
    aud: input.clientId,
    azp: input.clientId,
    sub: spec.user.sub,
    iat: now,
    exp: now + 300,
    nonce: input.nonce,
    name: spec.user.name,
    email: spec.user.email,
    given_name: spec.user.name.split(' ')[0],
    family_name: spec.user.name.split(' ').slice(1).join(' '),
    [LTI.messageType]: messageType,
    [LTI.version]: '1.3.0',
    [LTI.deploymentId]: input.deploymentId,
    [LTI.targetLinkUri]: input.targetLinkUri,
    [LTI.roles]: spec.user.roles,
    [LTI.context]: {
      id: spec.context.id, label: spec.context.label ?? spec.context.id, title: spec.context.title,
      type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
    },
    [LTI.launchPresentation]: { document_target: 'iframe', return_url: `${platformUrl}/courses/${spec.context.id}`, locale: 'en' },
    [LTI.ags]: {
      scope: [...AGS_SCOPES],
      lineitems: `${contextPath}/line_items`,
    },
    [LTI.nrps]: {
      context_memberships_url: `${contextPath}/names_and_roles`,
      service_versions: ['2.0'],
    },
  };
  if (messageType === 'LtiResourceLinkRequest') {
    claims[LTI.resourceLink] = { id: spec.resourceLink?.id ?? 'link-1', title: spec.resourceLink?.title ?? 'TutorGraph' };
  } else {
    claims[LTI.deepLinkingSettings] = {
      deep_link_return_url: `${platformUrl}/deep_linking/return`,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      auto_create: true,
      data: `dl-data-${spec.context.id}`,
    };
  }
  if (input.kind === 'canvas') {
    claims[LTI.toolPlatform] = { guid: 'canvas-guid-1:canvas-lms', name: 'Test School', version: 'cloud', product_family_code: 'canvas' };
    claims[LTI.custom] = { canvas_course_id: '4242', canvas_user_id: '77', canvas_user_login_id: spec.user.email, ...spec.custom };
    claims['https://www.instructure.com/placement'] = messageType === 'LtiDeepLinkingRequest' ? 'link_selection' : 'course_navigation';
    claims[LTI.lis] = { person_sourcedid: `sis-${spec.user.sub}`, course_offering_sourcedid: `sis-${spec.context.id}` };
    claims['https://purl.imsglobal.org/spec/lti/claim/lti11_legacy_user_id'] = `legacy-${spec.user.sub}`;
  } else {
    claims[LTI.toolPlatform] = { guid: new URL(platformUrl).host, name: 'Test Moodle', version: '2024100700', product_family_code: 'moodle' };
    claims[LTI.custom] = { ...spec.custom };
    claims[LTI.lis] = { person_sourcedid: '', course_section_sourcedid: '' };
    claims['https://purl.imsglobal.org/spec/lti/claim/ext'] = { user_username: spec.user.email, lms: 'moodle-2' };
  }
  return { ...claims, ...spec.overrideClaims };
}
