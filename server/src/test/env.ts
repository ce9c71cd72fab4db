import { type Env, loadEnv } from '../env';

/** A complete configuration for tests: fixed secrets, cheap bcrypt, nothing read from the machine. */
export function testEnv(overrides: Record<string, string> = {}): Env {
  return loadEnv({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-access-secret-0123456789abcdef0123',
    JWT_REFRESH_SECRET: 'test-refresh-secret-0123456789abcdef012',
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'silent',
    FRONTEND_ORIGIN: 'http://localhost:5173',
    DATA_DIR: '/nonexistent-test-data-dir',
    SCHEDULER_INTERVAL_SECONDS: '0',
    ...overrides,
  });
}
