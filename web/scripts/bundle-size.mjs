// Prints what the browser downloads on the first visit (the entry chunk and the chunks it imports
// statically, read from Vite's manifest), gzipped, and fails the build past the budget. Pages load
// lazily and are listed separately.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 300 * 1024;
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));

const gzipped = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
if (!entry) throw new Error('No entry chunk in the Vite manifest');

const initial = new Set();
const visit = (chunk) => {
  if (initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const key of chunk.imports ?? []) visit(manifest[key]);
};
visit(entry);

const initialBytes = [...initial].reduce((sum, file) => sum + gzipped(file), 0);
const css = [...new Set(Object.values(manifest).flatMap((chunk) => chunk.css ?? []))];
const lazy = Object.values(manifest).filter((chunk) => chunk.file.endsWith('.js') && !initial.has(chunk.file));

console.log('\nBundle size (gzip -9)');
for (const file of initial) console.log(`  initial  ${kb(gzipped(file)).padStart(9)}  ${file}`);
for (const file of css) console.log(`  css      ${kb(gzipped(file)).padStart(9)}  ${file}`);
for (const chunk of lazy.sort((a, b) => gzipped(b.file) - gzipped(a.file))) {
  console.log(
    `  lazy     ${kb(gzipped(chunk.file)).padStart(9)}  ${chunk.file}${chunk.name ? ` (${chunk.name})` : ''}`,
  );
}
console.log(`Initial JavaScript: ${kb(initialBytes)} gzipped (budget ${kb(BUDGET_BYTES)})\n`);
if (initialBytes > BUDGET_BYTES) {
  console.error(`Initial JavaScript is over budget by ${kb(initialBytes - BUDGET_BYTES)}`);
  process.exit(1);
}
