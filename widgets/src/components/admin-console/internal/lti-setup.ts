import { html, nothing, type TemplateResult } from 'lit';
import type { ApiClient } from '../../../api/api-client.js';

/** Words of the LTI setup section (the tool's URLs and the registration link). */
export const ltiSetupStrings = {
  heading: 'Install TutorGraph in your LMS',
  intro: 'Dynamic registration is the short way: create a link, paste it into the LMS as the tool URL. The URLs below are for registering by hand.',
  create: 'Create registration link',
  linkLabel: 'Registration link (works once, for 2 hours)',
  linkHelp: 'Moodle: Site administration → Plugins → Activity modules → External tool → Manage tools → Tool URL → Add LTI Advantage. Canvas: Admin → Developer Keys → + LTI Registration.',
  urls: {
    login: 'Initiate login URL (OIDC)', launch: 'Tool URL / redirection URI / target link URI', deepLink: 'Deep linking (content selection) URL',
    keys: 'Public keyset URL (JWKS)', canvas: 'Canvas developer key JSON (Enter URL)', register: 'Dynamic registration',
  },
} as const;

/** The tool's public base URL, read from the API client (`…/v1` → `…`). */
export const toolBaseUrl = (client: ApiClient | undefined): string => (client ? client.url('').replace(/\/v1$/, '') : '');

/**
 * The tool's LTI URLs, each ready to copy, and the newly created registration link when there is one.
 *
 * @example
 * ${renderLtiSetup(toolBaseUrl(this.client), this.link, () => this.createLink())}
 */
export function renderLtiSetup(base: string, link: { url: string; expires_at: string } | undefined, onCreate: () => void): TemplateResult {
  const s = ltiSetupStrings;
  const rows: [string, string][] = [
    [s.urls.login, `${base}/lti/login`], [s.urls.launch, `${base}/lti/launch`], [s.urls.deepLink, `${base}/lti/launch`],
    [s.urls.keys, `${base}/lti/keys`], [s.urls.canvas, `${base}/lti/canvas.json`],
  ];
  return html`<section aria-labelledby="tg-lti-setup-heading">
    <h3 id="tg-lti-setup-heading">${s.heading}</h3>
    <p class="muted">${s.intro}</p>
    <div class="row"><button type="button" class="primary" @click=${onCreate}>${s.create}</button></div>
    ${link ? html`<label>${s.linkLabel}<input readonly .value=${link.url} data-tg-registration-link
      @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()}></label>
      <p class="muted">${s.linkHelp} (${new Date(link.expires_at).toLocaleString()})</p>` : nothing}
    <table aria-label=${s.heading}><tbody>${rows.map(([label, url]) => html`<tr><th scope="row">${label}</th><td><code>${url}</code></td></tr>`)}
      <tr><th scope="row">${s.urls.register}</th><td>${s.create}</td></tr></tbody></table>
  </section>`;
}
