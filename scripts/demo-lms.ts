import type { Database } from '@tutorgraph/core';
import { type Actor, registerLtiPlatform } from '@tutorgraph/core';
import type { Kysely } from 'kysely';
import { ROLE, type LaunchSpec } from '../test-support/lti-platform/claims.js';
import { startTestPlatform, type TestPlatform } from '../test-support/lti-platform/platform.js';

const CLIENT_ID = 'tutorgraph-demo-client';
const DEPLOYMENT_ID = 'demo-deployment-1';
const CONTEXT = { id: 'demo-lms-psychology', title: 'Psychology: Learning and Memory', label: 'PSY-101' };
const PEOPLE = {
  learner: { sub: 'demo-lms-student-1', name: 'Sam Student', email: 'sam.student@demo-lms.test', roles: [ROLE.learner] },
  instructor: { sub: 'demo-lms-teacher-1', name: 'Tara Teacher', email: 'tara.teacher@demo-lms.test', roles: [ROLE.instructor] },
} as const;
const WIDGETS = ['ask', 'quiz', 'mastery'] as const;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small LMS for the demo: the project's LTI 1.3 test platform (Moodle-shaped, issuer = its URL), registered
 * to the demo tenant, with a page of launch buttons. Its course context is linked to the seeded psychology
 * course, so a launch lands in a course with content, inside an iframe on another site (127.0.0.1 vs localhost).
 */
export async function startDemoLms(db: Kysely<Database>, options: { toolUrl: string; port: number; tenantId: string; ownerId: string; courseId: string | undefined }): Promise<TestPlatform> {
  const platform = await startTestPlatform({ kind: 'moodle', host: '127.0.0.1', port: options.port });
  platform.registerTool({
    clientId: CLIENT_ID, deploymentId: DEPLOYMENT_ID, loginUrl: `${options.toolUrl}/lti/login`,
    redirectUris: [`${options.toolUrl}/lti/launch`], jwksUrl: `${options.toolUrl}/lti/keys`,
  });
  const fields = {
    name: 'Demo LMS (test platform)', kind: 'moodle' as const, issuer: platform.issuer, clientId: CLIENT_ID,
    authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, keysetUrl: platform.jwksUrl, deploymentIds: [DEPLOYMENT_ID],
  };
  let registration = await db.selectFrom('lti_registrations').select('id')
    .where('issuer', '=', fields.issuer).where('client_id', '=', CLIENT_ID).executeTakeFirst();
  if (!registration) {
    const owner: Actor = { userId: options.ownerId, tenantId: options.tenantId, role: 'owner', requestId: 'demo-seed' };
    registration = await registerLtiPlatform(db, owner, fields);
  }
  if (options.courseId) {
    await db.updateTable('courses').set({ lti_context_id: CONTEXT.id, lti_registration_id: registration.id })
      .where('id', '=', options.courseId).where('lti_context_id', 'is', null).execute();
  }

  platform.app.get('/', (_req, res) => {
    const buttons = (Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]).flatMap((who) => WIDGETS.map((widget) =>
      `<li><a href="/demo/launch?as=${who}&amp;widget=${widget}">${escape(PEOPLE[who].name)} (${who}) opens the ${widget} ${widget === 'mastery' ? 'meter' : widget === 'ask' ? 'panel' : 'runner'}</a></li>`)).join('\n');
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo LMS</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><h1>Demo LMS · ${escape(CONTEXT.title)}</h1>
<p>A stand-in for Canvas or Moodle: each link starts a real LTI 1.3 launch (OIDC login, signed id_token) of
TutorGraph inside an iframe on this site, with LTI postMessage storage so it works without third-party cookies.</p>
<ul>${buttons}</ul></body></html>`);
  });
  platform.app.get('/demo/launch', (req, res) => {
    const who = req.query.as === 'instructor' ? 'instructor' : 'learner';
    const widget = WIDGETS.find((w) => w === req.query.widget) ?? 'ask';
    const spec: LaunchSpec = {
      user: { ...PEOPLE[who], roles: [...PEOPLE[who].roles] }, context: CONTEXT,
      // The demo's quiz link is a graded one (one score per finished quiz in the demo LMS's gradebook).
      resourceLink: { id: `demo-link-${widget}`, title: `TutorGraph ${widget}` }, custom: { tg_widget: widget, ...(widget === 'quiz' ? { tg_graded: '1' } : {}) }, storageTarget: '_parent',
    };
    const { launchId } = platform.prepareLaunch(spec);
    res.redirect(platform.coursePageUrl(launchId));
  });
  return platform;
}
