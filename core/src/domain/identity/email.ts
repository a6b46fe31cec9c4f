/** One message: always both a plain-text and an HTML body. */
export interface EmailMessage { to: string; subject: string; text: string; html: string }

/**
 * The port through which the product sends email. The SMTP adapter is `createSmtpMailer`; without SMTP
 * configured there is no mailer and the console shows the link to copy instead.
 */
export interface Mailer { send(message: EmailMessage): Promise<void> }

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The invite email in plain text and HTML (the same words in both; the link is the only call to action).
 *
 * @example
 * const message = inviteEmail({ to: 'sam@school.edu', tenantName: 'Riverside', role: 'learner', inviteUrl, expiresAt, inviterName: 'Ada' });
 */
export function inviteEmail(input: { to: string; tenantName: string; role: string; inviteUrl: string; expiresAt: Date; inviterName?: string | undefined; courseTitle?: string | undefined }): EmailMessage {
  const who = input.inviterName ? `${input.inviterName} invites you` : 'You are invited';
  const what = `${who} to join ${input.tenantName} on TutorGraph as ${input.role}${input.courseTitle ? `, in the course ${input.courseTitle}` : ''}.`;
  const until = input.expiresAt.toISOString().slice(0, 10);
  const text = [
    what, '', 'Accept the invite here:', input.inviteUrl, '',
    `The link works until ${until} and only for ${input.to}. If you did not expect this email, you can ignore it.`,
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:36rem">
<p>${e(what)}</p>
<p><a href="${e(input.inviteUrl)}" style="display:inline-block;padding:.6em 1.2em;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Accept the invite</a></p>
<p style="color:#555">Or paste this link into your browser: <br>${e(input.inviteUrl)}</p>
<p style="color:#555">The link works until ${e(until)} and only for ${e(input.to)}. If you did not expect this email, you can ignore it.</p>
</body></html>`;
  return { to: input.to, subject: `Your invitation to ${input.tenantName} on TutorGraph`, text, html };
}
