import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { Invite } from '../../../api/api-types.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { confirmBox, formatTime } from './confirm.js';
import { ROLES } from './members-tab.js';
import { TgAdminCollectionTab } from './collection-tab.js';

/**
 * Invites: send one (email, role and the course it enrols in — the console's course by default), copy its link,
 * resend, revoke after a confirm step. The server emails the invite when SMTP is set up; otherwise (or when the
 * email fails) the notice says so and shows the link. "Copy link" always copies the invite's current link.
 *
 * @example
 * <tg-admin-invites tenant-id="t1"></tg-admin-invites>
 */
export class TgAdminInvites extends TgAdminCollectionTab<Invite> {
  @state() protected notice = '';
  /** A link the admin must pass on by hand (email not set up or failed), shown under the notice. */
  @state() protected manualLink = '';

  protected override coursesFallback = 'invites go to the organisation only';
  protected override get base(): string { return `/tenants/${encodeURIComponent(this.tenantId ?? '')}/invites`; }
  protected override idOf(invite: Invite): string { return invite.id; }

  protected override render(): TemplateResult {
    const s = adminStrings;
    return html`<form class="grid" @submit=${this.onSend}>
        <label>${s.inviteEmail}<input type="email" name="email" required autocomplete="off"></label>
        <label>${s.role}<select name="role">${ROLES.map((r) => html`<option ?selected=${r === 'learner'}>${r}</option>`)}</select></label>
        ${this.courses.length ? html`<label>${s.inviteCourse}<select name="course_id">
          <option value="">${s.noCourse}</option>
          ${this.courses.map((c) => html`<option value=${c.id} ?selected=${c.id === this.course}>${c.title}</option>`)}
        </select></label>` : nothing}
        <button type="submit" class="primary">${s.sendInvite}</button>
      </form>
      <p role="status" class="muted">${this.notice}${this.manualLink ? html`<br><code class="wrap">${this.manualLink}</code>` : nothing}</p>
      ${this.renderStatus()}
      ${this.removing ? confirmBox(s.confirmAction(s.revoke, this.removing.email), () => void this.revoke(), () => { this.removing = undefined; }) : nothing}
      ${!this.items ? nothing : !this.items.length ? html`<p class="muted">${s.noInvites}</p>` : html`
      <table aria-label=${s.tabs.invites}>
        <thead><tr><th scope="col">${s.inviteEmail}</th><th scope="col">${s.role}</th><th scope="col">${s.columns.status}</th><th scope="col"><span class="visually-hidden">${s.columns.actions}</span></th></tr></thead>
        <tbody>${this.items.map((i) => html`<tr>
          <td>${i.email}<br><span class="muted">${s.expires(formatTime(i.expires_at))}</span></td>
          <td>${i.role}${this.courseTitle(i) ? html`<br><span class="muted">${this.courseTitle(i)}</span>` : nothing}</td><td><span class="badge">${i.status}</span></td>
          <td><div class="row">
            ${i.invite_url ? html`<button type="button" aria-label="${s.copyLink}: ${i.email}" @click=${() => void this.copy(i)}>${s.copyLink}</button>` : nothing}
            <button type="button" aria-label="${s.resend}: ${i.email}" @click=${() => void this.resend(i)}>${s.resend}</button>
            <button type="button" aria-label="${s.revoke}: ${i.email}" @click=${() => void this.askRemove(i)}>${s.revoke}</button>
          </div></td></tr>`)}</tbody>
      </table>`}`;
  }

  private async onSend(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const courseId = String(data.get('course_id') ?? '');
    const body = { email: String(data.get('email') ?? ''), role: String(data.get('role') ?? 'learner'), ...(courseId ? { course_id: courseId } : {}) };
    const invite = await this.run((c) => c.post<Invite>(this.base, body), () => form.requestSubmit());
    if (!invite) return;
    form.reset();
    this.items = [invite, ...(this.items ?? [])];
    this.announce(invite, adminStrings.inviteEmailed(invite.email));
  }

  /** Says whether the email went out; when it did not, shows the link to pass on by hand. */
  private announce(invite: Invite, sentText: string): void {
    const s = adminStrings;
    const isSent = invite.delivery === 'sent';
    this.notice = isSent ? sentText : invite.delivery === 'failed' ? s.inviteEmailFailed(invite.email) : s.inviteNotEmailed(invite.email);
    this.manualLink = isSent ? '' : invite.invite_url ?? '';
  }

  private courseTitle(invite: Invite): string | undefined {
    return invite.course_id ? this.courses.find((c) => c.id === invite.course_id)?.title : undefined;
  }

  private async copy(invite: Invite): Promise<void> {
    try {
      await navigator.clipboard.writeText(invite.invite_url ?? '');
      this.notice = adminStrings.copied;
      this.manualLink = '';
    } catch (cause) {
      // Clipboard can be denied inside an LMS iframe: show the link so it can be copied by hand.
      this.notice = `${adminStrings.copyLink}:`;
      this.manualLink = invite.invite_url ?? '';
      console.warn('tg-admin-invites: clipboard unavailable', cause);
    }
  }

  private async resend(invite: Invite): Promise<void> {
    const fresh = await this.run((c) => c.post<Invite>(`${this.base}/${encodeURIComponent(invite.id)}/resend`), () => void this.resend(invite));
    if (!fresh) return;
    // The old link stopped working: the row now holds the new one, so "Copy link" copies what was just sent.
    const updated = { ...invite, ...fresh };
    this.items = this.items?.map((i) => (i.id === invite.id ? updated : i));
    this.announce(updated, adminStrings.inviteResent(updated.email));
  }

  private async revoke(): Promise<void> {
    const invite = await this.removeConfirmed();
    if (invite) this.items = this.items?.filter((i) => i !== invite);
  }
}
