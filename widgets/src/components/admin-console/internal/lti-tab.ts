import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import type { DynamicRegistrationLink, ListResponse, LtiRegistration } from '../../../api/api-types.js';
import { strings } from '../../../i18n/strings.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';
import { confirmBox } from './confirm.js';
import { renderLtiSetup, toolBaseUrl } from './lti-setup.js';

const FIELDS = ['name', 'kind', 'issuer', 'client_id', 'deployment_ids', 'auth_login_url', 'auth_token_url', 'keyset_url'] as const;

/**
 * Installing TutorGraph in an LMS: the tool's URLs and a "Create registration link" button (dynamic
 * registration without an API call), then the tenant's LTI 1.3 platform registrations: list, add, edit,
 * delete (with confirm).
 *
 * @example
 * <tg-admin-lti tenant-id="t1"></tg-admin-lti>
 */
export class TgAdminLti extends TgApiElement {
  static override styles = [tokens, base, adminStyles];

  @state() protected registrations?: LtiRegistration[];
  @state() protected editing?: Partial<LtiRegistration>;
  @state() protected deleting?: LtiRegistration;
  @state() protected registrationLink?: { url: string; expires_at: string };

  private get base(): string { return `/tenants/${encodeURIComponent(this.tenantId ?? '')}/lti/registrations`; }

  protected override reload(): void {
    if (!this.tenantId) return;
    void this.run((c) => c.get<ListResponse<LtiRegistration>>(this.base), () => this.reload())
      .then((r) => { if (r) this.registrations = r.items ?? []; });
  }

  protected override render(): TemplateResult {
    const s = adminStrings;
    return html`${this.renderStatus()}
      ${renderLtiSetup(toolBaseUrl(this.client), this.registrationLink, () => void this.createLink())}
      ${this.deleting ? confirmBox(s.confirmAction(strings.common.delete, this.deleting.name), () => void this.removeRegistration(), () => { this.deleting = undefined; }) : nothing}
      ${this.editing ? this.renderForm(this.editing) : html`<button type="button" class="primary" @click=${() => { this.editing = { kind: 'canvas', deployment_ids: [] }; }}>${s.addRegistration}</button>`}
      ${!this.registrations ? nothing : !this.registrations.length ? html`<p class="muted">${s.noRegistrations}</p>` : html`
      <table aria-label=${s.tabs.lti}>
        <thead><tr><th scope="col">${s.ltiFields.name}</th><th scope="col">${s.ltiFields.issuer}</th><th scope="col">${s.ltiFields.client_id}</th><th scope="col"><span class="visually-hidden">${s.columns.actions}</span></th></tr></thead>
        <tbody>${this.registrations.map((r) => html`<tr>
          <td>${r.name}<br><span class="muted">${r.kind}</span></td><td><code>${r.issuer}</code></td><td><code>${r.client_id}</code></td>
          <td><div class="row"><button type="button" aria-label="${s.edit}: ${r.name}" @click=${() => { this.editing = r; }}>${s.edit}</button>
            <button type="button" aria-label="${strings.common.delete}: ${r.name}" @click=${() => { this.deleting = r; }}>${strings.common.delete}</button></div></td>
        </tr>`)}</tbody>
      </table>`}`;
  }

  private renderForm(r: Partial<LtiRegistration>): TemplateResult {
    const labels = adminStrings.ltiFields;
    const value = (f: (typeof FIELDS)[number]) => (f === 'deployment_ids' ? (r.deployment_ids ?? []).join(', ') : String(r[f] ?? ''));
    return html`<form class="grid" @submit=${this.onSave}>
      ${FIELDS.map((f) => html`<label>${labels[f]}<input name=${f} .value=${value(f)} ?required=${f !== 'deployment_ids'}></label>`)}
      <div class="row"><button type="submit" class="primary">${strings.common.save}</button>
        <button type="button" @click=${() => { this.editing = undefined; }}>${strings.common.cancel}</button></div>
    </form>`;
  }

  private async onSave(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const body: Record<string, unknown> = {};
    for (const f of FIELDS) body[f] = String(d.get(f) ?? '').trim();
    body.deployment_ids = String(body.deployment_ids).split(',').map((x) => x.trim()).filter(Boolean);
    const id = this.editing?.id;
    const saved = await this.run((c) => id ? c.patch<LtiRegistration>(`${this.base}/${encodeURIComponent(id)}`, body)
      : c.post<LtiRegistration>(this.base, body), () => form.requestSubmit());
    if (!saved) return;
    this.editing = undefined;
    this.reload();
  }

  private async createLink(): Promise<void> {
    const path = `/tenants/${encodeURIComponent(this.tenantId ?? '')}/lti/dynamic-registration-links`;
    const link = await this.run((c) => c.post<DynamicRegistrationLink>(path), () => void this.createLink());
    if (link) this.registrationLink = link;
  }

  private async removeRegistration(): Promise<void> {
    const r = this.deleting;
    if (!r) return;
    this.deleting = undefined;
    const ok = await this.run((c) => c.delete(`${this.base}/${encodeURIComponent(r.id)}`), () => this.reload());
    if (ok !== undefined) this.registrations = this.registrations?.filter((x) => x !== r);
  }
}
