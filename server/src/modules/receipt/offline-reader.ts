import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Page, Worker } from 'tesseract.js';
import { AppError } from '../../lib/errors';
import { recordReceiptScan, recordReceiptScansInFlight } from '../../lib/metrics';
import { extractReceipt, receiptLines } from './receipt.extraction';
import type { ReceiptReader, ReceiptReading } from './receipt-reader';

/**
 * sharp (with libvips) and tesseract.js load with the first receipt, not with the server: libvips
 * alone took 130 ms of every start, for a feature many people never use.
 */
export async function loadSharp() {
  return (await import('sharp')).default;
}

/**
 * The English model shipped in the @tesseract.js-data/eng package: the integer LSTM model, read from
 * node_modules. Nothing is downloaded, and nothing is cached to disk (cacheMethod 'none').
 */
function englishModelPath(): string {
  const entry = createRequire(import.meta.url).resolve('@tesseract.js-data/eng');
  return path.join(path.dirname(entry), '4.0.0_best_int');
}

/** At most cores − 1 recognisers (at least one), so the event loop and the database keep a core. */
export function defaultReceiptWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Scans waiting for a recogniser, beyond those being read, before new ones are turned away. */
export const DEFAULT_RECEIPT_QUEUE = 4;

/** Images with more pixels than this are refused before they are decoded in full (a decompression bomb). */
export const RECEIPT_MAX_PIXELS = 40_000_000;

/**
 * Width the image is scaled to before recognition. A till roll prints 32–48 characters a line, so at
 * this width a line of text is about 30 px high, the height the recogniser reads best; a photo with a
 * wide margin is scaled less than a tight crop would need, which the recogniser tolerates. On the
 * benchmark set (perf/receipts) 760 px read every field as well as 900 px did, a third faster.
 */
const OCR_WIDTH = 760;
/** Never enlarge more than this: a tiny image scaled up only grows its blur. */
const OCR_MAX_UPSCALE = 3;
/** Long side cap for recognition: a tall receipt photographed at high resolution stays affordable. */
const OCR_MAX_HEIGHT = 6000;

/** Grey, EXIF-rotated, contrast-stretched and scaled: what the recogniser reads best. */
export async function prepareForRecognition(image: Uint8Array): Promise<Buffer> {
  const sharp = await loadSharp();
  try {
    const source = sharp(image, { limitInputPixels: RECEIPT_MAX_PIXELS }).autoOrient();
    const { autoOrient } = await source.metadata();
    const scale = Math.min(OCR_WIDTH / autoOrient.width, OCR_MAX_UPSCALE, OCR_MAX_HEIGHT / autoOrient.height);
    return await source
      .greyscale()
      .normalise()
      .resize({ width: Math.max(1, Math.round(autoOrient.width * scale)), kernel: 'lanczos3' })
      .png({ compressionLevel: 1 })
      .toBuffer();
  } catch (error) {
    throw new AppError('BAD_REQUEST', 'The file could not be read as an image', { cause: error });
  }
}

/** Each recognised line with the recogniser's confidence (0–1), in reading order. */
function pageLines(page: Page): { text: string; confidences: number[] } {
  const lines = (page.blocks ?? []).flatMap((block) => block.paragraphs.flatMap((paragraph) => paragraph.lines));
  if (lines.length === 0) return { text: page.text, confidences: [] };
  return {
    text: lines.map((line) => line.text.replace(/\n/g, ' ').trim()).join('\n'),
    confidences: lines.map((line) => Math.max(0, Math.min(1, line.confidence / 100))),
  };
}

/** A reading with every field null: an image with no receipt on it. */
function emptyReading(text: string): ReceiptReading {
  return {
    fields: { title: null, amountCents: null, date: null, paymentMethod: null, description: null },
    confidence: { title: 0, amount: 0, date: 0, paymentMethod: 0, overall: 0 },
    text,
  };
}

/** Recognised text longer than this is cut: a receipt has far less, and the rules stay bounded. */
const TEXT_MAX_CHARS = 20_000;

/**
 * The longest one recognition may take. A receipt takes one or two seconds; an image of noise can keep the
 * recogniser searching for text for minutes. Past this the worker is stopped (and replaced for the next
 * scan) and the image reads as one with no receipt on it.
 */
export const RECOGNITION_TIMEOUT_MS = 20_000;

class RecognitionTimeout extends Error {}

class OfflineReceiptReader implements ReceiptReader {
  readonly #workers: number;
  readonly #queueLimit: number;
  /** Runs at most #workers recognitions at once; the rest wait in its queue. */
  readonly #limit: LimitFunction;
  /** Started recognisers not reading anything now, kept for the next scan. */
  readonly #idle: Worker[] = [];
  #pending = 0;
  #closed = false;
  /** Recent seconds per scan, to tell a turned-away client how long to wait. */
  #secondsPerScan = 2;

  constructor(options: { workers?: number; queueLimit?: number }) {
    this.#workers = Math.max(1, Math.min(options.workers ?? defaultReceiptWorkers(), defaultReceiptWorkers()));
    this.#queueLimit = Math.max(0, options.queueLimit ?? DEFAULT_RECEIPT_QUEUE);
    this.#limit = pLimit(this.#workers);
  }

  async #startWorker(): Promise<Worker> {
    try {
      const { createWorker, OEM, PSM } = await import('tesseract.js');
      const worker = await createWorker('eng', OEM.LSTM_ONLY, {
        langPath: englishModelPath(),
        cacheMethod: 'none',
        gzip: true,
      });
      // One uniform block: a receipt's label and its price stay on one line. Automatic layout analysis
      // splits the price column into a block of its own (or drops it), losing which price is the total.
      await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '0' });
      return worker;
    } catch (error) {
      throw new AppError('SERVICE_UNAVAILABLE', 'The receipt reader could not start', { cause: error });
    }
  }

  /** Recognises on an idle recogniser (or a new one); one that failed or ran too long is stopped, not reused. */
  #recognize(prepared: Buffer): Promise<Page> {
    return this.#limit(async () => {
      if (this.#closed) throw new AppError('SERVICE_UNAVAILABLE', 'The receipt reader is shutting down');
      const worker = this.#idle.pop() ?? (await this.#startWorker());
      let reusable = false;
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new RecognitionTimeout()), RECOGNITION_TIMEOUT_MS);
        });
        const result = await Promise.race([worker.recognize(prepared, {}, { text: true, blocks: true }), timeout]);
        reusable = true;
        return result.data;
      } finally {
        clearTimeout(timer);
        if (reusable && !this.#closed) this.#idle.push(worker);
        else void worker.terminate().catch(() => undefined);
      }
    });
  }

  async read(image: Uint8Array, context: { locale: string }): Promise<ReceiptReading> {
    if (this.#closed) throw new AppError('SERVICE_UNAVAILABLE', 'The receipt reader is shutting down');
    if (this.#pending >= this.#workers + this.#queueLimit) {
      const waiting = this.#pending - this.#workers + 1;
      recordReceiptScan('busy');
      throw new AppError('TOO_MANY_REQUESTS', 'The receipt reader is busy. Please try again in a few seconds.', {
        retryAfterSeconds: Math.max(1, Math.ceil((waiting * this.#secondsPerScan) / this.#workers)),
      });
    }
    this.#pending++;
    recordReceiptScansInFlight(this.#pending);
    const started = performance.now();
    let outcome: 'read' | 'failed' = 'failed';
    try {
      const prepared = await prepareForRecognition(image);
      let page: Page;
      try {
        page = await this.#recognize(prepared);
      } catch (error) {
        if (error instanceof RecognitionTimeout) {
          outcome = 'read';
          return emptyReading('');
        }
        throw error;
      }
      const { text, confidences } = pageLines(page);
      const bounded = text.slice(0, TEXT_MAX_CHARS);
      const lines = receiptLines(bounded, confidences);
      const reading =
        lines.length === 0 ? emptyReading('') : { ...extractReceipt(lines, context.locale), text: bounded.trim() };
      outcome = 'read';
      return reading;
    } finally {
      this.#pending--;
      recordReceiptScansInFlight(this.#pending);
      recordReceiptScan(outcome, performance.now() - started);
      const seconds = (performance.now() - started) / 1000;
      this.#secondsPerScan = this.#secondsPerScan * 0.8 + seconds * 0.2;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#limit.clearQueue();
    const idle = this.#idle.splice(0);
    await Promise.all(idle.map((worker) => worker.terminate().catch(() => undefined)));
  }
}

/**
 * The default reader: Tesseract (tesseract.js, WebAssembly in worker threads, so recognition never runs on
 * the event loop) with the English model from npm, after sharp has prepared the image (also off the loop,
 * in libuv's pool). A pool of `workers` recognisers (at most cores − 1) starts with the first scans and is
 * reused; up to `queueLimit` more scans wait for one, and a scan beyond that is turned away with
 * TOO_MANY_REQUESTS and a Retry-After estimated from recent scan times.
 */
export function createOfflineReceiptReader(options: { workers?: number; queueLimit?: number } = {}): ReceiptReader {
  return new OfflineReceiptReader(options);
}
