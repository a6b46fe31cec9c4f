import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { OutboundPolicy } from '../net/outbound-http.js';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const list = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The environment variables the product reads, with defaults. README's configuration table mirrors this. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DEMO_MODE: bool.default(false),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  APP_TOKEN_KEYS: z.string().optional(),
  APP_TOKEN_TTL_SECONDS: int(60, 86_400).default(3600),
  DEV_LOGIN: bool.optional(),
  LTI_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  CORS_ORIGINS: list.default([]),
  FRAME_ANCESTORS: list.default([]),
  BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024).default(1024 * 1024),
  UPLOAD_MAX_BYTES: int(1024, 1024 * 1024 * 1024).default(25 * 1024 * 1024),
  UPLOAD_MAX_PAGES: int(1, 10_000).default(500),
  UPLOAD_PARSE_TIMEOUT_MS: int(1, 3_600_000).default(120_000),
  UPLOAD_PARSE_MAX_MEMORY_MB: int(64, 16_384).default(1024),
  UPLOAD_MAX_INFLATED_BYTES: int(1024 * 1024, 16 * 1024 * 1024 * 1024).default(256 * 1024 * 1024),
  RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(300),
  RATE_LIMIT_LOGIN_PER_MINUTE: int(1, 10_000).default(20),
  RATE_LIMIT_EXPENSIVE_PER_MINUTE: int(1, 10_000).default(30),
  JOB_MAX_ATTEMPTS: int(1, 50).default(5),
  JOB_BACKOFF_MS: int(10, 3_600_000).default(2000),
  WORKER_CONCURRENCY: int(1, 64).default(2),
  CHUNK_SIZE: int(200, 8000).default(800),
  CHUNK_OVERLAP: int(0, 2000).default(120),
  LLM_PROVIDER: z.enum(['local', 'openai']).default('local'),
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: int(100, 600_000).default(30_000),
  EMBEDDINGS_PROVIDER: z.enum(['local', 'openai']).default('local'),
  EMBEDDINGS_MODEL: z.string().default('text-embedding-3-small'),
  EMBEDDINGS_DIMENSIONS: int(8, 4096).default(384),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  STORAGE: z.enum(['local', 's3']).default('local'),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: int(1, 65535).default(587),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  TRUST_PROXY: z.string().default('false'),
  RATE_LIMIT_LTI_PER_MINUTE: int(1, 100_000).default(600),
  OUTBOUND_ALLOW_HOSTS: list.default([]),
  OUTBOUND_TIMEOUT_MS: int(500, 120_000).default(10_000),
  OUTBOUND_MAX_RESPONSE_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  ALLOW_DEV_LOGIN_IN_PRODUCTION: bool.default(false),
});

/** Every setting the product reads (docker-compose.yml and .env.example list exactly these; a test keeps them in step). */
export const CONFIG_KEYS = Object.keys(EnvSchema.shape) as readonly string[];

/**
 * An empty value means "not set", for every setting: compose passes `${VAR:-}` as an empty string, and an
 * operator who blanks a line in `.env` means the default, not an invalid URL.
 */
function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const cleaned: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') cleaned[key] = value;
  return cleaned;
}

/** A secret whose bytes are all the same (`AAAA…`, all zeros) or that repeats a short pattern is a placeholder, not a key. */
function isWeakSecret(bytes: Uint8Array): boolean {
  const distinct = new Set(bytes).size;
  return distinct < Math.min(8, bytes.length);
}

/** SMTP_HOST/PORT/USER/PASS as one URL (port 465 means TLS from the first byte, others STARTTLS). */
function smtpUrlFrom(host: string, port: number, user: string | undefined, pass: string | undefined): string {
  const auth = user ? `${encodeURIComponent(user)}${pass ? `:${encodeURIComponent(pass)}` : ''}@` : '';
  return `${port === 465 ? 'smtps' : 'smtp'}://${auth}${host}:${port}`;
}

export interface SigningKey { kid: string; secret: Uint8Array }

/** The parsed configuration, camelCase, passed into createApp and the worker. */
export interface Config {
  env: 'development' | 'test' | 'production';
  demoMode: boolean;
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  logLevel: string;
  /** First key signs; all verify (rotation by `kid`). */
  appTokenKeys: SigningKey[];
  appTokenTtlSeconds: number;
  devLogin: boolean;
  ltiKey: string;
  corsOrigins: string[];
  frameAncestors: string[];
  /** express `trust proxy`: false (default) keys rate limits on the peer address; set it to the proxies in front. */
  trustProxy: boolean | number | string;
  /** Limit per client address for /lti/login and /lti/launch. */
  ltiRateLimitPerMinute: number;
  /** Every tool→LMS call goes through this policy (core/src/net). */
  outbound: OutboundPolicy;
  bodyLimitBytes: number;
  /**
   * Upload limits. `parseTimeoutMs`: a file still parsing after this fails its job ("took too long to parse");
   * `parseMaxMemoryMb`: heap of the parser thread; `maxInflatedBytes`: decompressed bytes a PDF's streams may expand to.
   */
  upload: { maxBytes: number; maxPages: number; parseTimeoutMs: number; parseMaxMemoryMb: number; maxInflatedBytes: number };
  rateLimit: { perMinute: number; loginPerMinute: number; expensivePerMinute: number };
  jobs: { maxAttempts: number; backoffMs: number; concurrency: number };
  chunking: { size: number; overlap: number };
  llm: { provider: 'local' | 'openai'; model: string; timeoutMs: number };
  embeddings: { provider: 'local' | 'openai'; model: string; dimensions: number };
  openai: { apiKey: string | undefined; baseUrl: string | undefined };
  /** Outgoing email (invites); undefined when SMTP is not configured (the console then shows links to copy). */
  smtp: { url: string; from: string } | undefined;
  storage:
    | { kind: 'local'; root: string }
    | { kind: 's3'; bucket: string; region: string; endpoint: string | undefined; accessKeyId: string | undefined; secretAccessKey: string | undefined; forcePathStyle: boolean };
}

/** Thrown when the environment is invalid; the message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseKeys(spec: string, problems: string[], refuseWeak: boolean): SigningKey[] {
  return spec.split(',').flatMap((part) => {
    const [kid, secret] = part.split(':');
    if (!kid || !secret) { problems.push('APP_TOKEN_KEYS: expected "kid:base64secret[,kid:base64secret]"'); return []; }
    const bytes = Buffer.from(secret, 'base64');
    if (bytes.length < 32) { problems.push(`APP_TOKEN_KEYS: key "${kid}" must decode to at least 32 bytes`); return []; }
    if (refuseWeak && isWeakSecret(bytes)) { problems.push(`APP_TOKEN_KEYS: key "${kid}" is a placeholder (its bytes barely vary); generate one with: node -e "console.log('k1:'+require('crypto').randomBytes(32).toString('base64'))"`); return []; }
    return [{ kid, secret: new Uint8Array(bytes) }];
  });
}

/**
 * Demo mode only: secrets are generated once and kept in DATA_DIR so tokens survive a restart.
 * Never used outside demo mode, where missing secrets are a start-up error.
 */
function demoSecrets(dataDir: string): { appTokenKeys: string; ltiKey: string } {
  const file = join(dataDir, 'demo-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { appTokenKeys: string; ltiKey: string };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets = {
    appTokenKeys: `demo-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}`,
    ltiKey: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/**
 * Parses the environment once, failing fast with every problem listed.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const problems: string[] = [];
  let tokenKeys = e.APP_TOKEN_KEYS;
  let ltiKey = e.LTI_KEY;
  if (e.DEMO_MODE && (!tokenKeys || !ltiKey)) {
    const secrets = demoSecrets(dataDir);
    tokenKeys ??= secrets.appTokenKeys;
    ltiKey ??= secrets.ltiKey;
  }
  if (!tokenKeys) problems.push('APP_TOKEN_KEYS: required outside demo mode (format "kid:base64secret", 32+ bytes)');
  // Placeholder keys (all zeros, one repeated character) are refused in production; tests use fixed keys on purpose.
  const isProduction = e.NODE_ENV === 'production';
  const appTokenKeys = tokenKeys ? parseKeys(tokenKeys, problems, isProduction) : [];
  if (!ltiKey) problems.push('LTI_KEY: required outside demo mode (32+ characters; encrypts LTI keys at rest)');
  else if (isProduction && isWeakSecret(Buffer.from(ltiKey, 'utf8'))) problems.push('LTI_KEY: is a placeholder (its characters barely vary); generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'hex\'))"');
  if (e.REDIS_URL && !e.DATABASE_URL) {
    problems.push('REDIS_URL: needs DATABASE_URL too. Separate worker processes cannot share the embedded PGlite database (one process per data folder, no lock); set DATABASE_URL to a Postgres with pgvector, or unset REDIS_URL to run jobs in-process');
  }
  const devLogin = e.DEV_LOGIN ?? e.DEMO_MODE;
  if (isProduction && (e.DEMO_MODE || devLogin) && !e.ALLOW_DEV_LOGIN_IN_PRODUCTION) {
    problems.push(`${e.DEMO_MODE ? 'DEMO_MODE' : 'DEV_LOGIN'}: refused with NODE_ENV=production: it lets anyone sign in as any demo user. Unset it (create the first owner with \`npm run admin -- create-owner\`), or set ALLOW_DEV_LOGIN_IN_PRODUCTION=true for a throwaway demo server`);
  }
  if (e.LLM_PROVIDER === 'openai' || e.EMBEDDINGS_PROVIDER === 'openai') {
    if (!e.OPENAI_API_KEY) problems.push('OPENAI_API_KEY: required when LLM_PROVIDER or EMBEDDINGS_PROVIDER is "openai"');
  }
  if (e.STORAGE === 's3' && !e.S3_BUCKET) problems.push('S3_BUCKET: required when STORAGE is "s3"');
  if (e.CHUNK_OVERLAP >= e.CHUNK_SIZE) problems.push('CHUNK_OVERLAP: must be smaller than CHUNK_SIZE');
  const smtpUrl = e.SMTP_URL ?? (e.SMTP_HOST ? smtpUrlFrom(e.SMTP_HOST, e.SMTP_PORT, e.SMTP_USER, e.SMTP_PASS) : undefined);
  if (smtpUrl && !e.SMTP_FROM) problems.push('SMTP_FROM: required when SMTP_URL or SMTP_HOST is set (e.g. "TutorGraph <no-reply@school.edu>")');
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    demoMode: e.DEMO_MODE,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    appTokenKeys,
    appTokenTtlSeconds: e.APP_TOKEN_TTL_SECONDS,
    devLogin,
    ltiKey: ltiKey as string,
    corsOrigins: e.CORS_ORIGINS,
    frameAncestors: e.FRAME_ANCESTORS,
    trustProxy: e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY === 'true' ? true : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    ltiRateLimitPerMinute: e.RATE_LIMIT_LTI_PER_MINUTE,
    outbound: {
      allowHttp: e.DEMO_MODE || e.NODE_ENV === 'test', allowHosts: e.OUTBOUND_ALLOW_HOSTS,
      timeoutMs: e.OUTBOUND_TIMEOUT_MS, maxResponseBytes: e.OUTBOUND_MAX_RESPONSE_BYTES, maxRedirects: 3,
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    upload: {
      maxBytes: e.UPLOAD_MAX_BYTES, maxPages: e.UPLOAD_MAX_PAGES, parseTimeoutMs: e.UPLOAD_PARSE_TIMEOUT_MS,
      parseMaxMemoryMb: e.UPLOAD_PARSE_MAX_MEMORY_MB, maxInflatedBytes: e.UPLOAD_MAX_INFLATED_BYTES,
    },
    rateLimit: { perMinute: e.RATE_LIMIT_PER_MINUTE, loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE, expensivePerMinute: e.RATE_LIMIT_EXPENSIVE_PER_MINUTE },
    jobs: { maxAttempts: e.JOB_MAX_ATTEMPTS, backoffMs: e.JOB_BACKOFF_MS, concurrency: e.WORKER_CONCURRENCY },
    chunking: { size: e.CHUNK_SIZE, overlap: e.CHUNK_OVERLAP },
    llm: { provider: e.LLM_PROVIDER, model: e.LLM_MODEL, timeoutMs: e.LLM_TIMEOUT_MS },
    embeddings: { provider: e.EMBEDDINGS_PROVIDER, model: e.EMBEDDINGS_MODEL, dimensions: e.EMBEDDINGS_DIMENSIONS },
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
    smtp: smtpUrl && e.SMTP_FROM ? { url: smtpUrl, from: e.SMTP_FROM } : undefined,
    storage: e.STORAGE === 's3'
      ? { kind: 's3', bucket: e.S3_BUCKET as string, region: e.S3_REGION, endpoint: e.S3_ENDPOINT, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY, forcePathStyle: e.S3_FORCE_PATH_STYLE }
      : { kind: 'local', root: join(dataDir, 'files') },
  };
}

/**
 * Makes DATA_DIR private to the service account before anything writes there: the folder is created (or narrowed)
 * to 0700 and the process umask becomes 077, so PGlite's files (`pg_control` included), stored uploads and demo
 * secrets are never readable or writable by other local users. Call once at process start, before opening the database.
 *
 * @example
 * secureDataDir(config.dataDir);
 */
export function secureDataDir(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}
