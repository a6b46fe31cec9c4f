import { GRADE_POLICIES, LTI_WIDGETS, type GradePolicy, type LaunchClaims, type LtiWidget } from './lti-claims.js';
import type { LaunchStore, LinkSettings, LtiRegistration, RecordLaunchResult } from './launch-store.port.js';
import { mapLtiRoles } from './map-roles.js';

/** Custom parameters naming what a link opens (set by our deep-linking response or an admin). */
export const CUSTOM_PARAMS = {
  widget: 'tg_widget',
  tierPolicy: 'tg_tier_policy',
  tier: 'tg_tier',
  numQuestions: 'tg_num_questions',
  gradePolicy: 'tg_grade_policy',
  /** '1' for a link placed as graded, '0' for practice; absent on links placed before it existed. */
  graded: 'tg_graded',
} as const;

/**
 * Whether a link sends scores to the gradebook: as placed ('graded' or practice), or, for links placed
 * before that choice was recorded, when the LMS holds a line item for it. A practice quiz never sends.
 *
 * @example
 * if (!isGradedLink(link.settings, link.lineItemUrl)) return; // practice: nothing goes to the gradebook
 */
export function isGradedLink(settings: LinkSettings, lineItemUrl: string | null | undefined): boolean {
  return settings.graded ?? Boolean(lineItemUrl);
}

/**
 * The name of the LMS instance a launch comes from, stable across registrations of the same LMS: its
 * `tool_platform.guid` when sent, else issuer + deployment. Used only inside one tenant.
 *
 * @example
 * platformKeyOf(claims); // 'guid:moodle.school.edu'
 */
export function platformKeyOf(claims: Pick<LaunchClaims, 'issuer' | 'deploymentId' | 'platform'>): string {
  return claims.platform.guid ? `guid:${claims.platform.guid}` : `iss:${claims.issuer}|${claims.deploymentId}`;
}

export interface MappedLaunch extends RecordLaunchResult {
  tenantId: string;
  tenantRole: 'admin' | 'instructor' | 'learner';
  courseRole: 'instructor' | 'learner';
}

/** Reads widget and settings from custom parameters; unknown values are ignored, not trusted. */
export function linkChoiceFromCustom(custom: Record<string, string>): { widget: LtiWidget | undefined; settings: LinkSettings } {
  const widget = LTI_WIDGETS.find((w) => w === custom[CUSTOM_PARAMS.widget]);
  const settings: LinkSettings = {};
  const tierPolicy = custom[CUSTOM_PARAMS.tierPolicy];
  if (tierPolicy === 'adaptive' || tierPolicy === 'fixed') settings.tierPolicy = tierPolicy;
  const tier = Number(custom[CUSTOM_PARAMS.tier]);
  if (Number.isInteger(tier) && tier >= 1 && tier <= 4) settings.tier = tier;
  const count = Number(custom[CUSTOM_PARAMS.numQuestions]);
  if (Number.isInteger(count) && count >= 1 && count <= 50) settings.numQuestions = count;
  const policy = GRADE_POLICIES.find((g): g is GradePolicy => g === custom[CUSTOM_PARAMS.gradePolicy]);
  if (policy) settings.gradePolicy = policy;
  const graded = custom[CUSTOM_PARAMS.graded];
  if (graded === '1' || graded === '0') settings.graded = graded === '1';
  return { widget, settings };
}

/**
 * Maps a verified launch onto our model: `sub` → user (per registration), roles → tenant and course
 * roles, `context.id` → course (created on first launch, titled from the context), resource link →
 * widget (ask panel unless a custom parameter says otherwise). The registration names the tenant.
 *
 * @example
 * const mapped = await mapLaunch({ store }, registration, claims);
 */
export async function mapLaunch(ports: { store: LaunchStore }, registration: LtiRegistration, claims: LaunchClaims): Promise<MappedLaunch> {
  const { tenantRole, courseRole } = mapLtiRoles(claims.roles, { trustInstitutionAdmin: registration.trustInstitutionAdmin === true });
  const choice = linkChoiceFromCustom(claims.custom);
  const result = await ports.store.recordLaunch({
    registration,
    deploymentId: claims.deploymentId,
    platformKey: platformKeyOf(claims),
    sub: claims.sub,
    name: claims.name,
    email: claims.email,
    tenantRole,
    courseRole,
    context: claims.context,
    membershipsUrl: claims.membershipsUrl,
    lineItemsUrl: claims.ags?.lineItemsUrl,
    agsScopes: claims.ags?.scopes ?? [],
    link: claims.resourceLink
      ? { resourceLinkId: claims.resourceLink.id, title: claims.resourceLink.title, widget: choice.widget, settings: choice.settings, lineItemUrl: claims.ags?.lineItemUrl }
      : undefined,
  });
  return { ...result, tenantId: registration.tenantId, tenantRole, courseRole };
}
