import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { loadConfig } from '../core/src/config/config.js';
import type { TestIdp } from './oidc-idp.js';

/**
 * The product's config outside demo mode (NODE_ENV=production: no dev login), on a free loopback port, with fresh
 * keys; `extra` adds or overrides settings (SMTP, CORS, rate limits).
 *
 * @example
 * const config = productionConfig(dataDir, { SMTP_URL: inbox.url });
 */
export function productionConfig(dataDir: string, extra: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir,
    APP_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64')}`, LTI_KEY: randomBytes(32).toString('hex'),
    ...extra,
  });
}

/**
 * Fills the admin console's Single sign-on tab (already open on `page`) with the test provider's issuer, client
 * and secret, the email domains and, when given, the login button's name, and ticks Enabled. The caller saves.
 *
 * @example
 * await fillSsoForm(page, idp, { domains: 'riverside.test' }); await sso.getByRole('button', { name: 'Save' }).click();
 */
export async function fillSsoForm(page: Page, idp: TestIdp, options: { domains: string; buttonName?: string }): Promise<void> {
  const sso = page.locator('tg-admin-sso');
  await sso.getByLabel('Issuer').fill(idp.issuer);
  await sso.getByLabel('Client ID').fill(idp.clientId);
  await sso.getByLabel('Client secret').fill(idp.clientSecret);
  if (options.buttonName) await sso.getByLabel('Button name').fill(options.buttonName);
  await sso.getByLabel('Email domains (comma separated)').fill(options.domains);
  await sso.getByLabel('Enabled').check();
}

/**
 * The test provider's development login form, once the browser has been sent there: any password; the login
 * name is the email it vouches for.
 *
 * @example
 * await page.getByRole('button', { name: 'Continue' }).click(); await signInAtIdp(page, idp, 'owner@school.test');
 */
export async function signInAtIdp(page: Page, idp: TestIdp, email: string): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(idp.issuer));
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}
