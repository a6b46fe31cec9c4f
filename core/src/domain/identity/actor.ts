import type { Role } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';

/** Who is acting, in which tenant, with which tenant role; carried into every use case for checks and audit. */
export interface Actor {
  userId: string;
  tenantId: string;
  role: Role;
  requestId: string | null;
  /** Set when the session is bound to one course (LTI launches): other courses are out of reach. */
  boundCourseId?: string | undefined;
}

const RANK = { learner: 0, instructor: 1, admin: 2, owner: 3 } as const satisfies Record<Role, number>;

/** True when `role` is at least `minimum` (owner > admin > instructor > learner). */
export function hasRole(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/**
 * Throws FORBIDDEN unless the actor's tenant role is at least `minimum`.
 *
 * @example
 * assertRole(actor, 'admin');
 */
export function assertRole(actor: Actor, minimum: Role): void {
  if (!hasRole(actor.role, minimum)) {
    throw new AppError('FORBIDDEN', `This action needs the ${minimum} role or higher`, { required_role: minimum });
  }
}
