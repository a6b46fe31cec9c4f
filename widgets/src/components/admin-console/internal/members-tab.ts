import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import type { ListResponse, Member } from '../../../api/api-types.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';
import { confirmBox } from './confirm.js';

/** Roles an admin can hand out, lowest last. */
export const ROLES = ['owner', 'admin', 'instructor', 'learner'] as const;

/**
 * Tenant members: change a role (saved on change) or remove a member after a confirm step.
 *
 * @example
 * <tg-admin-members tenant-id="t1"></tg-admin-members>
 */
export class TgAdminMembers extends TgApiElement {
  static override styles = [tokens, base, adminStyles];

  @state() protected members?: Member[];
  @state() protected removing?: Member;

  private get base(): string { return `/tenants/${encodeURIComponent(this.tenantId ?? '')}/members`; }

  protected override reload(): void {
    if (!this.tenantId) return;
    void this.run((c) => c.get<ListResponse<Member>>(this.base), () => this.reload())
      .then((r) => { if (r) this.members = r.items ?? []; });
  }

  protected override render(): TemplateResult {
    const s = adminStrings;
    return html`${this.renderStatus()}
      ${this.removing ? confirmBox(s.confirmRemove(this.removing.email ?? this.removing.name), () => void this.removeMember(), () => { this.removing = undefined; }) : nothing}
      ${!this.members ? nothing : !this.members.length ? html`<p class="muted">${s.noMembers}</p>` : html`
      <table aria-label=${s.tabs.members}>
        <thead><tr><th scope="col">${s.inviteEmail}</th><th scope="col">${s.role}</th><th scope="col"><span class="visually-hidden">${s.columns.actions}</span></th></tr></thead>
        <tbody>${this.members.map((m) => html`<tr>
          <td>${m.name ? html`${m.name}<br>` : nothing}<span class="muted">${m.email ?? ''}</span></td>
          <td><select aria-label="${s.role}: ${m.email ?? m.name}" @change=${(e: Event) => void this.setRole(m, (e.target as HTMLSelectElement).value as Member['role'])}>
            ${ROLES.map((r) => html`<option value=${r} ?selected=${r === m.role}>${r}</option>`)}</select></td>
          <td><button type="button" aria-label="${s.remove}: ${m.email ?? m.name}" @click=${() => void this.askRemove(m)}>${s.remove}</button></td>
        </tr>`)}</tbody>
      </table>`}`;
  }

  private async setRole(member: Member, role: Member['role']): Promise<void> {
    const path = `${this.base}/${encodeURIComponent(member.user_id)}`;
    const ok = await this.run((c) => c.patch(path, { role }), () => void this.setRole(member, role));
    if (ok !== undefined) this.members = this.members?.map((m) => (m === member ? { ...m, role } : m));
  }

  private async askRemove(member: Member): Promise<void> {
    this.removing = member;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-confirm]')?.focus();
  }

  private async removeMember(): Promise<void> {
    const member = this.removing;
    if (!member) return;
    this.removing = undefined;
    const ok = await this.run((c) => c.delete(`${this.base}/${encodeURIComponent(member.user_id)}`), () => this.reload());
    if (ok !== undefined) this.members = this.members?.filter((m) => m !== member);
  }
}
