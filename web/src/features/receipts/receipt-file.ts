import { detectImageType, RECEIPT_IMAGE_TYPES, RECEIPT_LIMITS } from '@finailytics/shared';

/** The largest image the scanner accepts, in bytes after base64 decoding. */
export const RECEIPT_MAX_BYTES = RECEIPT_LIMITS.imageMaxBytes;

/**
 * The largest file the page agrees to open at all. A phone photo is a few megabytes; past this the
 * decoding alone would hold the page up, and a receipt never needs it.
 */
export const RECEIPT_MAX_FILE_BYTES = 40 * 1024 * 1024;

/** A photo re-encoded for upload keeps at most this many pixels on its longer side: receipt text stays sharp. */
export const RECEIPT_MAX_SIDE = 2400;

export const RECEIPT_MESSAGES = {
  empty: 'This file is empty.',
  notAnImage: 'This file is not an image. Choose a photo of the receipt (PNG, JPEG or WebP).',
  unreadableImage: 'This image cannot be opened here. Choose a PNG, JPEG or WebP photo of the receipt.',
  tooLargeFile: 'This file is larger than 40 MB. Choose a smaller photo of the receipt.',
  tooLargeAfterShrinking: 'This photo is still larger than 5 MB after shrinking it. Try a closer crop of the receipt.',
} as const;

export type ReceiptImage = {
  ok: true;
  /** `data:image/…;base64,…`, typed by the file's bytes rather than its name. */
  dataUrl: string;
  /** Size of the image that will be sent, in bytes. */
  bytes: number;
  /** The photo was re-encoded smaller (or from a format the server does not take) before upload. */
  resized: boolean;
};
export type ReceiptFileCheck = ReceiptImage | { ok: false; message: string };

/**
 * Decodes an image and re-encodes it as JPEG with its longer side at most `maxSide` pixels, at the
 * given quality (0–1). Null when the browser cannot decode it.
 */
export type ImageShrinker = (file: Blob, maxSide: number, quality: number) => Promise<Blob | null>;

/** The formats the server reads; anything else the browser can decode is re-encoded as JPEG. */
const SENT_AS_IS: ReadonlySet<string> = new Set(RECEIPT_IMAGE_TYPES);

/** Successively smaller attempts; three at most, so a stubborn image costs a bounded amount of work. */
const SHRINK_STEPS = [
  { maxSide: RECEIPT_MAX_SIDE, quality: 0.88 },
  { maxSide: 2000, quality: 0.8 },
  { maxSide: 1600, quality: 0.72 },
] as const;

/**
 * Turns a chosen or dropped file into what `transaction.scanReceipt` takes, checking it the way the
 * server will (by its size and its first bytes, not its name or the type the browser guessed), so a
 * wrong file is refused before a slow upload. A photo over 5 MB, or in a format the server does not
 * read (such as HEIC or GIF, where the browser can decode it), is re-encoded as JPEG in a canvas first.
 */
export async function readReceiptFile(file: Blob, shrink: ImageShrinker = shrinkInCanvas): Promise<ReceiptFileCheck> {
  if (file.size === 0) return { ok: false, message: RECEIPT_MESSAGES.empty };
  if (file.size > RECEIPT_MAX_FILE_BYTES) return { ok: false, message: RECEIPT_MESSAGES.tooLargeFile };
  const type = detectImageType(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
  if (type && file.size <= RECEIPT_MAX_BYTES) {
    return { ok: true, dataUrl: await toDataUrl(file, type), bytes: file.size, resized: false };
  }
  // Bytes that are none of the three formats are worth decoding only when the browser calls them another
  // image format; a "PNG" without a PNG's signature is no image at all.
  if (!type && (!file.type.startsWith('image/') || SENT_AS_IS.has(file.type))) {
    return { ok: false, message: RECEIPT_MESSAGES.notAnImage };
  }

  for (const step of SHRINK_STEPS) {
    const smaller = await shrink(file, step.maxSide, step.quality);
    if (!smaller) return { ok: false, message: type ? RECEIPT_MESSAGES.notAnImage : RECEIPT_MESSAGES.unreadableImage };
    if (smaller.size <= RECEIPT_MAX_BYTES) {
      return { ok: true, dataUrl: await toDataUrl(smaller, 'image/jpeg'), bytes: smaller.size, resized: true };
    }
  }
  return { ok: false, message: RECEIPT_MESSAGES.tooLargeAfterShrinking };
}

/** Reads the file as a data URL with the type its bytes showed, whatever type the browser declared. */
async function toDataUrl(file: Blob, type: string): Promise<string> {
  const read = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
  return `data:${type};base64,${read.slice(read.indexOf(',') + 1)}`;
}

/** Scale factor that fits `width`×`height` within `maxSide` on its longer side, never enlarging. */
export function fitScale(width: number, height: number, maxSide: number): number {
  const longer = Math.max(width, height);
  return longer > maxSide ? maxSide / longer : 1;
}

/**
 * The browser's own decoder and a canvas: EXIF orientation is applied while decoding (the default of
 * createImageBitmap), so the upload is upright and carries no metadata such as the GPS position.
 */
export const shrinkInCanvas: ImageShrinker = async (file, maxSide, quality) => {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    const scale = fitScale(bitmap.width, bitmap.height, maxSide);
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      if (!context) return null;
      drawOnWhite(context, bitmap, width, height);
      return await canvas.convertToBlob({ type: 'image/jpeg', quality });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return null;
    drawOnWhite(context, bitmap, width, height);
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  } finally {
    bitmap.close();
  }
};

/** JPEG has no transparency: a transparent PNG would otherwise turn black behind dark text. */
function drawOnWhite(
  context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  bitmap: ImageBitmap,
  width: number,
  height: number,
) {
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
}
