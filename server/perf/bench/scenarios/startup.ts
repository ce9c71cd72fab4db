import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMBEDDED_START_SETTINGS } from '../../../src/db/embedded-database';
import { BENCH_DIR, type BenchRun, REPOSITORY_ROOT, SERVER_ROOT } from '../context';
import { freePort, ServerProcess } from '../server-process';
import { median } from '../stats';

/** The start-up floor: Node loading Fastify and answering /api/ready, measured as the server is. */
export async function measureBareStartup(run: BenchRun): Promise<number> {
  const times: number[] = [];
  for (let repeat = 0; repeat < run.settings.startup.repeats; repeat++) {
    const port = await freePort();
    const server = await ServerProcess.start({
      args: [path.join(BENCH_DIR, 'bare-server.mjs')],
      cwd: REPOSITORY_ROOT,
      port,
      env: { PATH: process.env.PATH, PORT: String(port) },
    });
    times.push(server.startupMs);
    await server.stop();
  }
  return median(times);
}

/** The server's environment for this run, on an embedded database in `dataDir` whatever the run's database. */
function embeddedEnv(run: BenchRun, port: number, dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _serverDatabase, ...env } = run.serverEnv(port);
  return { ...env, DATA_DIR: dataDir };
}

const TEMPLATE = path.join(SERVER_ROOT, 'dist', 'pgdata-template');

/** Runs `work` with a new, empty data folder for the embedded database, removed afterwards. */
async function withNewDataFolder<T>(work: (dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'finailytics-bench-start-'));
  try {
    return await work(dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The embedded database's start-up floor: Node, Fastify and PGlite opened with the server's settings
 * on a copy of the build's template made beforehand, nothing else (bare-embedded-server.mjs), measured
 * as the server is.
 */
export async function measureBareEmbeddedStartup(run: BenchRun): Promise<number> {
  const times: number[] = [];
  for (let repeat = 0; repeat < run.settings.startup.repeats; repeat++) {
    times.push(
      await withNewDataFolder(async (dataDir) => {
        cpSync(TEMPLATE, dataDir, { recursive: true });
        const port = await freePort();
        const server = await ServerProcess.start({
          args: [path.join(BENCH_DIR, 'bare-embedded-server.mjs')],
          cwd: SERVER_ROOT,
          port,
          env: {
            PATH: process.env.PATH,
            PORT: String(port),
            DATA_DIR: dataDir,
            START_SETTINGS: JSON.stringify(EMBEDDED_START_SETTINGS),
          },
        });
        await server.stop();
        return server.startupMs;
      }),
    );
  }
  return median(times);
}

/**
 * The built server's first start on a new embedded database: as shipped (a copy of the build's
 * migrated template), or, with `template: false`, with the template moved aside for that start so
 * the server creates the cluster and runs every migration itself, as it did before the template.
 */
export async function measureFirstStart(
  run: BenchRun,
  options: { template: boolean },
): Promise<{ wallMs: number; cpuMs: number | null }> {
  const aside = `${TEMPLATE}.aside-${process.pid}`;
  if (!options.template) renameSync(TEMPLATE, aside);
  try {
    return await withNewDataFolder(async (dataDir) => {
      const port = await freePort();
      const server = await ServerProcess.start({
        args: ['--enable-source-maps', path.join(SERVER_ROOT, 'dist', 'main.js')],
        cwd: REPOSITORY_ROOT,
        port,
        env: embeddedEnv(run, port, dataDir),
      });
      await server.stop();
      return { wallMs: server.startupMs, cpuMs: server.startupCpuMs };
    });
  } finally {
    if (!options.template) renameSync(aside, TEMPLATE);
  }
}

/**
 * `npm start` at the repository root on a built tree with nothing changed, to /api/ready, on a new
 * embedded database: what someone who has just built the app waits for. The first start may still
 * have to build (the runner's own build does not record the inputs npm start checks), so the figure
 * is the start after it. Null when not run through npm (npm_execpath unset).
 */
export async function measureNpmStart(run: BenchRun): Promise<number | null> {
  const npm = process.env.npm_execpath;
  if (!npm) return null;
  const times: number[] = [];
  for (let start = 0; start < 2; start++) {
    times.push(
      await withNewDataFolder(async (dataDir) => {
        const port = await freePort();
        const server = await ServerProcess.start({
          args: [npm, 'start', '--silent'],
          cwd: REPOSITORY_ROOT,
          port,
          env: embeddedEnv(run, port, dataDir),
          processGroup: true,
        });
        await server.stop();
        return server.startupMs;
      }),
    );
  }
  return times.at(-1) ?? null;
}
