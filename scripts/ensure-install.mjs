#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm packages when node_modules is missing or older than the
// lockfile, and (with --system) the Debian packages the test suite drives: redis-server and chromium.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const marker = 'node_modules/.package-lock.json';
if (!existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000) {
  console.log('[setup] installing npm packages (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

if (process.argv.includes('--system')) {
  const missing = [];
  if (!existsSync('/usr/bin/redis-server')) missing.push('redis-server');
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (missing.length > 0) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const sudo = isRoot ? '' : 'sudo ';
    console.log(`[setup] installing Debian packages: ${missing.join(', ')}…`);
    run(`${sudo}apt-get update -qq`);
    run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`);
  }
}
