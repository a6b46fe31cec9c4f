import { ApiError } from '../../api/api-error.js';
import type { AcceptInviteResponse, InvitePreview, Me, TokenResponse } from '../../api/api-types.js';
import type { InviteOutcome } from '../pages/invite-page.js';
import type { PortalHost } from '../portal-host.js';
import { startOidc } from './sign-in.js';

/** The invite screen's steps: read the invite, accept it, or sign in as the invitee first. */

export async function loadInvite(host: PortalHost, token: string): Promise<void> {
  host.invite = { state: 'loading' };
  try {
    if (host.session && !host.me) host.me = await host.client.get<Me>('/me');
    const invite = await host.store.client().get<InvitePreview>(`/invites/${token}`);
    host.invite = invite.status === 'pending' ? { state: 'preview', invite } : invite.status === 'accepted'
      ? { state: 'invalid' } : { state: invite.status };
  } catch (error) {
    host.invite = inviteError(host, error);
  }
}

function inviteError(host: PortalHost, error: unknown, tenantName = ''): InviteOutcome {
  if (!(error instanceof ApiError)) return { state: 'error', message: String(error) };
  switch (error.code) {
    case 'INVITE_INVALID': case 'INVITE_ALREADY_ACCEPTED': return { state: 'invalid' };
    case 'INVITE_EXPIRED': return { state: 'expired' };
    case 'INVITE_REVOKED': return { state: 'revoked' };
    case 'INVITE_ALREADY_MEMBER': return { state: 'already-member', tenantName };
    case 'FORBIDDEN': return { state: 'wrong-user', email: host.invite.state === 'preview' ? host.invite.invite.email : '' };
    default: return { state: 'error', message: error.message };
  }
}

export async function acceptInvite(host: PortalHost, token: string): Promise<void> {
  const tenantName = host.invite.state === 'preview' ? host.invite.invite.tenant.name : '';
  try {
    const res = await host.client.post<AcceptInviteResponse>(`/invites/${token}/accept`, {});
    host.session = { token: res.token, expiresAt: res.expires_at, tenantId: res.tenant.id, courseId: res.course_id ?? undefined };
    host.store.save(host.session);
    // The header shows the organisation and course just joined, not the empty state from before.
    await host.loadContext();
    host.invite = { state: 'accepted', tenantName: res.tenant.name, courseTitle: host.courses.find((c) => c.id === res.course_id)?.title };
  } catch (error) {
    host.invite = inviteError(host, error, tenantName);
  }
  await host.focusMain();
}

export async function signInForInvite(host: PortalHost, email: string, token: string): Promise<void> {
  try {
    // The invite's organisation signs its people in through its identity provider; demo servers without one use dev login.
    if (await startOidc(host, { invite_token: token })) return;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404 && host.authOptions.dev_login)) {
      host.invite = { state: 'error', message: error instanceof Error ? error.message : String(error) };
      return;
    }
  }
  const res = await host.store.client().post<TokenResponse>('/auth/dev-login', { persona: 'learner', email });
  host.session = { token: res.token, expiresAt: res.expires_at };
  host.store.save(host.session);
  host.me = await host.client.get<Me>('/me');
  await acceptInvite(host, token);
}
