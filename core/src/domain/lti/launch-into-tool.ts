import type { SigningKey } from '../../config/config.js';
import { mintAppToken, type MintedToken } from '../identity/tokens.js';
import type { LaunchClaims, LtiWidget } from './lti-claims.js';
import type { LaunchStore, LtiRegistration } from './launch-store.port.js';
import { isGradedLink, mapLaunch } from './map-launch.js';

/** A deep-linking launch by an instructor: what the content picker needs to answer the LMS. */
export interface DeepLinkSession {
  registrationId: string;
  deploymentId: string;
  returnUrl: string;
  data: string | undefined;
  courseId: string;
  tenantId: string;
  userId: string;
  acceptMultiple: boolean;
}

/** What a verified launch leads to; plain data, so the shell can carry it in a signed launch ticket. */
export type LaunchOutcome =
  | { kind: 'tool'; tenantId: string; userId: string; courseId: string; courseTitle: string; linkId: string | undefined; widget: LtiWidget; settings: Record<string, unknown>; role: 'instructor' | 'learner'; isGraded: boolean }
  | { kind: 'picker'; session: DeepLinkSession };

/**
 * A launch message we will not act on (a placement that takes no resource links, a learner placing
 * content). The shell shows it as an invalid launch message.
 */
export class LaunchMessageRefusedError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'LaunchMessageRefusedError';
  }
}

/**
 * The LTI launch use case, after the shell has checked the id_token, state and nonce: maps the claims
 * onto tenant, course, user, membership and link (`mapLaunch`) and decides what the person sees — the
 * tool page, or the content picker for an instructor's deep-linking request.
 *
 * @example
 * const outcome = await launchIntoTool({ store: createLtiLaunchStore(db) }, registration, claims);
 */
export async function launchIntoTool(ports: { store: LaunchStore }, registration: LtiRegistration, claims: LaunchClaims): Promise<LaunchOutcome> {
  const accepts = claims.deepLinking?.acceptTypes ?? [];
  if (claims.messageType === 'LtiDeepLinkingRequest' && accepts.length > 0 && !accepts.includes('ltiResourceLink')) {
    throw new LaunchMessageRefusedError('this placement does not accept LTI resource links');
  }
  const mapped = await mapLaunch(ports, registration, claims);
  if (claims.messageType === 'LtiDeepLinkingRequest' && claims.deepLinking) {
    if (mapped.courseRole !== 'instructor') throw new LaunchMessageRefusedError('only instructors can place content');
    return {
      kind: 'picker',
      session: {
        registrationId: registration.id, deploymentId: claims.deploymentId, returnUrl: claims.deepLinking.returnUrl,
        data: claims.deepLinking.data, courseId: mapped.courseId, tenantId: mapped.tenantId, userId: mapped.userId,
        acceptMultiple: claims.deepLinking.acceptMultiple,
      },
    };
  }
  return {
    kind: 'tool', tenantId: mapped.tenantId, userId: mapped.userId, courseId: mapped.courseId, courseTitle: claims.context.title,
    linkId: mapped.linkId, widget: mapped.widget, settings: mapped.settings as Record<string, unknown>, role: mapped.courseRole,
    isGraded: isGradedLink(mapped.settings, claims.ags?.lineItemUrl),
  };
}

/** A launch's app token lives at most an hour, whatever the configured lifetime. */
export const LAUNCH_TOKEN_MAX_SECONDS = 3600;

/**
 * Mints the app token a tool launch earns: the course role only, marked `via: 'lti'`, with the link
 * (grade passback needs it).
 *
 * @example
 * const { token, expiresAt } = await mintLaunchToken(config.appTokenKeys, config.appTokenTtlSeconds, outcome);
 */
export function mintLaunchToken(keys: SigningKey[], ttlSeconds: number, outcome: Extract<LaunchOutcome, { kind: 'tool' }>): Promise<MintedToken> {
  return mintAppToken(keys, Math.min(ttlSeconds, LAUNCH_TOKEN_MAX_SECONDS), {
    userId: outcome.userId, tenantId: outcome.tenantId, courseId: outcome.courseId, roles: [outcome.role], via: 'lti', ltiLinkId: outcome.linkId,
  });
}
