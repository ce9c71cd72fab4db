import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from './env';

const strong = (char: string) => char.repeat(40);

function configError(source: Record<string, string>): ConfigError {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    const env = loadEnv({ JWT_SECRET: strong('a'), JWT_REFRESH_SECRET: strong('b') });
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      PORT: 8000,
      HOST: '127.0.0.1',
      DATA_DIR: './.data',
      DATABASE_QUERY_TIMEOUT_MS: 15_000,
      JWT_EXPIRES_IN: 900,
      JWT_REFRESH_EXPIRES_IN: 604_800,
      REFRESH_REUSE_INTERVAL_SECONDS: 10,
      BCRYPT_ROUNDS: 10,
      PASSWORD_MIN_LENGTH: 8,
      LOG_LEVEL: 'info',
      TRUST_PROXY: false,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    // Same origin only: no CORS unless a separate front-end origin is named.
    expect(env.FRONTEND_ORIGIN).toBeUndefined();
  });

  it('generates development secrets once and keeps them in DATA_DIR', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'finailytics-env-'));
    const first = loadEnv({ DATA_DIR: dataDir });
    const second = loadEnv({ DATA_DIR: dataDir });
    expect(first.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.JWT_SECRET).not.toBe(first.JWT_REFRESH_SECRET);
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(second.JWT_REFRESH_SECRET).toBe(first.JWT_REFRESH_SECRET);
    const file = path.join(dataDir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).JWT_SECRET).toBe(first.JWT_SECRET);
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('generates the secrets in production on the embedded database too, where there is one process', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'finailytics-env-'));
    const first = loadEnv({ DATA_DIR: dataDir });
    expect(first.NODE_ENV).toBe('production');
    expect(first.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(loadEnv({ NODE_ENV: 'production', DATA_DIR: dataDir }).JWT_REFRESH_SECRET).toBe(first.JWT_REFRESH_SECRET);
    expect(statSync(path.join(dataDir, 'secrets.json')).mode & 0o077).toBe(0);
  });

  it('refuses to start in production on a PostgreSQL server without secrets, naming every bad variable in one message', () => {
    const error = configError({ DATABASE_URL: 'postgres://app@db:5432/finailytics', BCRYPT_ROUNDS: '8' });
    expect(error.problems).toEqual([
      'JWT_SECRET: required in production with DATABASE_URL',
      'JWT_REFRESH_SECRET: required in production with DATABASE_URL',
      'BCRYPT_ROUNDS: must be at least 10 in production',
    ]);
    expect(error.message).toContain('JWT_SECRET');
    expect(error.message).toContain('BCRYPT_ROUNDS');
  });

  it('refuses short secrets and equal access and refresh secrets', () => {
    expect(
      configError({ NODE_ENV: 'production', JWT_SECRET: 'short', JWT_REFRESH_SECRET: strong('b') }).problems,
    ).toEqual(['JWT_SECRET: must be at least 32 characters']);
    expect(
      configError({ NODE_ENV: 'production', JWT_SECRET: strong('a'), JWT_REFRESH_SECRET: strong('a') }).problems,
    ).toEqual(['JWT_REFRESH_SECRET: must differ from JWT_SECRET']);
  });

  it('lists every malformed variable together', () => {
    const error = configError({
      PORT: 'eighty',
      JWT_EXPIRES_IN: 'soon',
      FRONTEND_ORIGIN: 'not a url',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'true',
    });
    expect(error.problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'FRONTEND_ORIGIN',
      'JWT_EXPIRES_IN',
      'LOG_LEVEL',
      'PORT',
      'TRUST_PROXY',
    ]);
  });

  describe('TRUST_PROXY', () => {
    const secrets = { JWT_SECRET: strong('a'), JWT_REFRESH_SECRET: strong('b') };

    it('takes the addresses and CIDR ranges of the proxies, and trusts nobody when unset or false', () => {
      expect(loadEnv({ ...secrets, TRUST_PROXY: '127.0.0.1' }).TRUST_PROXY).toEqual(['127.0.0.1']);
      expect(loadEnv({ ...secrets, TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8' }).TRUST_PROXY).toEqual([
        '127.0.0.1',
        '10.0.0.0/8',
        '::1',
        'fd00::/8',
      ]);
      expect(loadEnv({ ...secrets, TRUST_PROXY: 'loopback' }).TRUST_PROXY).toEqual(['loopback']);
      expect(loadEnv({ ...secrets, TRUST_PROXY: '10.0.0.0/255.0.0.0' }).TRUST_PROXY).toEqual(['10.0.0.0/255.0.0.0']);
      expect(loadEnv(secrets).TRUST_PROXY).toBe(false);
      expect(loadEnv({ ...secrets, TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    });

    it.each(['true', 'TRUE', 'yes', 'on'])('refuses %s, saying what to write instead', (value) => {
      const [problem] = configError({ ...secrets, TRUST_PROXY: value }).problems;
      expect(problem).toMatch(/^TRUST_PROXY: .* lets any client forge its address/);
      expect(problem).toContain('TRUST_PROXY=127.0.0.1');
    });

    it('takes a hop count from 1 to 10, and refuses a larger one', () => {
      expect(loadEnv({ ...secrets, TRUST_PROXY: '1' }).TRUST_PROXY).toEqual({ hops: 1 });
      expect(loadEnv({ ...secrets, TRUST_PROXY: '2' }).TRUST_PROXY).toEqual({ hops: 2 });
      expect(loadEnv({ ...secrets, TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
      const [problem] = configError({ ...secrets, TRUST_PROXY: '11' }).problems;
      expect(problem).toMatch(/^TRUST_PROXY: a hop count must be 1 to 10/);
      expect(problem).toContain('TRUST_PROXY=127.0.0.1,10.0.0.0/8');
    });

    it('names every entry that is not an address or a range', () => {
      const [problem] = configError({ ...secrets, TRUST_PROXY: '127.0.0.1,proxy.local,10.0.0.0/33' }).problems;
      expect(problem).toMatch(/^TRUST_PROXY: not an IP address or CIDR range: `proxy.local`, `10.0.0.0\/33`/);
    });
  });

  it('accepts a valid production configuration', () => {
    const env = loadEnv({
      NODE_ENV: 'production',
      JWT_SECRET: strong('a'),
      JWT_REFRESH_SECRET: strong('b'),
      JWT_EXPIRES_IN: '5s',
      DATABASE_URL: 'postgres://app@db:5432/finailytics',
    });
    expect(env.JWT_EXPIRES_IN).toBe(5);
    expect(env.DATABASE_URL).toBe('postgres://app@db:5432/finailytics');
  });

  it('links e-mails to APP_URL, without a trailing slash, and by default to the address it listens on', () => {
    const secrets = { JWT_SECRET: strong('a'), JWT_REFRESH_SECRET: strong('b') };
    expect(loadEnv(secrets).APP_URL).toBe('http://localhost:8000');
    expect(loadEnv({ ...secrets, PORT: '8123' }).APP_URL).toBe('http://localhost:8123');
    expect(loadEnv({ ...secrets, HOST: '0.0.0.0', PORT: '9000' }).APP_URL).toBe('http://localhost:9000');
    expect(loadEnv({ ...secrets, HOST: 'money.example.com', PORT: '80' }).APP_URL).toBe('http://money.example.com:80');
    expect(loadEnv({ ...secrets, HOST: 'fd00::5', PORT: '8000' }).APP_URL).toBe('http://[fd00::5]:8000');
    expect(loadEnv({ ...secrets, PORT: '8123', APP_URL: 'https://money.example.com' }).APP_URL).toBe(
      'https://money.example.com',
    );
    expect(loadEnv({ ...secrets, APP_URL: 'https://money.example.com/' }).APP_URL).toBe('https://money.example.com');
    expect(configError({ ...secrets, APP_URL: 'not a url' }).problems[0]).toMatch(/^APP_URL:/);
  });

  it('refuses a short TWO_FACTOR_ENCRYPTION_KEY or one equal to a JWT secret', () => {
    const secrets = { JWT_SECRET: strong('a'), JWT_REFRESH_SECRET: strong('b') };
    expect(configError({ ...secrets, TWO_FACTOR_ENCRYPTION_KEY: 'short' }).problems[0]).toMatch(
      /^TWO_FACTOR_ENCRYPTION_KEY: must be at least 32/,
    );
    expect(configError({ ...secrets, TWO_FACTOR_ENCRYPTION_KEY: strong('b') }).problems).toEqual([
      'TWO_FACTOR_ENCRYPTION_KEY: must differ from the JWT secrets',
    ]);
    expect(loadEnv({ ...secrets, TWO_FACTOR_ENCRYPTION_KEY: strong('c') }).TWO_FACTOR_ENCRYPTION_KEY).toBe(strong('c'));
  });
});
