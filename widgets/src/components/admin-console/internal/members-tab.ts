import { html, nothing, type TemplateResult } from 'lit';
import type { Member } from '../../../api/api-types.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { confirmBox } from './confirm.js';
import { TgAdminCollectionTab } from './collection-tab.js';

/** Roles an admin can hand out, lowest last. */
export const ROLES = ['owner', 'admin', 'instructor', 'learner'] as const;

/**
 * Tenant members: change a role (saved on change) or remove a member after a confirm step.
 *
 * @example
 * <tg-admin-members tenant-id="t1"></tg-admin-members>
 */
export class TgAdminMembers extends TgAdminCollectionTab<Member> {
  protected override get base(): string { return `/tenants/${encodeURIComponent(this.tenantId ?? '')}/members`; }
  protected override idOf(member: Member): string { return member.user_id; }

  protected override render(): TemplateResult {
    const s = adminStrings;
    return html`${this.renderStatus()}
      ${this.removing ? confirmBox(s.confirmRemove(this.removing.email ?? this.removing.name), () => void this.removeMember(), () => { this.removing = undefined; }) : nothing}
      ${!this.items ? nothing : !this.items.length ? html`<p class="muted">${s.noMembers}</p>` : html`
      <table aria-label=${s.tabs.members}>
        <thead><tr><th scope="col">${s.inviteEmail}</th><th scope="col">${s.role}</th><th scope="col"><span class="visually-hidden">${s.columns.actions}</span></th></tr></thead>
        <tbody>${this.items.map((m) => html`<tr>
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
    if (ok !== undefined) this.items = this.items?.map((m) => (m === member ? { ...m, role } : m));
  }

  private async removeMember(): Promise<void> {
    const member = await this.removeConfirmed();
    if (member) this.items = this.items?.filter((m) => m !== member);
  }
}
