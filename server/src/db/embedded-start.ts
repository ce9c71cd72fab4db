/**
 * The first steps of opening the embedded database, which need none of its driver: copying the
 * build's template into a new data folder and compiling PGlite's WebAssembly. `main.ts` starts both
 * before it loads the rest of the server, so they run on the other core while this one loads code.
 * Only Node's own modules are imported here: anything heavier would delay the start it exists to hurry.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** The copy and the compile under way; `createDatabase` waits for both before PGlite starts. */
export interface EmbeddedStart {
  /** True when a new data folder was made as a copy of the template. */
  templateCopy: Promise<boolean>;
  wasmModule: Promise<WebAssembly.Module>;
}

/** Where a data folder keeps the embedded database's cluster. */
export function embeddedDataFolder(dataDir: string): string {
  return path.resolve(dataDir, 'pgdata');
}

export function startEmbeddedDatabase(dataDir: string, templateDir: string | undefined): EmbeddedStart {
  const location = embeddedDataFolder(dataDir);
  mkdirSync(path.dirname(location), { recursive: true });
  return {
    templateCopy: templateDir ? copyTemplate(templateDir, location) : Promise.resolve(false),
    wasmModule: compilePglite(),
  };
}

/** Sets the mode of every folder and file under `root` (a database cluster: no links, bounded depth). */
export function setTreeMode(root: string, folderMode: number, fileMode: number): void {
  chmodSync(root, folderMode);
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? folderMode : fileMode);
  }
}

/**
 * The copy itself, run on a worker thread: about a thousand small files, copied one after another
 * with synchronous calls. Copied asynchronously from the main thread instead, each file waited for a
 * turn of an event loop busy compiling the server's modules, and the copy took three times as long.
 * Plain JavaScript, as a worker evaluated from a string gets it (the same in the bundle and in tests).
 */
const COPY_WORKER = `
const { copyFileSync, chmodSync, constants, mkdirSync, readdirSync } = require('node:fs');
const path = require('node:path');
const { workerData } = require('node:worker_threads');
const { source, target } = workerData;
const files = [];
for (const entry of readdirSync(source, { withFileTypes: true, recursive: true })) {
  const relative = path.relative(source, path.join(entry.parentPath, entry.name));
  if (entry.isDirectory()) mkdirSync(path.join(target, relative), { recursive: true, mode: 0o700 });
  else files.push(relative);
}
for (const relative of files) {
  // A copy-on-write clone where the file system offers one, a plain copy elsewhere.
  copyFileSync(path.join(source, relative), path.join(target, relative), constants.COPYFILE_FICLONE);
  chmodSync(path.join(target, relative), 0o600);
}
`;

function copyOnWorker(source: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(COPY_WORKER, { eval: true, workerData: { source, target } });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`Copying the database template stopped (worker exit code ${code})`));
    });
  });
}

/**
 * Copies the template's cluster into a new data folder: into a sibling first, then renamed into
 * place, so a copy cut short leaves no half cluster that would later pass for the real one. True when
 * it made the copy; false when there is no template or the folder already holds data.
 */
export async function copyTemplate(templateDir: string, location: string): Promise<boolean> {
  const source = path.resolve(templateDir, 'pgdata');
  if (!existsSync(path.join(source, 'PG_VERSION'))) return false;
  if (existsSync(location) && readdirSync(location).length > 0) return false;
  const staging = `${location}.copying-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  // The template is readable by anyone (it holds no one's data); the copy will, so only its owner reads it.
  mkdirSync(staging, { mode: 0o700 });
  try {
    await copyOnWorker(source, staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(location, { recursive: true, force: true });
  renameSync(staging, location);
  return true;
}

/**
 * PGlite's WebAssembly module, compiled on V8's background threads while the template is copied;
 * PGlite would otherwise compile it itself once the files are in place.
 */
export async function compilePglite(): Promise<WebAssembly.Module> {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'pglite.wasm')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  // The compiler's lib has no DOM, so WebAssembly is only a namespace of types there.
  const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } })
    .WebAssembly;
  return wasm.compile(await readFile(path.join(dir, 'pglite.wasm')));
}
