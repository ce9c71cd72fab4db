import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadEnv } from '../../src/env';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the stress tests make their databases on. */
    stressDatabaseUrl: string;
    /** The Redis server the app processes share. */
    stressRedisUrl: string;
  }
}

const serverDir = path.resolve(import.meta.dirname, '..', '..');

/**
 * The stress suite runs the production bundle as real processes against a PostgreSQL server and
 * Redis, the way a deployment runs: several of its claims (two instances, a database going away)
 * cannot be made on the embedded database.
 */
export default function setup(project: TestProject) {
  const env = loadEnv({
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(32),
    JWT_REFRESH_SECRET: 'y'.repeat(32),
  });
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    throw new Error(
      'The stress suite needs a PostgreSQL server and Redis: set DATABASE_URL and REDIS_URL, e.g.\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 npm run test:stress',
    );
  }
  execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'inherit' });
  project.provide('stressDatabaseUrl', env.DATABASE_URL);
  project.provide('stressRedisUrl', env.REDIS_URL);
}
