/** LTI Advantage scopes the tool asks for: line items, results, scores (AGS) and the roster (NRPS). */
export const TOOL_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
] as const;

/** Canvas variable substitutions sent as custom fields (ids help support; the tool never trusts them for access). */
export const CANVAS_CUSTOM_FIELDS = {
  canvas_course_id: '$Canvas.course.id',
  canvas_user_id: '$Canvas.user.id',
  canvas_user_login_id: '$Canvas.user.loginId',
  canvas_api_domain: '$Canvas.api.domain',
} as const;

/**
 * The Canvas developer-key JSON ("Enter URL" or "Paste JSON" in Admin → Developer Keys → + LTI Key), with
 * the tool's real URLs: course navigation for the ask panel; link selection, assignment selection and
 * the rich-editor button as deep-linking placements; AGS and NRPS scopes; custom fields.
 *
 * @example
 * res.json(canvasDeveloperKey('https://tutorgraph.example.edu'));
 */
export function canvasDeveloperKey(publicUrl: string): Record<string, unknown> {
  const launch = `${publicUrl}/lti/launch`;
  const icon = `${publicUrl}/widgets/icon.svg`;
  const deepLink = (placement: string, extra: Record<string, unknown> = {}) => ({
    placement, message_type: 'LtiDeepLinkingRequest', target_link_uri: launch, text: 'TutorGraph', icon_url: icon, ...extra,
  });
  return {
    title: 'TutorGraph',
    description: 'Adaptive learning: grounded answers with citations, adaptive quizzes and a mastery meter for your course.',
    oidc_initiation_url: `${publicUrl}/lti/login`,
    target_link_uri: launch,
    public_jwk_url: `${publicUrl}/lti/keys`,
    scopes: [...TOOL_SCOPES],
    extensions: [{
      domain: new URL(publicUrl).host,
      tool_id: 'tutorgraph',
      platform: 'canvas.instructure.com',
      privacy_level: 'public',
      settings: {
        text: 'TutorGraph',
        icon_url: icon,
        placements: [
          { placement: 'course_navigation', message_type: 'LtiResourceLinkRequest', target_link_uri: launch, text: 'TutorGraph', icon_url: icon, default: 'enabled', visibility: 'public' },
          deepLink('link_selection'),
          deepLink('assignment_selection'),
          deepLink('editor_button', { selection_width: 800, selection_height: 600 }),
        ],
      },
    }],
    custom_fields: { ...CANVAS_CUSTOM_FIELDS },
  };
}
