import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

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
});
