import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Account } from './api';
import type { BenchDatabase } from './database';
import type { LoadProcess } from './load';
import type { Figure } from './report';
import { freePort, ServerProcess } from './server-process';

/** This folder, where the baseline scripts live beside the runner. */
export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
export const SERVER_ROOT = path.resolve(BENCH_DIR, '..', '..');
export const REPOSITORY_ROOT = path.resolve(SERVER_ROOT, '..');

export interface Accounts {
  /** Owns the seeded ledger; every protected call is made as this user. */
  main: Account;
  /** Imports CSV files, so the main user's ledger keeps its exact size. */
  importer: Account;
  /** Signed in by the login scenario, one address per connection's turn. */
  logins: Array<{ email: string; password: string }>;
}

/** How long each part runs. `--quick` trades precision for a run of under two minutes. */
export interface Settings {
  quick: boolean;
  /** Ledger sizes (transactions of one user) scenario 4 measures, ascending. */
  tiers: number[];
  /** Wall-clock budget the run plans the largest embedded-database tier against. */
  budgetSeconds: number;
  protectedCall: { connections: number; sliceSeconds: number; rounds: number; warmupSeconds: number };
  login: { connections: number; seconds: number; probeRate: number; bcryptRounds: number; bcryptSamples: number };
  refresh: { connections: number; seconds: number; concurrentRefreshes: number };
  ledger: { warmupCalls: number; targetSeconds: number; minSamples: number; maxSamples: number };
  import: { rows: number; repeats: number };
  /** Start-ups measured for the bare baseline, the empty database and the largest ledger; the median counts. */
  startup: { repeats: number };
}

export function settingsFor(quick: boolean): Settings {
  return {
    quick,
    tiers: quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000],
    // A little under 2 and 10 minutes: npm, tsx and the build start before the runner counts.
    budgetSeconds: quick ? 110 : 570,
    protectedCall: { connections: 50, sliceSeconds: quick ? 2 : 3, rounds: quick ? 2 : 4, warmupSeconds: 1 },
    login: { connections: 20, seconds: quick ? 3 : 8, probeRate: 50, bcryptRounds: 10, bcryptSamples: quick ? 5 : 12 },
    refresh: { connections: 10, seconds: quick ? 2 : 5, concurrentRefreshes: 10 },
    ledger: {
      warmupCalls: quick ? 3 : 5,
      targetSeconds: quick ? 0.7 : 2.5,
      minSamples: quick ? 5 : 10,
      maxSamples: 1000,
    },
    import: { rows: 10_000, repeats: quick ? 1 : 3 },
    startup: { repeats: quick ? 1 : 3 },
  };
}

/** The state of one benchmark run: the server under test, the load processes and what was measured. */
export class BenchRun {
  readonly settings: Settings;
  readonly database: BenchDatabase;
  /** Two load processes, so one can probe latency while the other applies load. */
  readonly primary: LoadProcess;
  readonly secondary: LoadProcess;
  readonly figures: Figure[] = [];
  readonly details: Record<string, unknown> = {};
  readonly notes: string[] = [];
  readonly startedAt = performance.now();
  readonly #secrets = {
    JWT_SECRET: randomBytes(48).toString('base64url'),
    JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
  };
  #server: ServerProcess | undefined;
  #accounts: Accounts | undefined;

  constructor(settings: Settings, database: BenchDatabase, primary: LoadProcess, secondary: LoadProcess) {
    this.settings = settings;
    this.database = database;
    this.primary = primary;
    this.secondary = secondary;
  }

  add(figure: Figure): void {
    this.figures.push(figure);
  }

  elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  get server(): ServerProcess {
    if (!this.#server) throw new Error('The server is not running');
    return this.#server;
  }

  get accounts() {
    if (!this.#accounts) throw new Error('Accounts are not set up yet');
    return this.#accounts;
  }

  set accounts(accounts: Accounts) {
    this.#accounts = accounts;
  }

  /** What the server under test is started with: the run's secrets and database, production settings. */
  serverEnv(port: number): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...this.#secrets,
      // Long enough for one access token to last the whole run, across restarts.
      JWT_EXPIRES_IN: '1h',
      BCRYPT_ROUNDS: String(this.settings.login.bcryptRounds),
      LOG_LEVEL: 'warn',
      BENCH_BASELINE_ROUTES: 'true',
      ...this.database.serverEnv(),
    };
  }

  /**
   * Starts the built server (server/dist/main.js) as production runs it, with only the variables
   * set here: the run's own secrets and database, the baseline routes on, request logging off.
   */
  async startServer(): Promise<ServerProcess> {
    if (this.#server) throw new Error('The server is already running');
    const port = await freePort();
    this.#server = await ServerProcess.start({
      args: ['--enable-source-maps', path.join(SERVER_ROOT, 'dist', 'main.js')],
      cwd: REPOSITORY_ROOT,
      port,
      env: this.serverEnv(port),
    });
    return this.#server;
  }

  /**
   * Starts one of the baseline processes in perf/bench/ (a script of its own, not the app) with the run's
   * access-token secret and database, so it verifies the same tokens and reads the same rows.
   */
  async startBaseline(script: string): Promise<ServerProcess> {
    const port = await freePort();
    return ServerProcess.start({
      args: [path.join(BENCH_DIR, script)],
      cwd: REPOSITORY_ROOT,
      port,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        JWT_SECRET: this.#secrets.JWT_SECRET,
        ...this.database.serverEnv(),
      },
    });
  }

  /**
   * Restarts the server `count` times and returns each start-up time; the server is left running.
   * Start-ups are few and the machine noisy, so the runner reports their median.
   */
  async restartTimes(count: number): Promise<number[]> {
    const times: number[] = [];
    for (let start = 0; start < count; start++) {
      await this.stopServer();
      times.push((await this.startServer()).startupMs);
    }
    return times;
  }

  async stopServer(): Promise<void> {
    await this.#server?.stop();
    this.#server = undefined;
  }
}
