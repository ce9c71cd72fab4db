// Bundles the server into dist/main.js. Dependencies stay in node_modules; only the workspace's own
// TypeScript (this package and @finailytics/shared) is compiled in. Then makes dist/pgdata-template,
// the migrated embedded database a new install copies instead of creating one at first start.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

// Chunks are named by content hash; the last build's would otherwise pile up beside the new ones.
if (existsSync('dist')) {
  for (const name of readdirSync('dist')) if (/\.js(\.map)?$/.test(name)) rmSync(`dist/${name}`);
}

/**
 * Packages left in node_modules: those that load files of their own at run time (PGlite's
 * WebAssembly and data, tesseract's worker and model, pino's transport threads) or native code
 * (bcrypt, sharp); pg-native is pg's optional native driver, not installed; and those the server
 * imports on first use (`import()`), which are not on the start's path and which a bundle would
 * hand over as a default export only, without the named exports Node finds (ioredis's `Redis`).
 * Everything else is bundled: finding and reading a few thousand small files in node_modules
 * (Fastify alone requires a hundred) was most of the time a start spent loading code.
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  'bcrypt',
  'sharp',
  'tesseract.js',
  '@tesseract.js-data/eng',
  'pino',
  'pino-pretty',
  'pg-native',
  'ioredis',
  '@zxcvbn-ts/language-common',
  'nodemailer',
  'qrcode',
];

/** What bundled CommonJS packages expect of a module: `require`, `__filename` and `__dirname`. */
const COMMONJS_GLOBALS = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  'const require = __createRequire(import.meta.url);',
  'const __filename = __fileURLToPath(import.meta.url);',
  "const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
].join('\n');

await build({
  entryPoints: { main: 'src/main.ts', 'db-template': 'src/db/make-template.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The server's modules load while the database opens (main.ts): each dynamic import is a chunk of its own.
  splitting: true,
  target: 'node20',
  external: EXTERNAL,
  banner: { js: COMMONJS_GLOBALS },
  // Stack traces need only the maps' lines, not a copy of every source: Node reads the maps at each
  // start when source maps are on, and the bundled packages would make them several times larger.
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});

// The template depends only on the migrations and the PGlite release; it is remade when either changes.
const TEMPLATE = 'dist/pgdata-template';
const STAMP = `${TEMPLATE}/made-from.json`;
/** The installed PGlite release (its package.json is not exported, so found beside its entry point). */
function pgliteVersion() {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}
const madeFrom = JSON.stringify({
  pglite: pgliteVersion(),
  // What src/db/template.ts leaves besides the migrations; changing it remakes the template.
  databases: ['postgres'],
  migrations: JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')).entries.map((entry) => entry.tag),
});
if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== madeFrom) {
  const made = spawnSync(process.execPath, ['dist/db-template.js', TEMPLATE], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error('Making the embedded database template failed');
  writeFileSync(STAMP, madeFrom);
}
