import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiKeyWire, CreateApiKeyWire } from '../../../../../core/src/contracts/identity.js';
import { adminStrings } from '../../../i18n/admin-strings.js';
import { confirmBox, formatTime } from './confirm.js';
import { TgAdminCollectionTab } from './collection-tab.js';

/**
 * API keys of the organisation, for host sites that embed the widgets: create one with a name, the kinds of
 * token it may mint and optionally one course; its secret is shown once, with a copy button, and never again.
 * The list shows each key's prefix, scopes, creation and last use; revoking asks first.
 *
 * @example
 * <tg-admin-api-keys tenant-id="t1"></tg-admin-api-keys>
 */
export class TgAdminApiKeys extends TgAdminCollectionTab<ApiKeyWire> {
  /** The key just created, with its secret: shown until the admin dismisses it. */
  @state() protected fresh?: ApiKeyWire;
  @state() protected notice = '';
  @state() protected formError = '';

  protected override coursesFallback = 'keys serve any course';
  protected override get base(): string { return `/tenants/${encodeURIComponent(this.tenantId ?? '')}/api-keys`; }
  protected override idOf(key: ApiKeyWire): string { return key.id; }

  protected override render(): TemplateResult {
    const k = adminStrings.keys;
    return html`<p class="muted">${k.intro}</p>
      <form class="grid" @submit=${this.onCreate} novalidate>
        <label>${k.name}<input name="name" required maxlength="100" autocomplete="off"></label>
        <fieldset class="field" aria-describedby=${this.formError ? 'scope-error' : nothing}>
          <legend>${k.scopes}</legend>
          <label class="row"><input type="checkbox" name="scope" value="embed:learner" checked> ${k.learner}</label>
          <label class="row"><input type="checkbox" name="scope" value="embed:instructor"> ${k.instructor}</label>
        </fieldset>
        ${this.courses.length ? html`<label>${k.course}<select name="course_id">
          <option value="">${k.anyCourse}</option>
          ${this.courses.map((c) => html`<option value=${c.id}>${c.title}</option>`)}
        </select></label>` : nothing}
        <button type="submit" class="primary">${k.create}</button>
      </form>
      ${this.formError ? html`<p id="scope-error" class="error-text" role="alert">${this.formError}</p>` : nothing}
      ${this.fresh ? this.renderFresh(this.fresh) : nothing}
      <p role="status" class="muted">${this.notice}</p>
      ${this.renderStatus()}
      ${this.removing ? confirmBox(k.confirmRevoke(this.removing.name), () => void this.revoke(), () => { this.removing = undefined; }) : nothing}
      ${!this.items ? nothing : !this.items.length ? html`<p class="muted">${k.none}</p>` : this.renderTable(this.items)}`;
  }

  private renderFresh(key: ApiKeyWire): TemplateResult {
    const k = adminStrings.keys;
    return html`<div class="confirm" role="region" aria-labelledby="fresh-text" tabindex="-1" data-fresh>
      <p id="fresh-text">${k.shownOnce(key.name)}</p>
      <p><code class="wrap" data-secret>${key.key}</code></p>
      <div class="row">
        <button type="button" class="primary" @click=${() => void this.copy(key.key ?? '')}>${k.copy}</button>
        <button type="button" @click=${() => { this.fresh = undefined; this.notice = ''; }}>${k.done}</button>
      </div>
    </div>`;
  }

  private renderTable(keys: ApiKeyWire[]): TemplateResult {
    const k = adminStrings.keys;
    const scopeText = (key: ApiKeyWire) => key.scopes.map((s) => (s === 'embed:instructor' ? k.instructor : k.learner)).join(', ');
    return html`<table aria-label=${adminStrings.tabs.keys}>
      <thead><tr><th scope="col">${k.name}</th><th scope="col">${k.scopes}</th><th scope="col">${k.lastUsed}</th>
        <th scope="col">${adminStrings.columns.status}</th><th scope="col"><span class="visually-hidden">${adminStrings.columns.actions}</span></th></tr></thead>
      <tbody>${keys.map((key) => html`<tr>
        <td>${key.name}<br><code class="wrap muted">${key.prefix}…</code></td>
        <td>${scopeText(key)}${key.course_id ? html`<br><span class="muted">${this.courses.find((c) => c.id === key.course_id)?.title ?? k.course}</span>` : nothing}</td>
        <td>${key.last_used_at ? formatTime(key.last_used_at) : k.never}<br><span class="muted">${k.created} ${formatTime(key.created_at)}</span></td>
        <td><span class="badge">${key.is_revoked ? k.revoked : k.active}</span></td>
        <td>${key.is_revoked ? nothing : html`<button type="button" aria-label=${k.revokeFor(key.name)} @click=${() => void this.askRemove(key)}>${adminStrings.revoke}</button>`}</td>
      </tr>`)}</tbody>
    </table>`;
  }

  private async onCreate(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const scopes = data.getAll('scope').map(String) as CreateApiKeyWire['scopes'];
    if (!name) { (form.elements.namedItem('name') as HTMLInputElement | null)?.focus(); return; }
    this.formError = scopes.length ? '' : adminStrings.keys.pickScope;
    if (this.formError) return;
    const courseId = String(data.get('course_id') ?? '');
    const body: CreateApiKeyWire = { name, scopes, ...(courseId ? { course_id: courseId } : {}) };
    const created = await this.run((c) => c.post<ApiKeyWire>(this.base, body), () => form.requestSubmit());
    if (!created) return;
    form.reset();
    this.notice = '';
    this.fresh = created;
    this.items = [{ ...created, key: undefined }, ...(this.items ?? [])];
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-fresh]')?.focus();
  }

  private async copy(secret: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(secret);
      this.notice = adminStrings.keys.copied;
    } catch (cause) {
      // Clipboard can be denied inside an LMS iframe: the key stays on screen to copy by hand.
      this.notice = '';
      console.warn('tg-admin-api-keys: clipboard unavailable', cause);
    }
  }

  private async revoke(): Promise<void> {
    const key = await this.removeConfirmed();
    if (!key) return;
    this.items = this.items?.map((k) => (k.id === key.id ? { ...k, is_revoked: true, revoked_at: new Date().toISOString() } : k));
    if (this.fresh?.id === key.id) this.fresh = undefined;
    this.notice = adminStrings.keys.revokedNotice(key.name);
  }
}
