// `npm start`: builds what changed, then runs the server in this process.
//
// turbo answers a build with nothing changed from its cache, but starting it and restoring its
// outputs takes seconds. This script fingerprints the build's inputs (path, size and modification
// time of every source file of the three packages, the root manifests, VITE_API_URL) and skips turbo
// when they match the last successful build and its outputs are there.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['shared', 'server', 'web'];
const ROOT_FILES = ['package.json', 'package-lock.json', 'turbo.json', 'tsconfig.base.json'];
/** Folders that hold no build input: dependencies, outputs, data, reports. */
const NOT_INPUTS = new Set(['node_modules', 'dist', '.data', '.turbo', 'coverage', 'test-results', 'stress-results']);
/** Tests are not build inputs either (turbo.json says the same). */
const TEST_FILE = /\.test\.tsx?$/;
const OUTPUTS = ['server/dist/main.js', 'server/dist/pgdata-template/made-from.json', 'web/dist/index.html'];
const STAMP = path.join(ROOT, 'node_modules', '.cache', 'finailytics-start.json');

function fingerprint() {
  const hash = createHash('sha256');
  hash.update(`VITE_API_URL=${process.env.VITE_API_URL ?? ''}\n`);
  const add = (file) => {
    const stat = statSync(file);
    hash.update(`${path.relative(ROOT, file)} ${stat.size} ${stat.mtimeMs}\n`);
  };
  const visit = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!NOT_INPUTS.has(entry.name)) visit(full);
      } else if (entry.isFile() && !TEST_FILE.test(entry.name)) {
        add(full);
      }
    }
  };
  for (const file of ROOT_FILES) if (existsSync(path.join(ROOT, file))) add(path.join(ROOT, file));
  for (const name of PACKAGES) visit(path.join(ROOT, name));
  return hash.digest('hex');
}

const inputs = fingerprint();
const built = OUTPUTS.every((file) => existsSync(path.join(ROOT, file)));
const previous = existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : null;
if (!built || previous !== inputs) {
  const turbo = path.join(ROOT, 'node_modules', '.bin', 'turbo');
  const build = spawnSync(turbo, ['run', 'build', '--output-logs=errors-only'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, inputs);
}

process.setSourceMapsEnabled(true);
await import(pathToFileURL(path.join(ROOT, 'server', 'dist', 'main.js')).href);
