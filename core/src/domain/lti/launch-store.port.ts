import type { GradePolicy, LtiWidget } from './lti-claims.js';

/** An LTI registration as the launch needs it: which tenant, which platform, which deployments. */
export interface LtiRegistration {
  id: string;
  tenantId: string;
  name: string;
  kind: 'canvas' | 'moodle' | 'other';
  issuer: string;
  clientId: string;
  authLoginUrl: string;
  authTokenUrl: string;
  keysetUrl: string;
  deploymentIds: string[];
  /** Opt-in: the LIS institution/system Administrator role makes the launcher a tenant admin. @defaultValue false */
  trustInstitutionAdmin?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Settings a placed link carries (from the deep-linking choice or custom parameters). */
export interface LinkSettings {
  tierPolicy?: 'adaptive' | 'fixed';
  tier?: number;
  numQuestions?: number;
  gradePolicy?: GradePolicy;
  /** Placed as graded (true) or practice (false); undefined on links placed before the choice was recorded. */
  graded?: boolean;
}

/** Everything a launch writes, in one transaction. */
export interface RecordLaunchInput {
  registration: LtiRegistration;
  deploymentId: string;
  /** The LMS instance across registrations (see platformKeyOf): finds the course and user of an earlier registration. */
  platformKey: string;
  sub: string;
  name: string;
  email: string | undefined;
  tenantRole: 'admin' | 'instructor' | 'learner';
  courseRole: 'instructor' | 'learner';
  context: { id: string; title: string };
  membershipsUrl: string | undefined;
  lineItemsUrl: string | undefined;
  agsScopes: string[];
  /** Absent for deep-linking requests (no link exists yet). */
  link: { resourceLinkId: string; title: string; widget: LtiWidget | undefined; settings: LinkSettings; lineItemUrl: string | undefined } | undefined;
}

export interface RecordLaunchResult {
  userId: string;
  courseId: string;
  linkId: string | undefined;
  widget: LtiWidget;
  settings: LinkSettings;
  isNewCourse: boolean;
}

/** The port the launch use case writes through (implemented by the lti-launch repository). */
export interface LaunchStore {
  recordLaunch(input: RecordLaunchInput): Promise<RecordLaunchResult>;
}
