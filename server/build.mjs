// Bundles the server into dist/main.js. Dependencies stay in node_modules; only the workspace's own
// TypeScript (this package and @finailytics/shared) is compiled in.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
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
