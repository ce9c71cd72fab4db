import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from '../../bench/server-process';

/*
 * The parts a scaled-out deployment puts around the app, run from the Debian packages as real
 * processes on loopback ports: HAProxy in front of the instances, PgBouncer in transaction mode in
 * front of PostgreSQL. The configurations mirror deploy/haproxy.cfg and docs/operations.md.
 */

const INSTALL_HINT = 'apt-get install -y haproxy pgbouncer (Debian/Ubuntu), or run .ci/run, which installs them';

/** The path of a program on PATH or in the sbin folders, or an error saying how to install it. */
export function requireProgram(name: string): string {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const folder of folders.filter(Boolean)) {
    const candidate = path.join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  throw new Error(`The scale-out stress test needs ${name}, which is not installed: ${INSTALL_HINT}`);
}

/** A helper process of the test; its output is kept for the error message when it dies early. */
class HelperProcess {
  readonly #child: ChildProcess;
  readonly #output: string[] = [];
  #exit: string | null = null;

  constructor(
    program: string,
    args: string[],
    readonly name: string,
  ) {
    this.#child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.#output.push(chunk.toString());
      if (this.#output.length > 100) this.#output.shift();
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    this.#child.once('exit', (code, signal) => {
      this.#exit = `exited with ${signal ?? code}`;
    });
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** Throws with the process's own words if it has ended. */
  assertRunning(): void {
    if (this.#exit) throw new Error(`${this.name} ${this.#exit}:\n${this.#output.join('').slice(-3000)}`);
  }

  async stop(): Promise<void> {
    if (this.#exit) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000)]);
    if (!this.#exit) this.#child.kill('SIGKILL');
  }
}

/** A folder for configuration files that a helper switching to another user can still read. */
function configFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(folder, 0o755);
  return folder;
}

function writeConfig(folder: string, name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text, { mode: 0o644 });
  return file;
}

export interface LoadBalancer {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * HAProxy balancing round robin over `backends` (http://127.0.0.1:port origins), taking a server out
 * while its /api/ready fails, adding X-Forwarded-For, and naming the instance that answered in
 * X-Served-By (the test reads it; a deployment would not need it).
 */
export async function startHaproxy(backends: string[]): Promise<LoadBalancer> {
  const program = requireProgram('haproxy');
  const port = await freePort();
  const folder = configFolder('finailytics-haproxy-');
  const servers = backends.map(
    (origin, i) => `  server app${i + 1} ${new URL(origin).host} check inter 2s fall 3 rise 1`,
  );
  const config = writeConfig(
    folder,
    'haproxy.cfg',
    [
      'global',
      '  maxconn 4000',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  timeout http-keep-alive 10s',
      // On a machine this busy /api/ready can take seconds; a slow answer is not a failed instance.
      '  timeout check 10s',
      'frontend app',
      `  bind 127.0.0.1:${port}`,
      '  default_backend apps',
      'backend apps',
      '  balance roundrobin',
      '  option httpchk GET /api/ready',
      '  option forwardfor',
      '  http-response set-header X-Served-By %s',
      ...servers,
      '',
    ].join('\n'),
  );
  // -db: stay in the foreground, so the test owns the process.
  const haproxy = new HelperProcess(program, ['-db', '-f', config], 'haproxy');
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => {
      haproxy.assertRunning();
      const response = await fetch(`${origin}/api/ready`);
      await response.arrayBuffer();
      return response.status === 200;
    }, 'haproxy to answer /api/ready');
  } catch (error) {
    await haproxy.stop();
    throw error;
  }
  return {
    origin,
    pid: haproxy.pid,
    async stop() {
      await haproxy.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export interface ConnectionPooler {
  /** `databaseUrl` with PgBouncer's address instead of PostgreSQL's. */
  url: string;
  pid: number;
  poolSize: number;
  /** Runs a command (SHOW STATS, SHOW POOLS, …) on PgBouncer's admin console. */
  admin<T extends Record<string, unknown>>(command: string): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * PgBouncer in transaction mode in front of the PostgreSQL server of `databaseUrl`: every client
 * connection shares `poolSize` server connections, each lent for one transaction at a time.
 * PostgreSQL on loopback trusts local connections, so PgBouncer does too (auth_type trust).
 */
export async function startPgbouncer(databaseUrl: string, poolSize: number): Promise<ConnectionPooler> {
  const program = requireProgram('pgbouncer');
  const target = new URL(databaseUrl);
  const user = decodeURIComponent(target.username) || 'postgres';
  const database = target.pathname.slice(1);
  const port = await freePort();
  const folder = configFolder('finailytics-pgbouncer-');
  const authFile = writeConfig(folder, 'userlist.txt', `"${user}" ""\n`);
  const config = writeConfig(
    folder,
    'pgbouncer.ini',
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port || '5432'} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${authFile}`,
      `admin_users = ${user}`,
      'pool_mode = transaction',
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 1000',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; -u switches to an ordinary user after start-up.
  const asUser = process.getuid?.() === 0 ? ['-u', runAsUser()] : [];
  const pgbouncer = new HelperProcess(program, [...asUser, config], 'pgbouncer');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/pgbouncer';
  const admin = async <T extends Record<string, unknown>>(command: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: adminUrl.toString() });
    await client.connect();
    try {
      return (await client.query<T>(command)).rows;
    } finally {
      await client.end();
    }
  };
  try {
    await waitUntil(async () => {
      pgbouncer.assertRunning();
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await client.query('select 1');
      await client.end();
      return true;
    }, 'pgbouncer to accept connections');
  } catch (error) {
    await pgbouncer.stop();
    throw error;
  }
  return {
    url: url.toString(),
    pid: pgbouncer.pid,
    poolSize,
    admin,
    async stop() {
      await pgbouncer.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** An existing unprivileged account for PgBouncer: the PostgreSQL server's own, or nobody. */
function runAsUser(): string {
  for (const candidate of ['postgres', 'nobody']) {
    try {
      execFileSync('id', ['-u', candidate], { stdio: 'ignore' });
      return candidate;
    } catch {
      // No such user.
    }
  }
  throw new Error('PgBouncer will not run as root, and neither a postgres nor a nobody user exists');
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  while (performance.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
      // The process's own failure (it exited) is final.
      if (error instanceof Error && / exited with /.test(error.message)) throw error;
    }
    await sleep(100);
  }
  throw new Error(`Gave up waiting for ${what}: ${String(lastError)}`);
}
