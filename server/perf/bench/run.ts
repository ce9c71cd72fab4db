/**
 * `npm run bench [-- --quick] [-- --tiers=10k,100k,1M] [-- --only=1,6]`: starts the built server against a fresh
 * database (embedded by default, a scratch database on the PostgreSQL server named by DATABASE_URL),
 * loads it from separate processes with autocannon and prints one table in which every figure
 * stands beside a baseline measured in the same run. The figures are printed, never asserted; a
 * request that fails stops the run with an error. `--only` runs the numbered scenarios alone (the
 * server still starts on a new database and signs its accounts up first).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { login, register } from './api';
import { BenchRun, REPOSITORY_ROOT, SERVER_ROOT, settingsFor } from './context';
import { BenchDatabase } from './database';
import { LoadProcess } from './load';
import { ratio, renderTable, writeResults } from './report';
import { importScenario } from './scenarios/import';
import { formatRows, growthLines, type LedgerResults, ledgerFigures, measureLedgerTier } from './scenarios/ledger';
import { loginScenario } from './scenarios/login';
import { protectedCallScenario } from './scenarios/protected-call';
import { refreshScenario } from './scenarios/refresh';
import {
  measureBareEmbeddedStartup,
  measureBareStartup,
  measureFirstStart,
  measureNpmStart,
} from './scenarios/startup';
import { median } from './stats';

const PASSWORD = 'bench-password-1';
const LOGIN_ACCOUNTS = 20;
/** Below this many new rows the indexes stay in place during the insert; above it they are rebuilt. */
const REBUILD_INDEXES_FROM_ROWS = 50_000;

function parseTiers(value: string): number[] {
  return value.split(',').map((tier) => {
    const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(tier.trim());
    if (!match) throw new Error(`--tiers: cannot read "${tier}" (use e.g. 10k,100k,1M)`);
    const scale = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match[2] ?? ''] ?? 1;
    return Math.round(Number(match[1]) * scale);
  });
}

function machine() {
  const [cpu] = cpus();
  return {
    cpu: cpu?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

function log(message: string): void {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function setUpAccounts(run: BenchRun): Promise<void> {
  const origin = run.server.origin;
  const stamp = Date.now().toString(36);
  const emails = {
    main: `bench-${stamp}@example.com`,
    importer: `bench-import-${stamp}@example.com`,
    logins: Array.from({ length: LOGIN_ACCOUNTS }, (_, index) => `bench-login-${index}-${stamp}@example.com`),
  };
  // Sign-ups go through the API (bcrypt at the configured cost), a few at a time.
  for (const email of [emails.main, emails.importer]) await register(origin, 'Bench User', email, PASSWORD);
  for (let start = 0; start < emails.logins.length; start += 5) {
    await Promise.all(
      emails.logins.slice(start, start + 5).map((email) => register(origin, 'Bench Login', email, PASSWORD)),
    );
  }
  const main = (await login(origin, emails.main, PASSWORD)).account;
  const importer = (await login(origin, emails.importer, PASSWORD)).account;
  run.accounts = {
    main,
    importer,
    logins: emails.logins.map((email) => ({ email, password: PASSWORD })),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const settings = settingsFor(quick);
  const tiersArg = args.find((arg) => arg.startsWith('--tiers='));
  const explicitTiers = tiersArg !== undefined;
  if (tiersArg) settings.tiers = parseTiers(tiersArg.slice('--tiers='.length)).sort((a, b) => a - b);
  const onlyArg = args.find((arg) => arg.startsWith('--only='));
  const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').map(Number)) : null;
  const wants = (scenario: number) => only === null || only.has(scenario);
  const startedAt = new Date();

  log('building the server (server/dist/main.js)');
  const build = spawnSync(process.execPath, ['build.mjs'], { cwd: SERVER_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The server build failed');

  // The one setting read from the environment: where the database is.
  const database = await BenchDatabase.create(process.env.DATABASE_URL || undefined);
  const primary = new LoadProcess();
  const secondary = new LoadProcess();
  const run = new BenchRun(settings, database, primary, secondary);
  const machineAtStart = machine();
  log(
    `${quick ? 'quick' : 'full'} run on ${database.describe()}; ${machineAtStart.cores} cores, load ${machineAtStart.loadAverage.join(' ')}`,
  );

  const interrupt = () => {
    log('interrupted: stopping the server and removing the bench database');
    void run
      .stopServer()
      .finally(() => database.dispose())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);

  const startup: Record<string, number> = {};
  const ledger: LedgerResults = new Map();
  const seeds: Array<{
    rows: number;
    insertMs: number;
    indexMs: number;
    rebuiltIndexes: boolean;
    userRows: number;
    /** From the server's start to its stop: start-up and every query of the tier. */
    measureMs: number;
  }> = [];
  try {
    if (wants(6)) {
      log('scenario 6: start-up baseline (Node + Fastify, nothing else)');
      startup.bare = await measureBareStartup(run);
      log('scenario 6: start-up floor on the embedded database (Node + Fastify + PGlite on a template copy)');
      startup.bareEmbedded = await measureBareEmbeddedStartup(run);
      log("scenario 6: first start on a new embedded database, with and without the build's template");
      const withTemplate = await measureFirstStart(run, { template: true });
      const withoutTemplate = await measureFirstStart(run, { template: false });
      startup.firstWithTemplate = withTemplate.wallMs;
      startup.firstWithoutTemplate = withoutTemplate.wallMs;
      if (withTemplate.cpuMs !== null && withoutTemplate.cpuMs !== null) {
        startup.firstWithTemplateCpu = withTemplate.cpuMs;
        startup.firstWithoutTemplateCpu = withoutTemplate.cpuMs;
      }
      log('scenario 6: npm start on the built tree, new embedded database');
      const npmStart = await measureNpmStart(run);
      if (npmStart === null) run.notes.push('npm start was not measured: run the bench through npm (npm run bench).');
      else startup.npmStart = npmStart;
    }
    log("scenario 6: the server's first start on the run's new database");
    startup.fresh = (await run.startServer()).startupMs;
    await setUpAccounts(run);
    if (!quick && wants(6)) {
      log('scenario 6: restarts on the empty, migrated database');
      startup.empty = median(await run.restartTimes(settings.startup.repeats));
    }

    if (wants(1)) {
      log('scenario 1: protected call overhead');
      await protectedCallScenario(run);
    }
    if (wants(2)) {
      log('scenario 2: login under load');
      await loginScenario(run);
    }
    if (wants(3)) {
      log('scenario 3: refresh');
      await refreshScenario(run);
    }
    await run.stopServer();

    const { main: account } = run.accounts;
    let seeded = 0;
    for (const rows of wants(4) || wants(5) ? settings.tiers : []) {
      const rebuildIndexes = rows - seeded >= REBUILD_INDEXES_FROM_ROWS;
      const previous = seeds.at(-1);
      if (database.kind === 'pglite' && previous && !explicitTiers) {
        // Project this tier from the last one: its seeding rate, and the time its start and queries took.
        const perRowMs =
          (previous.insertMs + previous.indexMs) / Math.max(1, previous.rows - (seeds.at(-2)?.rows ?? 0));
        const projectedSeconds = ((perRowMs * (rows - seeded) + previous.measureMs) * 1.15) / 1000;
        if (run.elapsedSeconds() + projectedSeconds > settings.budgetSeconds) {
          run.notes.push(
            `The ${formatRows(rows)} tier was not run on the embedded database: seeding and measuring it was projected at ${Math.round(projectedSeconds)} s, ` +
              `past the run's ${settings.budgetSeconds} s budget (${Math.round(run.elapsedSeconds())} s already spent). ` +
              `Set DATABASE_URL to run every tier on a PostgreSQL server, or force it with --tiers=${settings.tiers.map(formatRows).join(',')}.`,
          );
          break;
        }
      }
      log(
        `scenario 4: seeding ${formatRows(rows)} transactions with bulk SQL${rebuildIndexes ? ' (indexes rebuilt after)' : ''}`,
      );
      const seed = await database.seedLedger(account.userId, seeded, rows, { rebuildIndexes });
      if (seed.userRows !== rows) throw new Error(`Seeded ${seed.userRows} rows where ${rows} were meant`);
      seeded = rows;

      const tierStarted = performance.now();
      startup[`rows${rows}`] = (await run.startServer()).startupMs;
      if (rows === settings.tiers[0]) {
        log('scenario 5: CSV import');
        // The first tier's insert normally keeps its indexes, as an import does: the database's own bulk speed.
        const bulkInsertMs = ((seed.insertMs + (rebuildIndexes ? seed.indexMs : 0)) * settings.import.rows) / rows;
        await importScenario(run, bulkInsertMs);
      }
      log(`scenario 4: ledger queries at ${formatRows(rows)} rows`);
      await measureLedgerTier(run, rows, ledger);
      if (rows === settings.tiers.at(-1) && settings.startup.repeats > 1) {
        log(`scenario 6: restarts on the ${formatRows(rows)}-row ledger`);
        const times = [startup[`rows${rows}`] ?? Number.NaN, ...(await run.restartTimes(settings.startup.repeats - 1))];
        startup[`rows${rows}`] = median(times);
      }
      await run.stopServer();
      seeds.push({ rows, rebuiltIndexes: rebuildIndexes, ...seed, measureMs: performance.now() - tierStarted });
    }

    for (const figure of ledgerFigures(ledger)) run.add(figure);
    const scenario = '6 Start-up';
    const addStartup = (measure: string, value: number | undefined, label: string, baseline: number | undefined) =>
      run.add({
        scenario,
        measure,
        value: value ?? Number.NaN,
        unit: 'ms',
        baseline: { label, value: baseline ?? Number.NaN },
      });
    if (wants(6)) {
      addStartup(
        'to /api/ready, new embedded database',
        startup.firstWithTemplate,
        "without the build's template (initdb + migrations)",
        startup.firstWithoutTemplate,
      );
      addStartup(
        'to /api/ready, new embedded database',
        startup.firstWithTemplate,
        'bare Node + Fastify + PGlite on a template copy',
        startup.bareEmbedded,
      );
      if (startup.firstWithTemplateCpu !== undefined) {
        addStartup(
          'server CPU time to /api/ready, new embedded database',
          startup.firstWithTemplateCpu,
          "without the build's template",
          startup.firstWithoutTemplateCpu,
        );
      }
      if (startup.npmStart !== undefined) {
        addStartup(
          'npm start to /api/ready, built tree, new database',
          startup.npmStart,
          'bare Node + Fastify',
          startup.bare,
        );
      }
      addStartup("to /api/ready, the run's new database", startup.fresh, 'bare Node + Fastify', startup.bare);
    }
    if (startup.empty !== undefined) {
      run.add({
        scenario,
        measure: 'to /api/ready, empty database',
        value: startup.empty,
        unit: 'ms',
        baseline: { label: 'bare Node + Fastify', value: startup.bare ?? Number.NaN },
      });
    }
    // Against the empty database's restart; a quick run skips that, so against the new database's start.
    const emptyStart = startup.empty ?? startup.fresh ?? Number.NaN;
    for (const { rows } of seeds) {
      run.add({
        scenario,
        measure: `to /api/ready, ${formatRows(rows)}-row ledger`,
        value: startup[`rows${rows}`] ?? Number.NaN,
        unit: 'ms',
        baseline: { label: startup.empty === undefined ? 'new database' : 'empty database', value: emptyStart },
      });
    }
  } finally {
    await run.stopServer().catch(() => {});
    primary.close();
    secondary.close();
    await database.dispose();
  }

  // Scenarios in their numbered order; figures within one keep the order they were measured in.
  const scenarioNumber = (scenario: string) => Number.parseInt(scenario, 10);
  const figures = [...run.figures].sort((a, b) => scenarioNumber(a.scenario) - scenarioNumber(b.scenario));
  const table = renderTable(figures);
  const machineAtEnd = machine();
  const lines = [
    '',
    `FinAIlytics benchmark, ${quick ? 'quick' : 'full'} run, ${startedAt.toISOString()}`,
    `Machine: ${machineAtStart.cpu}, ${machineAtStart.cores} cores, ${machineAtStart.memoryGiB} GiB, ${machineAtStart.os}, Node ${machineAtStart.node}; ` +
      `load average ${machineAtStart.loadAverage.join(' ')} at start, ${machineAtEnd.loadAverage.join(' ')} at end`,
    `Database: ${database.describe()}. Ratio = value / baseline; both measured in this run.`,
    '',
    table,
    '',
    ...growthLines(ledger),
    ...(seeds.length
      ? [
          `Seeding: ${seeds
            .map(
              (seed) =>
                `${formatRows(seed.rows)} in ${((seed.insertMs + seed.indexMs) / 1000).toFixed(1)} s${seed.rebuiltIndexes ? ` (index rebuild and VACUUM ${(seed.indexMs / 1000).toFixed(1)} s)` : ''}`,
            )
            .join(', ')}`,
        ]
      : []),
    ...run.notes.map((note) => `Note: ${note}`),
    `Total ${Math.round(run.elapsedSeconds())} s.`,
  ];
  console.log(lines.join('\n'));
  const file = writeResults(REPOSITORY_ROOT, startedAt, {
    startedAt: startedAt.toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: { atStart: machineAtStart, atEnd: machineAtEnd },
    database: { kind: database.kind, description: database.describe() },
    settings,
    seeds,
    startup,
    ledger: Object.fromEntries([...ledger].map(([rows, tier]) => [rows, Object.fromEntries(tier)])),
    figures: figures.map((figure) => ({ ...figure, ratio: ratio(figure) })),
    details: run.details,
    notes: run.notes,
    totalSeconds: run.elapsedSeconds(),
  });
  console.log(`Results: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
