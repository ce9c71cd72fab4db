#!/usr/bin/env node
/**
 * Runs the Dockerfile without Docker, so it cannot rot where no Docker engine is available (CI, this
 * repository's own machines): every instruction of every stage, in order, in a scratch directory.
 *
 * - The build context is this repository as `docker build` would send it (.dockerignore applied by
 *   @balena/dockerignore, a port of Docker's own matcher).
 * - Each stage gets a folder standing for its file system; the container paths the Dockerfile uses
 *   (its WORKDIRs and VOLUMEs, e.g. /app and /data) are mapped into it in COPY, RUN, ENV and CMD.
 * - RUN commands run with this machine's Node.js and npm (the script refuses a different major
 *   version than the FROM image's tag) and the stage's ENV.
 * - The last stage's CMD starts as an unprivileged user (the image's `node` user is uid 1000) with the
 *   image's environment plus the secrets production requires, on a loopback port; the script waits
 *   for /api/ready, runs the HEALTHCHECK command, fetches the web app, checks that no development
 *   dependency is left, and stops the server with SIGTERM.
 *
 * What it cannot check: the base image itself (Debian packages, its node binary), layer caching,
 * and that `docker build` accepts the syntax. `node scripts/docker-build-check.mjs --keep` keeps the
 * scratch directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import ignore from '@balena/dockerignore';
import dockerfile from 'docker-file-parser';

const root = path.resolve(import.meta.dirname, '..');
const keep = process.argv.includes('--keep');
/** The node image's unprivileged user, and the id it has there. */
const IMAGE_USERS = { node: { uid: 1000, gid: 1000 } };

const log = (message) => console.log(`[docker-check] ${message}`);
function fail(message) {
  console.error(`[docker-check] FAILED: ${message}`);
  process.exit(1);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'finailytics-docker-check-'));
chmodSync(scratch, 0o755);
let server;
process.on('exit', () => {
  server?.kill('SIGKILL');
  if (!keep) rmSync(scratch, { recursive: true, force: true });
});

/* The build context, as `docker build .` sends it. */
const context = path.join(scratch, 'context');
const ignored = ignore().add(readFileSync(path.join(root, '.dockerignore'), 'utf8'));
let contextFiles = 0;
function copyContext(relative) {
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (ignored.ignores(name)) continue;
    if (entry.isDirectory()) {
      copyContext(name);
    } else {
      cpSync(path.join(root, name), path.join(context, name), { verbatimSymlinks: true });
      contextFiles++;
    }
  }
}
copyContext('');
log(`build context: ${contextFiles} files (.dockerignore applied)`);

/* The stages. */
const instructions = dockerfile.parse(readFileSync(path.join(root, 'Dockerfile'), 'utf8'), { includeComments: false });
const stages = new Map();
let stage;
/** Container paths (WORKDIR, VOLUME) that map into the stage's folder. */
const mountPoints = new Set();
for (const instruction of instructions) {
  if (instruction.name === 'WORKDIR') mountPoints.add(instruction.args.split('/')[1]);
  if (instruction.name === 'VOLUME') for (const volume of instruction.args) mountPoints.add(volume.split('/')[1]);
}
const mountPattern = new RegExp(`(^|[\\s=:"'])/(${[...mountPoints].join('|')})(?=$|[/\\s"'])`, 'g');
/** A container path or a command naming container paths, turned into this machine's. */
const inStage = (text, current = stage) =>
  text.replace(mountPattern, (_, before, top) => `${before}${current.root}/${top}`);
const resolveIn = (current, target) =>
  target.startsWith('/') ? path.join(current.root, target) : path.join(current.root, current.workdir, target);

const userIds = (user) => IMAGE_USERS[user] ?? fail(`USER ${user}: add its uid to IMAGE_USERS`);
const asRoot = process.getuid?.() === 0;

for (const { name, args, lineno } of instructions) {
  const where = `Dockerfile:${lineno} ${name}`;
  switch (name) {
    case 'FROM': {
      const [image, , alias] = args.split(/\s+/);
      const major = /^node:(\d+)/.exec(image)?.[1];
      if (!major) fail(`${where}: only node images are supported, not ${image}`);
      if (major !== process.versions.node.split('.')[0])
        fail(
          `${where}: the image has Node.js ${major}, this machine ${process.versions.node}; run with Node.js ${major}`,
        );
      stage = {
        name: alias ?? String(stages.size),
        root: path.join(scratch, 'stages', alias ?? String(stages.size)),
        workdir: '/',
        env: {},
        user: 'root',
      };
      mkdirSync(stage.root, { recursive: true });
      stages.set(stage.name, stage);
      log(`stage ${stage.name} (${image})`);
      break;
    }
    case 'ARG':
    case 'EXPOSE':
    case 'LABEL':
      break;
    case 'ENV':
      for (const [key, value] of Object.entries(args)) stage.env[key] = inStage(value);
      break;
    case 'WORKDIR':
      stage.workdir = args;
      mkdirSync(resolveIn(stage, args), { recursive: true });
      break;
    case 'VOLUME':
      for (const volume of args) mkdirSync(resolveIn(stage, volume), { recursive: true });
      stage.volumes = args;
      break;
    case 'USER':
      stage.user = args;
      break;
    case 'COPY': {
      const flags = args.filter((arg) => arg.startsWith('--'));
      const paths = args.filter((arg) => !arg.startsWith('--'));
      const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
      const source = from ? stages.get(from) : undefined;
      if (from && !source) fail(`${where}: no stage named ${from}`);
      const destination = paths.pop();
      const target = resolveIn(stage, destination);
      for (const item of paths) {
        const origin = source ? resolveIn(source, item) : path.join(context, item);
        if (!existsSync(origin))
          fail(`${where}: ${item} does not exist${source ? ` in stage ${from}` : ' in the build context'}`);
        const intoFolder = statSync(origin).isDirectory() || destination.endsWith('/') || destination === '.';
        const to = intoFolder && !statSync(origin).isDirectory() ? path.join(target, path.basename(item)) : target;
        cpSync(origin, to, { recursive: true, verbatimSymlinks: true });
      }
      break;
    }
    case 'RUN': {
      let command = inStage(args);
      if (asRoot) {
        for (const [user, ids] of Object.entries(IMAGE_USERS))
          command = command.replaceAll(`${user}:${user}`, `${ids.uid}:${ids.gid}`);
      } else {
        // Without root, files are already the current user's, who will also run the server.
        command = command.replace(/chown [^&;|]+/g, 'true');
      }
      log(`RUN ${args}`);
      const started = Date.now();
      const result = spawnSync('sh', ['-c', command], {
        cwd: resolveIn(stage, stage.workdir),
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...stage.env },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (result.status !== 0) fail(`${where} exited with ${result.status ?? result.signal}: ${args}`);
      log(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      break;
    }
    case 'HEALTHCHECK': {
      const form = /\bCMD\s+(\[.*\])\s*$/s.exec(args)?.[1];
      if (!form) fail(`${where}: write the command in exec form, CMD ["…"]`);
      stage.healthcheck = JSON.parse(form);
      break;
    }
    case 'CMD':
      stage.cmd = args;
      break;
    default:
      fail(`${where}: this check does not know ${name}; teach it or use the instructions it knows`);
  }
}

/* The image, started as it would be. */
const image = stage;
if (image.user === 'root') fail('the final stage runs as root; add USER node');
if (!image.cmd) fail('the final stage has no CMD');
if (!image.healthcheck) fail('the final stage has no HEALTHCHECK');
for (const devOnly of [
  'vitest',
  'esbuild',
  'vite',
  'turbo',
  'tsx',
  'drizzle-kit',
  'playwright-core',
  '@biomejs/biome',
]) {
  if (existsSync(path.join(image.root, 'app', 'node_modules', devOnly)))
    fail(`the image holds the development dependency ${devOnly}`);
}
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const runtimeEnv = {
  PATH: process.env.PATH,
  ...image.env,
  // Loopback only here; in a container the image's HOST=0.0.0.0 applies.
  HOST: '127.0.0.1',
  PORT: String(port),
  JWT_SECRET: 'docker-check-access-secret-'.padEnd(48, 'a'),
  JWT_REFRESH_SECRET: 'docker-check-refresh-secret-'.padEnd(48, 'r'),
  TWO_FACTOR_ENCRYPTION_KEY: 'docker-check-two-factor-key-'.padEnd(48, 'k'),
  SCHEDULER_INTERVAL_SECONDS: '0',
};
// Every folder above the image must be passable for the unprivileged user.
for (let dir = image.root; dir !== path.dirname(dir) && dir.startsWith(scratch); dir = path.dirname(dir))
  chmodSync(dir, 0o755);
const ids = userIds(image.user);
const [program, ...programArgs] = image.cmd;
const launch = asRoot
  ? ['setpriv', [`--reuid=${ids.uid}`, `--regid=${ids.gid}`, '--clear-groups', program, ...programArgs]]
  : [program, programArgs];
log(`CMD ${image.cmd.join(' ')} as ${asRoot ? `uid ${ids.uid}` : 'the current user'}, DATA_DIR=${image.env.DATA_DIR}`);
server = spawn(launch[0], launch[1], {
  cwd: resolveIn(image, image.workdir),
  env: runtimeEnv,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
server.stdout.on('data', (chunk) => (output += chunk));
server.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(signal ?? code)));

const origin = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 120_000;
let ready = false;
while (!ready && Date.now() < deadline) {
  if (server.exitCode !== null)
    fail(`the server exited (${server.exitCode}) before it was ready:\n${output.slice(-3000)}`);
  ready = await fetch(`${origin}/api/ready`).then(
    (response) => response.status === 200,
    () => false,
  );
  if (!ready) await sleep(250);
}
if (!ready) fail(`/api/ready did not answer 200 within 120 s:\n${output.slice(-3000)}`);
const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
if (asRoot && Number(uid) !== ids.uid) fail(`the server runs as uid ${uid}, not ${ids.uid}`);
log(`/api/ready answered 200 (server uid ${uid})`);

const [checkProgram, ...checkArgs] = image.healthcheck;
const health = spawnSync(checkProgram, checkArgs, { env: runtimeEnv, timeout: 3_000 });
if (health.status !== 0) fail(`HEALTHCHECK exited with ${health.status}: ${health.stderr}`);
log('HEALTHCHECK passed');

const page = await fetch(`${origin}/`);
const html = await page.text();
if (page.status !== 200 || !html.includes('<div id="root">')) fail(`GET / answered ${page.status} without the web app`);
log('GET / serves the built web app');
const dataFiles = readdirSync(image.env.DATA_DIR);
if (!dataFiles.includes('pgdata')) fail(`the embedded database is not in the volume (${dataFiles.join(', ')})`);
log(`the embedded database lives in the volume (${dataFiles.join(', ')})`);

server.kill('SIGTERM');
const ending = await Promise.race([exited, sleep(15_000).then(() => 'timeout')]);
if (ending !== 0) fail(`SIGTERM ended the server with ${ending}:\n${output.slice(-3000)}`);
log('SIGTERM: the server stopped cleanly');
log(`passed${keep ? `; kept ${scratch}` : ''}`);
