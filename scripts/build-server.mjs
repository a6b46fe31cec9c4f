#!/usr/bin/env node
// Production build of the two shells: bundles tool-server/src/main.ts and worker/src/main.ts (with the workspace
// packages they import, @tutorgraph/*) into plain JavaScript under dist/, so production starts them with `node`
// directly — no tsx, no npx, no TypeScript at run time. Third-party packages stay external and are installed with
// `npm ci --omit=dev` in the runtime image.
import { build } from 'esbuild';

const external = {
  name: 'third-party-external',
  setup(b) {
    // Bare imports that are not our own workspaces resolve from node_modules at run time.
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@tutorgraph/') || args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

const started = Date.now();
await build({
  // */parse-thread: the parser thread an ingest job starts beside its main.mjs (worker/src/parse/threaded-parser.ts):
  // the worker's, and the tool server's when it runs the in-process queue (DATABASE_URL without REDIS_URL).
  entryPoints: {
    'tool-server/main': 'tool-server/src/main.ts', 'worker/main': 'worker/src/main.ts', 'worker/parse-thread': 'worker/src/parse/parse-thread.ts',
    'tool-server/parse-thread': 'worker/src/parse/parse-thread.ts',
    'admin/main': 'scripts/admin.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  outExtension: { '.js': '.mjs' },
  plugins: [external],
  logLevel: 'warning',
  // CommonJS packages imported by ESM code need require(); esbuild's ESM output has none of its own.
  banner: { js: "import { createRequire as __tgCreateRequire } from 'node:module'; const require = __tgCreateRequire(import.meta.url);" },
});
console.log(`[build] dist/tool-server/main.mjs, dist/worker/main.mjs (each + parse-thread.mjs), dist/admin/main.mjs in ${Date.now() - started} ms`);
