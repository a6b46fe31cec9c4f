// Checks, over HTTP as a browser would, that what `npm run demo` is about to announce is really served: the portal
// page and its bundle, the seeded courses, and the demo learner's measured mastery. The demo says "running" only
// after this passes; a failure names what is missing.

export interface DemoCheck { learnerMastery: number; courses: number }

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return response;
}

/**
 * @example
 * const check = await verifyDemoServed('http://localhost:3000', ['Psychology 2e …']);
 */
export async function verifyDemoServed(url: string, seededCourseTitles: string[]): Promise<DemoCheck> {
  const page = await (await expectOk(await fetch(`${url}/`), 'portal page')).text();
  if (!page.includes('portal.js')) throw new Error('portal page does not load the portal bundle');
  await expectOk(await fetch(`${url}/widgets/portal.js`), 'portal bundle /widgets/portal.js (the widget build is missing)');
  await expectOk(await fetch(`${url}/widgets/tutorgraph.js`), 'widget bundle /widgets/tutorgraph.js');
  const health = await fetch(`${url}/health`);
  if (!health.ok) throw new Error(`/health answers ${health.status}`);
  const login = await expectOk(await fetch(`${url}/v1/auth/dev-login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona: 'learner' }),
  }), 'demo learner sign-in');
  const { token } = (await login.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };
  const list = (await (await expectOk(await fetch(`${url}/v1/courses`, { headers: auth }), 'course list')).json()) as { items?: { id: string; title: string }[] } | { id: string; title: string }[];
  const courses = Array.isArray(list) ? list : list.items ?? [];
  const missing = seededCourseTitles.filter((title) => !courses.some((c) => c.title === title));
  if (missing.length > 0) throw new Error(`the demo learner does not see the seeded course(s): ${missing.join(', ')}`);
  let best = -1;
  for (const course of courses) {
    const performance = (await (await expectOk(await fetch(`${url}/v1/courses/${course.id}/performance`, { headers: auth }), `performance in ${course.title}`)).json()) as { mastery: number; evidence: number };
    if (performance.evidence > 0) best = Math.max(best, performance.mastery);
  }
  if (best < 0) throw new Error('the demo learner has no measured mastery in any course (seeded attempts missing)');
  return { learnerMastery: Math.round(best), courses: courses.length };
}
