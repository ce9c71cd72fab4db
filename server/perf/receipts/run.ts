/**
 * `npm run bench:receipts [-- --regenerate] [-- --dir=perf/receipts/samples]`: reads every receipt of the
 * benchmark set with the reader the server uses (one recogniser, one receipt at a time) and prints how
 * many totals, dates, merchants and payment methods it got right, the scan times, and every miss beside
 * the recognised line that should have carried it. The set is rendered first when perf/receipts/out/ has
 * none (or with --regenerate); --dir reads another folder with a truth.json, such as the committed
 * samples. Figures are printed and written to perf/receipts/results.json (gitignored), never asserted.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { createOfflineReceiptReader, type ReceiptReading } from '../../src/modules/receipt/receipt-reader';
import { percentile } from '../bench/stats';
import { generateReceipts, OUT_DIR, RECEIPTS_ROOT } from './generate';
import { FIELDS, type Field, type FieldMiss, scoreReading } from './score';
import type { ReceiptTruth } from './set';

const TARGETS: Record<Field, number | null> = { total: 0.95, date: 0.95, merchant: 0.9, paymentMethod: null };
const FIELD_NAMES: Record<Field, string> = {
  total: 'Total (exact cents)',
  date: 'Date (YYYY-MM-DD)',
  merchant: 'Merchant (case, accents, spaces ignored)',
  paymentMethod: 'Payment method (CARD / CASH / none)',
};
const MEDIAN_TARGET_MS = 2000;

interface ReceiptResult {
  file: string;
  locale: string;
  ms: number;
  reading: ReceiptReading | null;
  error: string | null;
  misses: FieldMiss[];
  traits: ReceiptTruth['traits'];
}

function log(message: string): void {
  console.error(`[receipts ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function machine() {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (rightAligned.has(column) ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function describeTraits(traits: ReceiptTruth['traits']): string {
  return [
    traits.format === 'jpeg' ? `JPEG q${traits.jpegQuality}` : 'PNG',
    `${traits.font} ${traits.fontSizePx}px ×${traits.scale}`,
    `${traits.paperMm} mm`,
    traits.rotationDeg ? `${traits.rotationDeg}°` : null,
    traits.blurPx ? `blur ${traits.blurPx}px` : null,
    traits.photoMargin ? 'photo margin' : null,
  ]
    .filter((part) => part !== null)
    .join(', ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirArg = args.find((arg) => arg.startsWith('--dir='));
  const folder = dirArg ? path.resolve(dirArg.slice('--dir='.length)) : OUT_DIR;
  const truthFile = path.join(folder, 'truth.json');
  if (!dirArg && (args.includes('--regenerate') || !existsSync(truthFile))) {
    log(`rendering the receipts set in Chromium to ${path.relative(process.cwd(), folder)}`);
    await generateReceipts();
  }
  const truths = JSON.parse(readFileSync(truthFile, 'utf8')) as ReceiptTruth[];
  const images = truths.map((truth) => new Uint8Array(readFileSync(path.join(folder, truth.file))));
  const first = truths[0];
  const firstImage = images[0];
  if (!first || !firstImage) throw new Error(`${truthFile} lists no receipts`);

  const startedAt = new Date();
  const machineAtStart = machine();
  log(`${truths.length} receipts; ${machineAtStart.cores} cores, load ${machineAtStart.loadAverage.join(' ')}`);
  // One recogniser, as on a server whose other core serves requests; scans one after another.
  const reader = createOfflineReceiptReader({ workers: 1 });
  const results: ReceiptResult[] = [];
  let warmUpMs: number;
  try {
    // The first scan also starts the recogniser and loads the model: reported alone, then scanned again.
    const warmUpStarted = performance.now();
    await reader.read(firstImage, { locale: first.locale });
    warmUpMs = performance.now() - warmUpStarted;
    log(`warm-up scan of ${first.file}: ${Math.round(warmUpMs)} ms`);

    for (const [index, truth] of truths.entries()) {
      const image = images[index];
      if (!image) continue;
      const started = performance.now();
      let reading: ReceiptReading | null = null;
      let error: string | null = null;
      try {
        reading = await reader.read(image, { locale: truth.locale });
      } catch (caught) {
        error = caught instanceof Error ? caught.message : String(caught);
      }
      const ms = performance.now() - started;
      const misses = reading
        ? scoreReading(truth, reading.fields, reading.text)
        : FIELDS.map((field) => ({ field, expected: '', read: `error: ${error}`, ocrLine: null }));
      results.push({ file: truth.file, locale: truth.locale, ms, reading, error, misses, traits: truth.traits });
      log(
        `${truth.file} ${Math.round(ms)} ms${misses.length ? `, missed ${misses.map((miss) => miss.field).join(', ')}` : ''}`,
      );
    }
  } finally {
    await reader.close();
  }

  const count = results.length;
  const accuracy = Object.fromEntries(
    FIELDS.map((field) => {
      const right = results.filter((result) => !result.misses.some((miss) => miss.field === field)).length;
      return [field, { right, of: count, share: right / count, target: TARGETS[field] }];
    }),
  ) as Record<Field, { right: number; of: number; share: number; target: number | null }>;
  const times = results.map((result) => result.ms).sort((a, b) => a - b);
  const timing = {
    warmUpMs,
    p50: percentile(times, 0.5),
    p90: percentile(times, 0.9),
    max: times.at(-1) ?? Number.NaN,
    mean: times.reduce((sum, value) => sum + value, 0) / Math.max(1, times.length),
  };
  const machineAtEnd = machine();

  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  const accuracyTable = table(
    ['Field', 'Right', 'Accuracy', 'Target'],
    FIELDS.map((field) => {
      const { right, share, target } = accuracy[field];
      return [
        FIELD_NAMES[field],
        `${right} / ${count}`,
        `${(share * 100).toFixed(1)} %`,
        target === null ? '' : `≥ ${target * 100} % (${verdict(share >= target)})`,
      ];
    }),
    new Set([1, 2]),
  );
  const timingTable = table(
    ['Scan time per receipt', 'Value', 'Target'],
    [
      ['p50', `${Math.round(timing.p50)} ms`, `≤ ${MEDIAN_TARGET_MS} ms (${verdict(timing.p50 <= MEDIAN_TARGET_MS)})`],
      ['p90', `${Math.round(timing.p90)} ms`, ''],
      ['max', `${Math.round(timing.max)} ms`, ''],
      ['first scan (starts the recogniser, loads the model)', `${Math.round(timing.warmUpMs)} ms`, ''],
    ],
    new Set([1]),
  );
  const missLines = results.flatMap((result) =>
    result.misses.map(
      (miss) =>
        `${result.file} [${result.locale}; ${describeTraits(result.traits)}]\n` +
        `  ${miss.field}: expected ${miss.expected}, read ${miss.read}` +
        (miss.ocrLine === null ? '' : `\n  OCR line: ${JSON.stringify(miss.ocrLine)}`),
    ),
  );
  console.log(
    [
      '',
      `Receipts benchmark, ${startedAt.toISOString()}: ${count} receipts from ${path.relative(process.cwd(), folder) || '.'}`,
      `Machine: ${machineAtStart.cpu}, ${machineAtStart.cores} cores, ${machineAtStart.memoryGiB} GiB, ${machineAtStart.os}, Node ${machineAtStart.node}; ` +
        `load average ${machineAtStart.loadAverage.join(' ')} at start, ${machineAtEnd.loadAverage.join(' ')} at end`,
      'Reader: the offline reader, one recogniser, receipts read one after another with the locale of their shop.',
      '',
      accuracyTable,
      '',
      timingTable,
      '',
      missLines.length ? `Misses (${missLines.length}):` : 'No misses.',
      ...missLines,
    ].join('\n'),
  );
  const resultsFile = path.join(RECEIPTS_ROOT, 'results.json');
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        folder,
        machine: { atStart: machineAtStart, atEnd: machineAtEnd },
        accuracy,
        timing,
        receipts: results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`Results: ${resultsFile}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
