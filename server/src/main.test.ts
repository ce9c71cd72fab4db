import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const serverDir = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.length = 0;
});

/** Runs src/main.ts as its own process, the way `npm start` runs the bundle. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', SCHEDULER_INTERVAL_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /FinAIlytics is ready on (http:\/\/[^"\s]+)/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited before it was ready:\n${output}`));
    });
  });
  return { child, ready, exited, output: () => output };
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('main', () => {
  it('starts with no configuration, runs the jobs, serves the API and exits 0 on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'finailytics-main-'));
    const server = startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    const url = await server.ready;
    expect((await fetch(`${url}/api/ready`)).status).toBe(200);
    // Production unless told otherwise: HSTS, and the secrets generated once, readable by the owner only.
    expect((await fetch(`${url}/api/health`)).headers.get('strict-transport-security')).toContain('max-age=');
    expect(statSync(path.join(dataDir, 'secrets.json')).mode & 0o077).toBe(0);
    // The scheduler runs every background job once at start-up, and none of them fails.
    const jobs = [
      'vacuum-embedded-database',
      'recurring-transactions',
      'reports',
      'budget-alerts',
      'prune-ended-sessions',
      'prune-expired-account-tokens',
      'prune-expired-undos',
      'prune-receipts',
    ];
    await waitFor(() => (server.output().match(/"msg":"job finished"/g) ?? []).length === jobs.length);
    for (const job of jobs) {
      expect(server.output()).toContain(`"job":"${job}"`);
    }
    expect(server.output()).not.toContain('job failed');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');
  }, 60_000);

  it('refuses to start on a PostgreSQL server without secrets, or trusting every proxy, naming each problem', async () => {
    const server = startServer({
      DATABASE_URL: 'postgres://app@127.0.0.1:1/finailytics',
      TRUST_PROXY: 'true',
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'finailytics-main-')),
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Invalid configuration');
    expect(server.output()).toContain('JWT_SECRET: required in production with DATABASE_URL');
    expect(server.output()).toContain('JWT_REFRESH_SECRET: required in production with DATABASE_URL');
    expect(server.output()).toContain('TRUST_PROXY: `true` lets any client forge its address');
    await expect(server.ready).rejects.toThrow('exited before it was ready');
  }, 60_000);
});
