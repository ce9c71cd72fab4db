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

await build({
  entryPoints: { main: 'src/main.ts', 'db-template': 'src/db/template.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The server's modules load while the database opens (main.ts): each dynamic import is a chunk of its own.
  splitting: true,
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@finailytics/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
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
  migrations: JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')).entries.map((entry) => entry.tag),
});
if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== madeFrom) {
  const made = spawnSync(process.execPath, ['dist/db-template.js', TEMPLATE], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error('Making the embedded database template failed');
  writeFileSync(STAMP, madeFrom);
}
