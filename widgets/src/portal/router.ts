/** The portal's screens; each has a deep-linkable URL so a reload keeps the screen. */
export type Route =
  | { name: 'login' }
  | { name: 'dashboard' }
  | { name: 'ask' }
  | { name: 'quiz' }
  | { name: 'content' }
  | { name: 'course' }
  | { name: 'admin' }
  | { name: 'profile' }
  | { name: 'invite'; token: string }
  | { name: 'signed-in' }
  | { name: 'no-access' }
  | { name: 'not-found' };

/**
 * Maps a pathname to a route.
 *
 * @example
 * parseRoute('/invite/abc') // { name: 'invite', token: 'abc' }
 */
export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  const invite = /^\/invite\/([\w-]{10,200})$/.exec(path);
  if (invite?.[1]) return { name: 'invite', token: invite[1] };
  const simple: Record<string, Route> = {
    '/': { name: 'login' }, '/login': { name: 'login' }, '/dashboard': { name: 'dashboard' }, '/ask': { name: 'ask' },
    '/quiz': { name: 'quiz' }, '/content': { name: 'content' }, '/course': { name: 'course' }, '/admin': { name: 'admin' }, '/profile': { name: 'profile' },
    '/no-access': { name: 'no-access' }, '/signed-in': { name: 'signed-in' },
  };
  return simple[path] ?? { name: 'not-found' };
}

/** The path of a route (inverse of parseRoute). */
export function routePath(route: Route): string {
  if (route.name === 'invite') return `/invite/${route.token}`;
  if (route.name === 'login') return '/';
  return `/${route.name}`;
}
