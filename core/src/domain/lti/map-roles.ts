/** The tenant-level role and the course-level role one LTI launch grants. */
export interface MappedRoles { tenantRole: 'admin' | 'instructor' | 'learner'; courseRole: 'instructor' | 'learner' }

// Both full URIs (…/membership#Instructor, …/membership/Instructor#TeachingAssistant) and the short
// forms some platforms still send ("Instructor") are accepted; the name after the last # or / decides.
const roleName = (role: string) => role.split(/[#/]/).at(-1) ?? role;
const isInstitutionOrSystem = (role: string) => /\/(institution|system)\/person#/.test(role);

/**
 * Maps LTI roles to ours: Instructor, TeachingAssistant, ContentDeveloper → instructor; Administrator →
 * admin (teaches the course too); Learner → learner; anything else → learner. Institution roles
 * (Canvas sends "institution/person#Instructor" for every teacher at the school) never make someone an
 * instructor of this course; only institution or system Administrator counts.
 *
 * @example
 * mapLtiRoles(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']); // { tenantRole: 'instructor', courseRole: 'instructor' }
 */
export function mapLtiRoles(roles: readonly string[]): MappedRoles {
  const names = roles.map((role) => ({ name: roleName(role), institutional: isInstitutionOrSystem(role) }));
  if (names.some((r) => r.name === 'Administrator')) return { tenantRole: 'admin', courseRole: 'instructor' };
  const courseNames = names.filter((r) => !r.institutional).map((r) => r.name);
  if (courseNames.some((n) => n === 'Instructor' || n === 'TeachingAssistant' || n === 'ContentDeveloper')) {
    return { tenantRole: 'instructor', courseRole: 'instructor' };
  }
  return { tenantRole: 'learner', courseRole: 'learner' };
}
