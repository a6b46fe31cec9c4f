import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findAppRoot } from '@tutorgraph/core';
import type { Express } from 'express';

/** Where the widget build writes its bundles. */
export const WIDGETS_DIST = join(findAppRoot(), 'widgets', 'dist');
const HASHED = /-[A-Za-z0-9_]{8,}\.js$/;
const SAFE_NAME = /^[\w.-]+\.(js|json|map|css)$/;

const etags = new Map<string, { mtimeMs: number; etag: string }>();
function etagOf(path: string): string {
  const { mtimeMs } = statSync(path);
  const cached = etags.get(path);
  if (cached?.mtimeMs === mtimeMs) return cached.etag;
  const etag = `"${createHash('sha256').update(readFileSync(path)).digest('base64url').slice(0, 16)}"`;
  etags.set(path, { mtimeMs, etag });
  return etag;
}

/**
 * Serves the widget bundle at `/widgets/*` for any site to embed: content-hashed chunks are immutable for a
 * year; the stable entry names (`tutorgraph.js`, `portal.js`) revalidate by content-hash ETag.
 */
export function serveWidgetAssets(app: Express, distDir = WIDGETS_DIST): void {
  app.get(['/widgets/:file', '/widgets/chunks/:file'], (req, res, next) => {
    const file = String(req.params.file);
    const subdir = req.path.startsWith('/widgets/chunks/') ? 'chunks' : '';
    if (!SAFE_NAME.test(file)) return next();
    const path = join(distDir, subdir, file);
    if (!existsSync(path)) return next();
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=300, stale-while-revalidate=86400');
    const etag = etagOf(path);
    res.setHeader('ETag', etag);
    if (req.header('if-none-match') === etag) { res.status(304).end(); return; }
    res.type(file.endsWith('.json') ? 'application/json' : file.endsWith('.css') ? 'text/css' : 'text/javascript');
    res.send(readFileSync(path));
  });
}
