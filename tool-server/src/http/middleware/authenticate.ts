import type { Actor, AppTokenClaims, Db } from '@tutorgraph/core';
import { AppError, findMembership, listMembershipsOfUser, verifyAppToken } from '@tutorgraph/core';
import type { Request } from 'express';
import type { AppDeps } from '../../deps.js';

export interface Session extends AppTokenClaims { expiresAt: Date }

/** Reads and verifies the bearer token. No cookies: widgets in LMS iframes work where third-party cookies are blocked. */
export async function readSession(deps: AppDeps, req: Request): Promise<Session> {
  const header = req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');
  return verifyAppToken(deps.config.appTokenKeys, match[1]);
}

/**
 * Picks the tenant for this request and checks the membership in the database (roles in the token are
 * never trusted for access). A token bound to a tenant cannot be pointed at another one.
 *
 * @param pathTenantId the `:id` of `/tenants/:id/…` routes, when the route names its tenant
 */
export async function resolveActor(db: Db, session: Session, req: Request, requestId: string, pathTenantId?: string): Promise<Actor> {
  const headerTenant = req.header('x-tenant-id') || undefined;
  const wanted = pathTenantId ?? headerTenant;
  if (session.tenantId && wanted && wanted !== session.tenantId) {
    throw new AppError('FORBIDDEN', 'This session is limited to another tenant');
  }
  let tenantId = session.tenantId ?? wanted;
  if (!tenantId) {
    const memberships = await listMembershipsOfUser(db, session.userId);
    if (memberships.length !== 1) {
      throw new AppError('INVALID_ARGUMENT', 'Choose a tenant: send the X-Tenant-Id header', { tenants: memberships.length });
    }
    tenantId = memberships[0]?.id;
  }
  if (!tenantId || !/^[0-9a-f-]{36}$/i.test(tenantId)) throw new AppError('INVALID_ARGUMENT', 'X-Tenant-Id must be a tenant id');
  const membership = await findMembership(db, tenantId, session.userId);
  if (!membership || membership.status !== 'active') throw new AppError('FORBIDDEN', 'You are not a member of this tenant');
  return { userId: session.userId, tenantId, role: membership.role, requestId, boundCourseId: session.courseId };
}
