/** The tenant-level role and the course-level role one LTI launch grants. */
export interface MappedRoles { tenantRole: 'admin' | 'instructor' | 'learner'; courseRole: 'instructor' | 'learner' }

/** Per-registration choices that widen what a launch may grant. */
export interface RoleMappingOptions {
  /** The registration's opt-in: LIS institution/system Administrator becomes tenant admin. @defaultValue false */
  trustInstitutionAdmin?: boolean;
}

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const COURSE_TEACHING = new Set(['Instructor', 'TeachingAssistant', 'ContentDeveloper', 'Administrator']);

type ParsedRole = { scope: 'course' | 'institution' | 'system'; name: string };

/**
 * Reads one role in the LIS vocabulary: context roles (`…/membership#Instructor`,
 * `…/membership/Instructor#TeachingAssistant`, the short form `Instructor`, LTI 1.1 `urn:lti:role:ims/lis/…`),
 * institution and system roles (`…/institution/person#Administrator`, `urn:lti:instrole:…`, `urn:lti:sysrole:…`).
 * Anything else (`urn:acme:custom-role#Administrator`) is not a role we map.
 */
function parseRole(role: string): ParsedRole | undefined {
  const after = (prefix: string) => (role.startsWith(prefix) ? role.slice(prefix.length) : undefined);
  const membership = after(`${LIS}membership#`) ?? after('urn:lti:role:ims/lis/');
  if (membership !== undefined) return { scope: 'course', name: membership.split('/')[0] as string };
  const subRole = after(`${LIS}membership/`);
  if (subRole !== undefined) return { scope: 'course', name: subRole.split('#').at(-1) as string };
  const institution = after(`${LIS}institution/person#`) ?? after('urn:lti:instrole:ims/lis/');
  if (institution !== undefined) return { scope: 'institution', name: institution };
  const system = after(`${LIS}system/person#`) ?? after('urn:lti:sysrole:ims/lis/');
  if (system !== undefined) return { scope: 'system', name: system };
  if (/^[A-Za-z]+$/.test(role)) return { scope: 'course', name: role };
  return undefined;
}

/**
 * Maps LTI roles to ours. A launch grants course roles: Instructor, TeachingAssistant, ContentDeveloper
 * and the course's own Administrator teach the course; everyone else learns. It never grants tenant
 * administration — that comes from the tenant's members list, or, for a registration that opted in,
 * from the LIS institution or system Administrator role (Canvas sends institution roles for every
 * teacher at the school, so they never make someone an instructor of this course).
 *
 * @example
 * mapLtiRoles(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']); // { tenantRole: 'instructor', courseRole: 'instructor' }
 * mapLtiRoles(['http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator']); // { tenantRole: 'learner', courseRole: 'learner' }
 */
export function mapLtiRoles(roles: readonly string[], options: RoleMappingOptions = {}): MappedRoles {
  const parsed = roles.map(parseRole).filter((r): r is ParsedRole => r !== undefined);
  const isTrustedAdmin = options.trustInstitutionAdmin === true
    && parsed.some((r) => r.scope !== 'course' && r.name === 'Administrator');
  if (isTrustedAdmin) return { tenantRole: 'admin', courseRole: 'instructor' };
  if (parsed.some((r) => r.scope === 'course' && COURSE_TEACHING.has(r.name))) return { tenantRole: 'instructor', courseRole: 'instructor' };
  return { tenantRole: 'learner', courseRole: 'learner' };
}
