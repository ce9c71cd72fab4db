import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const resultsDir = path.resolve(import.meta.dirname, '..', '..', '..', 'stress-results');

/** Prints a figure line (the CI log keeps it) and keeps the details in stress-results/<name>.json. */
export function reportStress(name: string, line: string, details: unknown): void {
  console.log(`[stress] ${name}: ${line}`);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(details, null, 2)}\n`);
}
