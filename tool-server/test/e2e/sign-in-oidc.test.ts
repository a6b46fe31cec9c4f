import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwner } from '@tutorgraph/core';
import type { RunningServer } from '../../src/server.js';
import { startTestIdp, type TestIdp } from '../../../test-support/oidc-idp.js';
import { startSmtpInbox, type SmtpInbox } from '../../../test-support/smtp-inbox.js';
import { fillSsoForm, productionConfig, signInAtIdp } from '../../../test-support/oidc-sign-in.js';
import { localOnlyWindow } from '../../../test-support/browser.js';
import { serveWidgets, type ServedWidgets } from '../../../test-support/served-widgets.js';

// The product outside demo mode, as a school's IT admin meets it (issue 21's "done means"): NODE_ENV=production,
// no dev login; the operator's command makes the owner; the owner connects the school's identity provider in the
// SSO tab and signs in through it; invites a learner by email (a real SMTP server receives it); the learner
// follows the emailed link, signs in at the same provider and lands in the course. One Chromium run.
const ORG = 'Riverside School';
const COURSE = 'Intro to Biology';
const OWNER = 'owner@riverside.test';
const LEARNER = 'learner@riverside.test';

let idp: TestIdp;
let world: ServedWidgets;
let inbox: SmtpInbox;
let server: RunningServer;
let browser: Browser;
let dataDir = '';

const window = () => localOnlyWindow(browser, { width: 1100, height: 800 });

beforeAll(async () => {
  idp = await startTestIdp();
  inbox = await startSmtpInbox();
  dataDir = `/tmp/tg-oidc-e2e-${randomBytes(4).toString('hex')}`;
  const config = productionConfig(dataDir, { SMTP_URL: inbox.url, SMTP_FROM: 'TutorGraph <no-reply@riverside.test>' });
  expect(config.devLogin).toBe(false);
  world = await serveWidgets(config, { dataDir, entryPoints: { portal: 'src/portal/index.ts' } });
  ({ server, browser } = world);
  idp.allowRedirect(`${server.url}/v1/auth/oidc/callback`);
}, 120_000);

afterAll(async () => {
  await world?.close();
  await inbox?.close();
  await idp?.close();
});

describe('sign-in, email and invites in production mode (real OIDC provider, real SMTP, Chromium)', () => {
  it('when the owner connects the provider and invites a learner by email, then the learner signs in through it and lands in the course', async () => {
    // The operator's command (npm run admin -- create-owner) runs this use case and prints the link.
    const owner = await createOwner(server.deps.db, { email: OWNER, tenant: ORG });
    const { page: ownerPage } = await window();
    await ownerPage.goto(`${server.url}/#signin=${owner.token}`);
    await ownerPage.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await ownerPage.getByLabel('New course title').fill(COURSE);
    await ownerPage.getByRole('button', { name: 'Create course' }).click();
    await ownerPage.getByRole('heading', { name: COURSE, level: 1 }).waitFor();

    await ownerPage.getByRole('link', { name: 'Admin', exact: true }).click();
    await ownerPage.getByRole('tab', { name: 'Single sign-on' }).click();
    const sso = ownerPage.locator('tg-admin-sso');
    await fillSsoForm(ownerPage, idp, { domains: 'riverside.test' });
    await expect.poll(() => sso.getByText('/v1/auth/oidc/callback').textContent()).toBe(`${server.url}/v1/auth/oidc/callback`);
    await sso.getByRole('button', { name: 'Save' }).click();
    await sso.getByText('Saved.').waitFor();

    // Signed out, the login page has no demo buttons: only the email, routed to the school's provider.
    await ownerPage.getByRole('button', { name: 'Sign out' }).click();
    await ownerPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await ownerPage.getByRole('button', { name: /Demo/ }).count()).toBe(0);
    await ownerPage.getByLabel('Email').fill(OWNER);
    await ownerPage.getByRole('button', { name: 'Continue' }).click();
    await signInAtIdp(ownerPage, idp, OWNER);
    await ownerPage.getByRole('heading', { name: COURSE, level: 1 }).waitFor();
    expect(new URL(ownerPage.url()).hash).toBe('');

    await ownerPage.getByRole('link', { name: 'Admin', exact: true }).click();
    await ownerPage.getByRole('tab', { name: 'Invites' }).click();
    const invites = ownerPage.locator('tg-admin-invites');
    await invites.getByLabel('Email').fill(LEARNER);
    await invites.getByRole('button', { name: 'Send invite' }).click();
    await invites.getByText(`Invite emailed to ${LEARNER}.`).waitFor();

    const mail = await inbox.waitFor(LEARNER);
    expect(mail.subject).toBe(`Your invitation to ${ORG} on TutorGraph`);
    const link = /https?:\/\/\S+\/invite\/[\w-]+/.exec(mail.text ?? '')?.[0] ?? '';
    expect(link.startsWith(`${server.url}/invite/`)).toBe(true);
    expect(String(mail.html)).toContain(`href="${link}"`);
    expect(mail.text).toContain(COURSE);

    const { page: learnerPage } = await window();
    await learnerPage.goto(link);
    await learnerPage.getByRole('heading', { name: 'You are invited' }).waitFor();
    await learnerPage.getByRole('button', { name: `Sign in as ${LEARNER} and accept` }).click();
    await signInAtIdp(learnerPage, idp, LEARNER);
    await learnerPage.getByRole('heading', { name: COURSE, level: 1 }).waitFor();
    await learnerPage.getByRole('link', { name: 'Ask', exact: true }).waitFor();

    const accepted = await server.deps.db.selectFrom('invites').select(['status', 'token_sealed']).executeTakeFirstOrThrow();
    expect(accepted).toEqual({ status: 'accepted', token_sealed: null });
    const learnerRow = await server.deps.db.selectFrom('users').innerJoin('course_members', 'course_members.user_id', 'users.id')
      .select(['course_members.role']).where('users.email', '=', LEARNER).executeTakeFirstOrThrow();
    expect(learnerRow.role).toBe('learner');
  }, 120_000);
});
