/**
 * `npx tsx perf/receipts/generate.ts [--samples]` (from server/): renders the receipts benchmark set
 * to perf/receipts/out/ (gitignored) with its truth.json. The set follows from a fixed seed, so every
 * run draws the same receipts. `--samples` also rewrites perf/receipts/samples/: a few of the
 * receipts, committed so tests and browser flows have real receipt images without Chromium.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReceiptRenderer } from './render';
import { type ReceiptTruth, receiptSet } from './set';

export const RECEIPTS_ROOT = path.dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = path.join(RECEIPTS_ROOT, 'out');
export const SAMPLES_DIR = path.join(RECEIPTS_ROOT, 'samples');

/**
 * The committed samples, chosen to cover both formats, card and cash, a turned and blurred photo with
 * a tip, a euro amount with a decimal comma, a total over a thousand and a receipt with no payment line.
 */
const SAMPLE_FILES = new Set([
  'r07-marktplatz-frischemarkt.jpg',
  'r12-metro-electronics.png',
  'r17-corner-bean-cafe.jpg',
  'r27-metro-electronics.jpg',
  'r28-the-olive-tree-bistro.jpg',
  'r30-happy-paws-pet-store.png',
]);
/** Samples live in git: keep each one small. */
const SAMPLE_MAX_BYTES = 150 * 1024;

function log(message: string): void {
  console.error(`[receipts ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

export async function generateReceipts(options: { samples?: boolean } = {}): Promise<ReceiptTruth[]> {
  const set = receiptSet();
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const samples: ReceiptTruth[] = [];
  if (options.samples) {
    rmSync(SAMPLES_DIR, { recursive: true, force: true });
    mkdirSync(SAMPLES_DIR, { recursive: true });
  }
  const renderer = await ReceiptRenderer.start();
  try {
    for (const spec of set) {
      const image = await renderer.render(spec);
      writeFileSync(path.join(OUT_DIR, spec.truth.file), image);
      if (options.samples && SAMPLE_FILES.has(spec.truth.file)) {
        if (image.byteLength > SAMPLE_MAX_BYTES)
          throw new Error(`Sample ${spec.truth.file} is ${image.byteLength} bytes, over ${SAMPLE_MAX_BYTES}`);
        writeFileSync(path.join(SAMPLES_DIR, spec.truth.file), image);
        samples.push(spec.truth);
      }
      log(`${spec.truth.file} ${(image.byteLength / 1024).toFixed(0)} KB`);
    }
  } finally {
    await renderer.close();
  }
  const truths = set.map((spec) => spec.truth);
  writeFileSync(path.join(OUT_DIR, 'truth.json'), `${JSON.stringify(truths, null, 2)}\n`);
  if (options.samples) {
    if (samples.length !== SAMPLE_FILES.size) throw new Error('A sample named in SAMPLE_FILES is not in the set');
    writeFileSync(path.join(SAMPLES_DIR, 'truth.json'), `${JSON.stringify(samples, null, 2)}\n`);
  }
  return truths;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  generateReceipts({ samples: process.argv.includes('--samples') })
    .then((truths) => {
      log(`${truths.length} receipts in ${((performance.now() - started) / 1000).toFixed(1)} s → ${OUT_DIR}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    });
}
