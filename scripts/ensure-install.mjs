#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm packages when node_modules is missing or older than the lockfile
// (skipped with --system-only), and with --system or --system-only the Debian packages the test suite drives:
// redis-server, chromium, PostgreSQL 15 with pgvector (the production-path suite), and four Debian documentation
// packages used as courses (debian-handbook, python3.11-doc, debian-faq, debian-reference-en).
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const marker = 'node_modules/.package-lock.json';
const isSystemOnly = process.argv.includes('--system-only');
if (!isSystemOnly && (!existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000)) {
  console.log('[setup] installing npm packages (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

if (process.argv.includes('--system') || isSystemOnly) {
  const missing = [];
  if (!existsSync('/usr/bin/redis-server')) missing.push('redis-server');
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync('/usr/lib/postgresql/15/bin/postgres')) missing.push('postgresql-15');
  if (!existsSync('/usr/share/doc/debian-handbook/html/en-US')) missing.push('debian-handbook');
  if (!existsSync('/usr/share/doc/python3.11/html/tutorial')) missing.push('python3.11-doc');
  if (!existsSync('/usr/share/doc/debian/FAQ/basic-defs.en.html')) missing.push('debian-faq');
  if (!existsSync('/usr/share/debian-reference/ch03.en.html')) missing.push('debian-reference-en');
  if (missing.length > 0) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const sudo = isRoot ? '' : 'sudo ';
    console.log(`[setup] installing Debian packages: ${missing.join(', ')}…`);
    run(`${sudo}apt-get update -qq`);
    run(`${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`);
  }
  // pgvector is not packaged by Debian 12: the shared build installs it into postgresql-15.
  const pgvectorControl = '/usr/share/postgresql/15/extension/vector.control';
  const pgvectorInstaller = '../shared/tools/pgvector-pg15/install.sh';
  if (!existsSync(pgvectorControl) && existsSync(pgvectorInstaller)) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    console.log('[setup] installing pgvector into PostgreSQL 15…');
    run(`${isRoot ? '' : 'sudo '}bash ${pgvectorInstaller}`);
  }
}
