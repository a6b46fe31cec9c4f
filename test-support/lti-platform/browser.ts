/** A launch form as the platform posted it to the tool: where, and the id_token/state fields. */
export interface LaunchForm { action: string; fields: Record<string, string> }

export interface LaunchResult { status: number; html: string; form: LaunchForm; cookie: string }

const decode = (value: string) => value.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');

/**
 * Reads the auto-submitting form out of a platform (or tool) page.
 *
 * @example
 * const form = parseAutoPostForm(html);
 */
export function parseAutoPostForm(html: string): LaunchForm {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`No form in page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/g)) {
    fields[decode(match[1] ?? '')] = decode(match[2] ?? '');
  }
  return { action: decode(action), fields };
}

const cookiesFrom = (response: Response) => response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

/**
 * Plays a browser through an LTI 1.3 launch without JavaScript: login initiation at the tool, the
 * platform's OIDC auth endpoint, and the form post back to the tool, carrying cookies like a
 * first-party browser would. Returns the tool's final page and the form (so a test can replay it).
 *
 * @example
 * const { status, html } = await playLaunch(loginUrl);
 */
export async function playLaunch(loginUrl: string, options: { dropCookies?: boolean } = {}): Promise<LaunchResult> {
  const login = await fetch(loginUrl, { redirect: 'manual' });
  const location = login.headers.get('location');
  if (login.status !== 302 || !location) {
    return { status: login.status, html: await login.text(), form: { action: '', fields: {} }, cookie: '' };
  }
  const cookie = options.dropCookies ? '' : cookiesFrom(login);
  const auth = await fetch(location);
  const authHtml = await auth.text();
  if (auth.status !== 200) throw new Error(`Platform refused the auth request (${auth.status}): ${authHtml}`);
  const form = parseAutoPostForm(authHtml);
  const launch = await postForm(form, cookie);
  return { ...launch, form, cookie };
}

/**
 * Posts a form (e.g. a captured launch, to replay it) and returns the status and page.
 *
 * @example
 * const replay = await postForm(first.form, first.cookie);
 */
export async function postForm(form: LaunchForm, cookie = ''): Promise<{ status: number; html: string }> {
  const response = await fetch(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form.fields),
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text() };
}
