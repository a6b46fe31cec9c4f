import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { TgApiElement } from '../../../internal/api-element.js';
import type { SsoSettings, SsoSettingsRequest } from '../../../api/api-types.js';
import { strings } from '../../../i18n/strings.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { tokens } from '../../../styles/tokens.styles.js';
import { base } from '../../../styles/base.styles.js';
import { adminStyles } from '../admin-console.styles.js';

const EMPTY: SsoSettings = {
  type: 'oidc', issuer: '', metadata_url: '', client_id: '', domains: [], enabled: false, configured: false, updated_at: null, has_client_secret: false,
};

/**
 * SSO settings of the tenant (OIDC or SAML): issuer, metadata URL, client id and secret (write-only), email
 * domains, enabled, and the redirect URI to register at the provider. A 404 from `GET` means "not set up yet".
 *
 * @example
 * <tg-admin-sso tenant-id="t1"></tg-admin-sso>
 */
export class TgAdminSso extends TgApiElement {
  static override styles = [tokens, base, adminStyles];

  @state() protected settings?: SsoSettings;
  @state() protected isSaved = false;

  private get path(): string { return `/tenants/${encodeURIComponent(this.tenantId ?? '')}/sso`; }
  private get redirectUri(): string { return `${(this.apiBase ?? location.origin).replace(/\/+$/, '')}/v1/auth/oidc/callback`; }

  protected override reload(): void {
    if (!this.tenantId) return;
    void this.run((c) => c.get<SsoSettings>(this.path).catch((e: unknown) => {
      if ((e as { status?: number }).status === 404) return EMPTY;
      throw e;
    }), () => this.reload()).then((r) => { if (r) this.settings = { ...EMPTY, ...r }; });
  }

  protected override render(): TemplateResult {
    const s = adminStrings;
    const v = this.settings;
    return html`${this.renderStatus()}
      ${v ? html`<form class="grid" @submit=${this.onSave} @input=${() => { this.isSaved = false; }}>
        <label>${s.ssoType}<select name="type">
          <option value="oidc" ?selected=${v.type === 'oidc'}>OIDC</option>
          <option value="saml" ?selected=${v.type === 'saml'}>SAML</option></select></label>
        <label>${s.ssoIssuer}<input name="issuer" type="url" .value=${v.issuer ?? ''}></label>
        <label>${s.ssoMetadata}<input name="metadata_url" type="url" .value=${v.metadata_url ?? ''}></label>
        <label>${s.ssoClientId}<input name="client_id" .value=${v.client_id ?? ''}></label>
        <label>${s.ssoDisplayName}<input name="display_name" maxlength="60" .value=${v.display_name ?? ''} aria-describedby="sso-name-hint">
          <span id="sso-name-hint" class="muted">${s.ssoDisplayNameHint}</span></label>
        <label>${s.ssoClientSecret}<input name="client_secret" type="password" autocomplete="new-password"
          placeholder=${v.has_client_secret ? s.ssoSecretKept : ''}></label>
        <label>${s.ssoDomains}<input name="domains" .value=${v.domains.join(', ')}></label>
        <label class="row"><input type="checkbox" name="enabled" .checked=${v.enabled}> ${s.ssoEnabled}</label>
        <p class="muted">${s.ssoRedirect}: <code class="wrap">${this.redirectUri}</code></p>
        ${v.type === 'saml' ? html`<p class="muted">${s.ssoSamlNote}</p>` : nothing}
        <button type="submit" class="primary">${strings.common.save}</button>
      </form>` : nothing}
      <p role="status" class="muted">${this.isSaved ? s.saved : ''}</p>`;
  }

  private async onSave(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const text = (k: string) => String(d.get(k) ?? '').trim() || null;
    const body: SsoSettingsRequest = {
      type: d.get('type') === 'saml' ? 'saml' : 'oidc', issuer: text('issuer'), metadata_url: text('metadata_url'),
      client_id: text('client_id'), display_name: text('display_name'), enabled: d.get('enabled') === 'on', ...(text('client_secret') ? { client_secret: text('client_secret') } : {}),
      domains: String(d.get('domains') ?? '').split(',').map((x) => x.trim()).filter(Boolean),
    };
    const saved = await this.run((c) => c.put<SsoSettings>(this.path, body), () => form.requestSubmit());
    if (!saved) return;
    this.settings = { ...EMPTY, ...saved };
    const secret = form.elements.namedItem('client_secret') as HTMLInputElement | null;
    if (secret) secret.value = '';
    this.isSaved = true;
  }
}
