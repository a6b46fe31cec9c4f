import type { Express } from 'express';
import type { AppDeps } from '../deps.js';

const PORTAL_PATHS = ['/', '/login', '/dashboard', '/ask', '/quiz', '/content', '/course', '/admin', '/profile', '/no-access', '/invite/:token', '/signed-in'];

function shell(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>body{margin:0}</style>
<script type="module" src="/widgets/portal.js"></script>
</head>
<body>
<tg-portal></tg-portal>
<noscript>TutorGraph needs JavaScript to run.</noscript>
</body>
</html>`;
}

/**
 * The standalone demo portal at `/`: one HTML shell for every screen (history routing), so a reload keeps the
 * screen. Unknown pages asked for by a browser get the shell with status 404 (the portal shows "not found").
 */
export function servePortal(app: Express, _deps: AppDeps): void {
  for (const path of PORTAL_PATHS) {
    app.get(path, (_req, res) => { res.type('html').setHeader('Cache-Control', 'no-cache').send(shell('TutorGraph')); });
  }
  app.use((req, res, next) => {
    if (req.method !== 'GET' || !req.accepts('html') || req.accepts(['json', 'html']) === 'json' || req.path.startsWith('/v1/')) return next();
    res.status(404).type('html').send(shell('Not found · TutorGraph'));
  });
}
