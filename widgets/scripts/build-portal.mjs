// Builds the demo portal bundle (widgets/dist/portal.js): the portal shell plus the same widgets, served by the
// tool server at `/`. Separate from tutorgraph.js so embedding pages never load portal code.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  absWorkingDir: root,
  entryPoints: { portal: 'src/portal/index.ts' },
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/portal-[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'linked',
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
});
const size = gzipSync(readFileSync(join(root, 'dist/portal.js')), { level: 9 }).length;
console.log(`  portal.js (demo portal entry): ${(size / 1024).toFixed(1)} kB gzip`);
