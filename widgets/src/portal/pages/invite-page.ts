import { html, type TemplateResult } from 'lit';
import type { InvitePreview } from '../../api/api-types.js';

export type InviteOutcome =
  | { state: 'loading' } | { state: 'preview'; invite: InvitePreview } | { state: 'accepted'; tenantName: string; courseTitle?: string | undefined }
  | { state: 'expired' } | { state: 'invalid' } | { state: 'revoked' } | { state: 'already-member'; tenantName: string }
  | { state: 'wrong-user'; email: string } | { state: 'error'; message: string };

const TITLES: Record<InviteOutcome['state'], string> = {
  loading: 'Checking your invite…', preview: 'You are invited', accepted: 'Welcome aboard', expired: 'This invite has expired',
  invalid: 'This invite link is not valid', revoked: 'This invite was withdrawn', 'already-member': 'You are already a member',
  'wrong-user': 'This invite is for someone else', error: 'Something went wrong',
};

/** The invite acceptance page: accepted / expired / invalid / revoked / already joined, each said plainly. */
export function invitePage(outcome: InviteOutcome, opts: { signedInEmail: string | null; onAccept: () => void; onSignInAs: (email: string) => void; onContinue: () => void }): TemplateResult {
  let body: TemplateResult;
  switch (outcome.state) {
    case 'loading': body = html`<p aria-busy="true">Loading…</p>`; break;
    case 'preview': {
      const { invite } = outcome;
      const isSignedInAsInvitee = opts.signedInEmail?.toLowerCase() === invite.email.toLowerCase();
      body = html`
        <p><strong>${invite.tenant.name}</strong> invites <strong>${invite.email}</strong> to join as <strong>${invite.role}</strong>.</p>
        <p class="muted">Valid until ${new Date(invite.expires_at).toLocaleDateString()}.</p>
        ${isSignedInAsInvitee
          ? html`<button @click=${opts.onAccept}>Accept invite</button>`
          : html`<button @click=${() => opts.onSignInAs(invite.email)}>Sign in as ${invite.email} and accept</button>`}`;
      break;
    }
    case 'accepted': body = html`<p class="ok" role="status">You joined <strong>${outcome.tenantName}</strong>${outcome.courseTitle
      ? html` and the course <strong>${outcome.courseTitle}</strong>` : ''}.</p><button @click=${opts.onContinue}>Go to your dashboard</button>`; break;
    case 'already-member': body = html`<p class="ok" role="status">You already belong to <strong>${outcome.tenantName}</strong>.</p><button @click=${opts.onContinue}>Go to your dashboard</button>`; break;
    case 'expired': body = html`<p class="error" role="alert">Invites last 7 days. Ask the person who invited you to send it again.</p>`; break;
    case 'invalid': body = html`<p class="error" role="alert">The link may be mistyped or already replaced by a newer one. Ask for a new invite.</p>`; break;
    case 'revoked': body = html`<p class="error" role="alert">An administrator withdrew this invite. Ask them if this is a mistake.</p>`; break;
    case 'wrong-user': body = html`<p class="error" role="alert">Sign in as ${outcome.email} to accept it.</p><button @click=${() => opts.onSignInAs(outcome.email)}>Sign in as ${outcome.email}</button>`; break;
    default: body = html`<p class="error" role="alert">${outcome.message}</p>`;
  }
  return html`<main id="main" tabindex="-1"><h1>${TITLES[outcome.state]}</h1><section class="card">${body}</section></main>`;
}
