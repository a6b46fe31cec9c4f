import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig, secureDataDir } from '../../src/config/config.js';

const KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const LTI_KEY = 'x'.repeat(32);

describe('loadConfig', () => {
  it('when production secrets are missing, then it fails fast naming each variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/APP_TOKEN_KEYS: required outside demo mode/);
      expect(message).toMatch(/LTI_KEY: required outside demo mode/);
    }
  });

  it('when values have the wrong shape, then every problem is listed with its variable', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', APP_TOKEN_KEYS: KEYS, LTI_KEY });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT:/m);
      expect(problems).toMatch(/^DATABASE_URL: must be a postgres:\/\/ URL/m);
    }
  });

  it('when a signing key is too short, then the message says so', () => {
    expect(() => loadConfig({ APP_TOKEN_KEYS: 'k1:c2hvcnQ=', LTI_KEY })).toThrow(/at least 32 bytes/);
  });

  it('when openai is chosen without a key, then it refuses to start', () => {
    expect(() => loadConfig({ APP_TOKEN_KEYS: KEYS, LTI_KEY, LLM_PROVIDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
  });

  it('when nothing else is set outside demo mode, then dev login is off and defaults apply', () => {
    const config = loadConfig({ APP_TOKEN_KEYS: KEYS, LTI_KEY });
    expect(config.devLogin).toBe(false);
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.chunking).toEqual({ size: 800, overlap: 120 });
    expect(config.appTokenKeys[0]?.kid).toBe('k1');
  });

  it('when demo mode is on, then secrets are generated once under DATA_DIR and dev login is on', () => {
    const dir = `/tmp/tg-config-${Date.now()}`;
    const first = loadConfig({ DEMO_MODE: 'true', DATA_DIR: dir });
    const second = loadConfig({ DEMO_MODE: 'true', DATA_DIR: dir });
    expect(first.devLogin).toBe(true);
    expect(Buffer.from(first.appTokenKeys[0]!.secret).equals(Buffer.from(second.appTokenKeys[0]!.secret))).toBe(true);
  });

  describe('production refusals and empty values', () => {
    const strong = { APP_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64')}`, LTI_KEY: randomBytes(32).toString('hex') };
    const problemsOf = (env: Record<string, string>) => {
      try { loadConfig(env); return ''; } catch (error) { return (error as ConfigError).problems.join('\n'); }
    };

    it('when every optional setting is an empty string (compose ${VAR:-}), then they count as unset and the server can start', () => {
      const empty = Object.fromEntries(CONFIG_KEYS.map((key) => [key, '']));
      const config = loadConfig({ ...empty, NODE_ENV: 'production', ...strong, DATABASE_URL: 'postgres://u:p@db:5432/tg', REDIS_URL: 'redis://redis:6379' });
      expect(config.openai.baseUrl).toBeUndefined();
      expect(config.storage).toMatchObject({ kind: 'local' });
      expect(config.port).toBe(3000);
      expect(config.corsOrigins).toEqual([]);
    });

    it('when REDIS_URL is set without DATABASE_URL, then it refuses: workers cannot share the embedded database', () => {
      expect(problemsOf({ ...strong, REDIS_URL: 'redis://127.0.0.1:6379' })).toMatch(/^REDIS_URL: needs DATABASE_URL/m);
      expect(problemsOf({ ...strong, REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://u@h/db' })).toBe('');
    });

    it('when NODE_ENV=production asks for demo mode or dev login, then it refuses unless explicitly allowed', () => {
      expect(problemsOf({ ...strong, NODE_ENV: 'production', DEMO_MODE: 'true' })).toMatch(/^DEMO_MODE: refused with NODE_ENV=production/m);
      expect(problemsOf({ ...strong, NODE_ENV: 'production', DEV_LOGIN: 'true' })).toMatch(/^DEV_LOGIN: refused with NODE_ENV=production/m);
      expect(problemsOf({ ...strong, NODE_ENV: 'production', DEV_LOGIN: 'true', ALLOW_DEV_LOGIN_IN_PRODUCTION: 'true' })).toBe('');
      expect(problemsOf({ ...strong, NODE_ENV: 'development', DEV_LOGIN: 'true' })).toBe('');
    });

    it('when production keys are placeholders (all zeros, one repeated character), then it refuses them', () => {
      const zeros = `k1:${Buffer.alloc(32, 0).toString('base64')}`;
      expect(problemsOf({ NODE_ENV: 'production', APP_TOKEN_KEYS: zeros, LTI_KEY: strong.LTI_KEY })).toMatch(/APP_TOKEN_KEYS: key "k1" is a placeholder/);
      expect(problemsOf({ NODE_ENV: 'production', APP_TOKEN_KEYS: strong.APP_TOKEN_KEYS, LTI_KEY: 'a'.repeat(40) })).toMatch(/LTI_KEY: is a placeholder/);
      expect(problemsOf({ NODE_ENV: 'production', APP_TOKEN_KEYS: 'k1:c2hvcnQ=', LTI_KEY: strong.LTI_KEY })).toMatch(/at least 32 bytes/);
      expect(problemsOf({ NODE_ENV: 'production', ...strong })).toBe('');
    });

    it('when the data folder is secured, then it is 0700 and files created afterwards are private', () => {
      const root = mkdtempSync(join(tmpdir(), 'tg-datadir-'));
      const dataDir = join(root, 'data');
      const previous = process.umask();
      try {
        secureDataDir(dataDir);
        expect(statSync(dataDir).mode & 0o777).toBe(0o700);
        writeFileSync(join(dataDir, 'probe'), 'x');
        expect(statSync(join(dataDir, 'probe')).mode & 0o077).toBe(0);
      } finally {
        process.umask(previous);
        rmSync(root, { recursive: true, force: true });
      }
      expect(existsSync(dataDir)).toBe(false);
    });
  });
});
