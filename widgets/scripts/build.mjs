// Builds widgets/dist: one ES-module entry (tutorgraph.js, plus a content-hashed copy), lazily imported
// chunks with hashed names, and manifest.json for the server's long-cache headers. Prints gzip sizes and
// fails when what a page with only the ask panel loads (the entry and its static imports) exceeds the budget.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const BUDGET_BYTES = 20 * 1024;

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { tutorgraph: 'src/tutorgraph.ts' },
  outdir: 'dist',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'linked',
  tsconfig: 'tsconfig.json',
  metafile: true,
  logLevel: 'warning',
});

const outputs = result.metafile.outputs;
const entryPath = Object.keys(outputs).find((p) => outputs[p].entryPoint === 'src/tutorgraph.ts');
if (!entryPath) throw new Error('build: entry output not found');

/** Files reached through static imports only: what the browser fetches before anything renders. */
function staticClosure(start) {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    for (const imp of outputs[queue.shift()].imports) {
      if (imp.kind === 'import-statement' && !imp.external && !seen.has(imp.path)) { seen.add(imp.path); queue.push(imp.path); }
    }
  }
  return [...seen];
}

const gz = (path) => gzipSync(readFileSync(join(root, path)), { level: 9 }).length;
const initial = staticClosure(entryPath);
const files = Object.keys(outputs).filter((p) => p.endsWith('.js'));
const rows = files.map((p) => ({ file: relative('dist', p), bytes: outputs[p].bytes, gzip: gz(p), initial: initial.includes(p) }));
const initialGzip = rows.filter((r) => r.initial).reduce((sum, r) => sum + r.gzip, 0);

copyFileSync(join(root, entryPath), join(dist, 'tutorgraph.js'));
const manifest = {
  entry: basename(entryPath),
  stableEntry: 'tutorgraph.js',
  files: Object.fromEntries(rows.map((r) => [r.file, { bytes: r.bytes, gzip: r.gzip, initial: r.initial }])),
  initialGzipBytes: initialGzip,
  budgetGzipBytes: BUDGET_BYTES,
};
writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log('widgets/dist');
for (const r of rows) console.log(`  ${r.initial ? 'initial' : 'lazy   '}  ${r.file.padEnd(44)} ${kb(r.bytes).padStart(9)}  gzip ${kb(r.gzip).padStart(8)}`);
console.log(`  initial JS for a page with only <tg-ask-panel>: ${kb(initialGzip)} gzip (budget ${kb(BUDGET_BYTES)})`);
if (initialGzip > BUDGET_BYTES) {
  console.error(`build: FAILED size budget: ${initialGzip} B > ${BUDGET_BYTES} B gzip`);
  process.exit(1);
}
