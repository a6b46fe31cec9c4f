// The one list of operator settings with a line of help each, for docker-compose.yml and .env.example.
// `npm run sync:settings` rewrites both from it; a test fails when the config schema (core/src/config/config.ts,
// CONFIG_KEYS) or the worker's settings (WORKER_SETTING_KEYS) name a setting this catalogue lacks, or when the two
// files are out of step with it.

/** How compose sets a variable: forwarded from `.env` (empty = default), required, or fixed by the stack. */
export type ComposeRule = { kind: 'forward'; fallback?: string } | { kind: 'required' } | { kind: 'fixed'; value: string };

export interface SettingHelp { group: string; help: string; compose: ComposeRule; example?: string }

const forward = (fallback?: string): ComposeRule => (fallback === undefined ? { kind: 'forward' } : { kind: 'forward', fallback });

export const SETTINGS_CATALOG: Record<string, SettingHelp> = {
  NODE_ENV: { group: 'Runtime', help: 'production in the image; refuses demo sign-in and placeholder keys', compose: { kind: 'fixed', value: 'production' } },
  DEMO_MODE: { group: 'Runtime', help: 'demo defaults (generated secrets, dev login); refused with NODE_ENV=production', compose: forward() },
  DEV_LOGIN: { group: 'Runtime', help: 'POST /v1/auth/dev-login (demo personas); refused in production unless ALLOW_DEV_LOGIN_IN_PRODUCTION', compose: forward() },
  ALLOW_DEV_LOGIN_IN_PRODUCTION: { group: 'Runtime', help: 'true only for a throwaway public demo server', compose: forward() },
  PORT: { group: 'Runtime', help: 'port inside the container (publish it with PORT on the host side)', compose: { kind: 'fixed', value: '3000' } },
  HOST: { group: 'Runtime', help: 'listen address inside the container', compose: { kind: 'fixed', value: '0.0.0.0' } },
  PUBLIC_URL: { group: 'Runtime', help: 'the https URL browsers and LMSs use (LTI URLs, invite and sign-in links)', compose: forward('http://localhost:3000'), example: 'https://tutorgraph.school.edu' },
  DATA_DIR: { group: 'Runtime', help: 'local files (uploads with STORAGE=local); the compose volume', compose: { kind: 'fixed', value: '/data' } },
  LOG_LEVEL: { group: 'Runtime', help: 'fatal|error|warn|info|debug|trace|silent', compose: forward() },
  DATABASE_URL: { group: 'Stores', help: 'Postgres with pgvector >= 0.8 (the compose service)', compose: { kind: 'fixed', value: 'postgres://tutorgraph:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@postgres:5432/tutorgraph' } },
  REDIS_URL: { group: 'Stores', help: 'BullMQ on Redis (the compose service)', compose: { kind: 'fixed', value: 'redis://redis:6379' } },
  STORAGE: { group: 'Stores', help: 'local (one host: the shared files volume) or s3 (required for several machines)', compose: forward() },
  S3_BUCKET: { group: 'Stores', help: 'bucket for STORAGE=s3', compose: forward() },
  S3_REGION: { group: 'Stores', help: 'region (default us-east-1)', compose: forward() },
  S3_ENDPOINT: { group: 'Stores', help: 'endpoint of a non-AWS S3-compatible store', compose: forward() },
  S3_ACCESS_KEY_ID: { group: 'Stores', help: 'S3 credentials (or the instance role when unset)', compose: forward() },
  S3_SECRET_ACCESS_KEY: { group: 'Stores', help: 'S3 credentials', compose: forward() },
  S3_FORCE_PATH_STYLE: { group: 'Stores', help: 'path-style bucket URLs (default true; MinIO needs it)', compose: forward() },
  APP_TOKEN_KEYS: { group: 'Secrets', help: 'kid:base64(32+ random bytes)[,kid:…]; first signs, all verify', compose: { kind: 'required' }, example: '' },
  LTI_KEY: { group: 'Secrets', help: '32+ random characters; encrypts LTI keys and tokens at rest', compose: { kind: 'required' }, example: '' },
  APP_TOKEN_TTL_SECONDS: { group: 'Secrets', help: 'lifetime of app tokens (default 3600)', compose: forward() },
  CORS_ORIGINS: { group: 'Browsers and LMSs', help: 'comma list of origins that may call /v1 (host pages embedding widgets)', compose: forward() },
  FRAME_ANCESTORS: { group: 'Browsers and LMSs', help: 'comma list of LMS origins allowed to frame the tool; set it before registering', compose: forward(), example: 'https://school.instructure.com,https://moodle.school.edu' },
  TRUST_PROXY: { group: 'Browsers and LMSs', help: 'express trust proxy: false (default), a hop count or the proxy addresses in front', compose: forward() },
  OUTBOUND_ALLOW_HOSTS: { group: 'Browsers and LMSs', help: 'comma list of on-premise LMS hosts allowed on private addresses', compose: forward() },
  OUTBOUND_TIMEOUT_MS: { group: 'Browsers and LMSs', help: 'timeout of each call to an LMS (default 10000)', compose: forward() },
  OUTBOUND_MAX_RESPONSE_BYTES: { group: 'Browsers and LMSs', help: 'largest LMS reply read (default 1 MiB)', compose: forward() },
  BODY_LIMIT_BYTES: { group: 'Limits', help: 'JSON body limit (default 1 MiB)', compose: forward() },
  UPLOAD_MAX_BYTES: { group: 'Limits', help: 'largest upload (default 25 MiB)', compose: forward() },
  UPLOAD_MAX_PAGES: { group: 'Limits', help: 'most pages or slides per upload (default 500)', compose: forward() },
  UPLOAD_PARSE_TIMEOUT_MS: { group: 'Limits', help: 'a file still parsing after this fails its job: "took too long to parse" (default 120000)', compose: forward() },
  UPLOAD_PARSE_MAX_MEMORY_MB: { group: 'Limits', help: 'heap of the parser thread; a file needing more fails its job (default 1024)', compose: forward() },
  UPLOAD_MAX_INFLATED_BYTES: { group: 'Limits', help: 'bytes the compressed streams of a PDF may inflate to (default 256 MiB)', compose: forward() },
  RATE_LIMIT_PER_MINUTE: { group: 'Limits', help: 'per client, all /v1 (default 300)', compose: forward() },
  RATE_LIMIT_LOGIN_PER_MINUTE: { group: 'Limits', help: 'sign-in, invites (default 20)', compose: forward() },
  RATE_LIMIT_EXPENSIVE_PER_MINUTE: { group: 'Limits', help: 'per user: questions, quiz generation (default 30)', compose: forward() },
  RATE_LIMIT_LTI_PER_MINUTE: { group: 'Limits', help: 'per client: /lti/login and launches (default 600)', compose: forward() },
  JOB_MAX_ATTEMPTS: { group: 'Jobs and workers', help: 'attempts before a job is dead-lettered (default 5)', compose: forward() },
  JOB_BACKOFF_MS: { group: 'Jobs and workers', help: 'first retry delay, doubling (default 2000)', compose: forward() },
  WORKER_CONCURRENCY: { group: 'Jobs and workers', help: 'jobs per worker process (default 2)', compose: forward() },
  WORKER_HEALTH_PORT: { group: 'Jobs and workers', help: 'worker GET /health port (default 3001)', compose: forward() },
  WORKER_HEALTH_HOST: { group: 'Jobs and workers', help: 'worker health listen address (default 0.0.0.0)', compose: forward() },
  JOB_LEASE_MS: { group: 'Jobs and workers', help: 'how long a worker holds a job without renewing it (default 30000)', compose: forward() },
  JOB_SWEEP_INTERVAL_MS: { group: 'Jobs and workers', help: 'how often waiting jobs are handed to the queue (default 5000)', compose: forward() },
  WORKER_STOP_GRACE_MS: { group: 'Jobs and workers', help: 'on stop, time for running jobs before they are released (default 6000)', compose: forward() },
  CHUNK_SIZE: { group: 'Jobs and workers', help: 'characters per chunk (default 800)', compose: forward() },
  CHUNK_OVERLAP: { group: 'Jobs and workers', help: 'overlap between chunks (default 120)', compose: forward() },
  LLM_PROVIDER: { group: 'Models', help: 'local (extractive, offline) or openai (any OpenAI-compatible endpoint)', compose: forward() },
  LLM_MODEL: { group: 'Models', help: 'chat model name (default gpt-4o-mini)', compose: forward() },
  LLM_TIMEOUT_MS: { group: 'Models', help: 'per call (default 30000)', compose: forward() },
  EMBEDDINGS_PROVIDER: { group: 'Models', help: 'local or openai; changing it means a reindex', compose: forward() },
  EMBEDDINGS_MODEL: { group: 'Models', help: 'embedding model (default text-embedding-3-small)', compose: forward() },
  EMBEDDINGS_DIMENSIONS: { group: 'Models', help: 'vector size (default 384)', compose: forward() },
  OPENAI_API_KEY: { group: 'Models', help: 'key for the openai providers', compose: forward() },
  OPENAI_BASE_URL: { group: 'Models', help: 'endpoint of a compatible server (Ollama, vLLM …); unset = OpenAI', compose: forward() },
  SMTP_URL: { group: 'Email', help: 'smtp(s)://user:pass@host:port for invites; unset = the console shows links to copy', compose: forward() },
  SMTP_HOST: { group: 'Email', help: 'or host/port/user/pass separately', compose: forward() },
  SMTP_PORT: { group: 'Email', help: 'default 587 (465 = TLS)', compose: forward() },
  SMTP_USER: { group: 'Email', help: '', compose: forward() },
  SMTP_PASS: { group: 'Email', help: '', compose: forward() },
  SMTP_FROM: { group: 'Email', help: 'sender, e.g. "TutorGraph <no-reply@school.edu>"', compose: forward() },
};

/** The `environment:` lines of the x-app block in docker-compose.yml, in catalogue order. */
export function composeEnvironmentLines(indent = '    '): string[] {
  return Object.entries(SETTINGS_CATALOG).map(([key, { compose }]) => {
    if (compose.kind === 'fixed') return `${indent}${key}: ${/^\d+$/.test(compose.value) ? `"${compose.value}"` : compose.value}`;
    if (compose.kind === 'required') return `${indent}${key}: \${${key}:?set ${key}}`;
    return `${indent}${key}: \${${key}:-${compose.fallback ?? ''}}`;
  });
}

/** `.env.example`: every setting compose forwards or requires, grouped and commented. */
export function envExampleText(): string {
  const lines = [
    '# Copy to .env for `docker compose up`; never commit .env. Empty means "use the default".',
    '# Generate secrets:',
    "#   APP_TOKEN_KEYS: node -e \"console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))\"",
    "#   LTI_KEY:        node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\"",
    '# Generated from scripts/settings-catalog.ts (npm run sync:settings); README lists the same settings.',
    '',
    '# Compose only',
    '# POSTGRES_PASSWORD: password of the bundled Postgres (required)',
    'POSTGRES_PASSWORD=',
    '# WORKER_REPLICAS: worker processes (default 2)',
    'WORKER_REPLICAS=',
  ];
  let group = '';
  for (const [key, { group: g, help, compose, example }] of Object.entries(SETTINGS_CATALOG)) {
    if (compose.kind === 'fixed') continue;
    if (g !== group) { lines.push('', `# ${g}`); group = g; }
    if (help) lines.push(`# ${key}: ${help}`);
    lines.push(`${key}=${example ?? (compose.kind === 'forward' ? compose.fallback ?? '' : '')}`);
  }
  return `${lines.join('\n')}\n`;
}

export const COMPOSE_BEGIN = '    # >>> settings: generated from scripts/settings-catalog.ts by `npm run sync:settings`';
export const COMPOSE_END = '    # <<< settings';

/** docker-compose.yml with its settings block replaced by the catalogue's. */
export function withComposeSettings(compose: string): string {
  const start = compose.indexOf(COMPOSE_BEGIN);
  const end = compose.indexOf(COMPOSE_END);
  if (start < 0 || end < start) throw new Error('docker-compose.yml has no settings markers');
  return `${compose.slice(0, start)}${[COMPOSE_BEGIN, ...composeEnvironmentLines()].join('\n')}\n${compose.slice(end)}`;
}

export const README_BEGIN = '<!-- settings: generated from scripts/settings-catalog.ts by `npm run sync:settings` -->';
export const README_END = '<!-- /settings -->';

/** README's configuration table: every setting with its help, grouped; compose's fixed values noted. */
export function readmeSettingsTable(): string {
  const rows = ['| group | variable | meaning |', '|---|---|---|'];
  for (const [key, { group, help, compose }] of Object.entries(SETTINGS_CATALOG)) {
    const fixed = compose.kind === 'fixed' ? ` (compose sets \`${compose.value.replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, '…')}\`)` : compose.kind === 'required' ? ' (required outside demo mode)' : '';
    rows.push(`| ${group} | \`${key}\` | ${help || '—'}${fixed} |`);
  }
  return rows.join('\n');
}

/** README.md with its settings table replaced by the catalogue's. */
export function withReadmeSettings(readme: string): string {
  const start = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error('README.md has no settings markers');
  return `${readme.slice(0, start)}${README_BEGIN}\n${readmeSettingsTable()}\n${readme.slice(end)}`;
}
