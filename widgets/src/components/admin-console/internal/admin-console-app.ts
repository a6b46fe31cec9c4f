import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import { defineElement } from '../../../internal/define.js';
import type { Me } from '../../../api/api-types.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';
import { TgAdminDocuments } from './documents-tab.js';
import { TgAdminMembers } from './members-tab.js';
import { TgAdminInvites } from './invites-tab.js';
import { TgAdminSso } from './sso-tab.js';
import { TgAdminApiKeys } from './api-keys-tab.js';
import { TgAdminAudit } from './audit-tab.js';
import { TgAdminLti } from './lti-tab.js';
import { TgAdminAnalytics } from './analytics-tab.js';
import { TgAdminLmsSync } from './lms-sync-tab.js';

const TABS = ['documents', 'members', 'invites', 'sso', 'keys', 'audit', 'lti', 'lms', 'analytics'] as const;
type Tab = (typeof TABS)[number];

/**
 * The lazily loaded admin console: an ARIA tab list (arrow keys move between tabs) over one element per area.
 * Resolves the tenant from `tenant-id`, the provider, or `GET /me`.
 *
 * @example
 * <tg-admin-console-app course-id="c1"></tg-admin-console-app>
 */
export class TgAdminConsoleApp extends TgApiElement {
  static override styles = [tokens, base, adminStyles];

  @state() protected tab: Tab = 'documents';
  @state() protected tenant?: string;

  protected override reload(): void {
    const known = this.tenantId ?? this.session?.tenantId;
    if (known) { this.tenant = known; return; }
    void this.run((c) => c.get<Me>('/me'), () => this.reload()).then((me) => {
      if (me) this.tenant = me.current_tenant_id ?? me.memberships[0]?.tenant.id;
    });
  }

  protected override render(): TemplateResult {
    const labels = adminStrings.tabs;
    return html`<div class="tabs" role="tablist" aria-label=${adminStrings.label} @keydown=${this.onTabKey}>
        ${TABS.map((t) => html`<button type="button" role="tab" id="tab-${t}" aria-controls="panel"
          aria-selected=${t === this.tab ? 'true' : 'false'} tabindex=${t === this.tab ? 0 : -1}
          @click=${() => { this.tab = t; }}>${labels[t]}</button>`)}
      </div>
      ${this.renderStatus()}
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">${this.renderTab()}</div>`;
  }

  private renderTab(): TemplateResult | typeof nothing {
    const needsTenant = this.tab !== 'documents' && this.tab !== 'analytics' && this.tab !== 'lms';
    if (needsTenant && !this.tenant) return nothing;
    const a = { apiBase: this.apiBase, token: this.token, course: this.courseId, tenant: this.tenant, theme: this.theme };
    switch (this.tab) {
      case 'documents': return html`<tg-admin-documents api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} course-id=${a.course ?? nothing} theme=${a.theme ?? nothing}></tg-admin-documents>`;
      case 'members': return html`<tg-admin-members api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} tenant-id=${a.tenant ?? nothing} theme=${a.theme ?? nothing}></tg-admin-members>`;
      case 'invites': return html`<tg-admin-invites api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} tenant-id=${a.tenant ?? nothing} course-id=${a.course ?? nothing} theme=${a.theme ?? nothing}></tg-admin-invites>`;
      case 'sso': return html`<tg-admin-sso api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} tenant-id=${a.tenant ?? nothing} theme=${a.theme ?? nothing}></tg-admin-sso>`;
      case 'keys': return html`<tg-admin-api-keys api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} tenant-id=${a.tenant ?? nothing} theme=${a.theme ?? nothing}></tg-admin-api-keys>`;
      case 'audit': return html`<tg-admin-audit api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} tenant-id=${a.tenant ?? nothing} theme=${a.theme ?? nothing}></tg-admin-audit>`;
      case 'lti': return html`<tg-admin-lti api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} tenant-id=${a.tenant ?? nothing} theme=${a.theme ?? nothing}></tg-admin-lti>`;
      case 'lms': return html`<tg-admin-lms-sync api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} course-id=${a.course ?? nothing} theme=${a.theme ?? nothing}></tg-admin-lms-sync>`;
      case 'analytics': return html`<tg-admin-analytics api-base=${a.apiBase ?? nothing} token=${a.token ?? nothing} course-id=${a.course ?? nothing} theme=${a.theme ?? nothing}></tg-admin-analytics>`;
    }
  }

  private async onTabKey(e: KeyboardEvent): Promise<void> {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    const jump = e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (!step && jump < 0) return;
    e.preventDefault();
    const at = TABS.indexOf(this.tab);
    this.tab = TABS[jump >= 0 ? jump : (at + step + TABS.length) % TABS.length] ?? 'documents';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus();
  }
}

defineElement('tg-admin-documents', TgAdminDocuments);
defineElement('tg-admin-lms-sync', TgAdminLmsSync);
defineElement('tg-admin-members', TgAdminMembers);
defineElement('tg-admin-invites', TgAdminInvites);
defineElement('tg-admin-sso', TgAdminSso);
defineElement('tg-admin-api-keys', TgAdminApiKeys);
defineElement('tg-admin-audit', TgAdminAudit);
defineElement('tg-admin-lti', TgAdminLti);
defineElement('tg-admin-analytics', TgAdminAnalytics);
defineElement('tg-admin-console-app', TgAdminConsoleApp);
