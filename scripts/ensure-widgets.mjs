#!/usr/bin/env node
// Builds the widget bundle (widgets/dist) when it is missing or older than anything it is built from, so
// `npm run demo` on a fresh clone serves a portal instead of a blank page. Cheap when the bundle is current.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const outputs = ['widgets/dist/tutorgraph.js', 'widgets/dist/portal.js'];
const inputs = ['widgets/src', 'widgets/scripts', 'widgets/package.json', 'core/src/contracts', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const oldestOutput = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
const newestInput = Math.max(...inputs.map(newestMtime));
if (oldestOutput === 0 || newestInput > oldestOutput) {
  console.log(oldestOutput === 0 ? '[setup] building the widget bundle (first run)…' : '[setup] rebuilding the widget bundle (sources changed)…');
  execSync('npm run build:widgets --silent', { stdio: 'inherit' });
}
