import { RECEIPT_LIMITS } from '@finailytics/shared';
import sharp from 'sharp';
import { AppError } from '../../lib/errors';
import { RECEIPT_MAX_PIXELS } from './offline-reader';

export type ReceiptImageType = 'image/png' | 'image/jpeg' | 'image/webp';

const DATA_URL = /^data:image\/(?:png|jpeg|webp);base64,/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of a `data:image/…;base64,` URL, at most RECEIPT_LIMITS.imageMaxBytes. The declared type is
 * not trusted: imageType reads the bytes themselves.
 */
export function decodeImageDataUrl(dataUrl: string): Buffer {
  const prefix = DATA_URL.exec(dataUrl.slice(0, 40));
  if (!prefix) throw new AppError('BAD_REQUEST', 'The image must be a PNG, JPEG or WebP data URL');
  const payload = dataUrl.slice(prefix[0].length);
  // Buffer.from skips characters that are not base64; refusing them keeps a damaged upload from reading as another image.
  if (!BASE64.test(payload)) throw new AppError('BAD_REQUEST', 'The image data is not valid base64');
  const bytes = Buffer.from(payload, 'base64');
  if (bytes.byteLength > RECEIPT_LIMITS.imageMaxBytes) {
    throw new AppError('BAD_REQUEST', 'The image must be at most 5 MB');
  }
  return bytes;
}

/** The image type the bytes begin with (their magic number), or null when they are no PNG, JPEG or WebP. */
export function imageType(bytes: Uint8Array): ReceiptImageType | null {
  const starts = (offset: number, ...values: number[]) =>
    values.every((value, index) => bytes[offset + index] === value);
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0, 0x52, 0x49, 0x46, 0x46) && starts(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

/** Long side of the stored image: enough to read every line of a receipt again. */
const STORED_MAX_SIDE = 2000;
/** Long side of the thumbnail shown beside a transaction. */
const THUMBNAIL_MAX_SIDE = 320;

export interface StoredReceiptImages {
  contentType: 'image/jpeg';
  image: Buffer;
  thumbnail: Buffer;
}

/**
 * What is kept of a scan: the picture turned upright by its EXIF orientation, at most STORED_MAX_SIDE
 * pixels on its long side, re-encoded as JPEG without any metadata (no GPS position, no camera, no
 * timestamps: sharp writes none unless asked), and a thumbnail. Runs in libuv's pool, off the event loop.
 * Bytes that are no image, or that decode to more than RECEIPT_MAX_PIXELS, are a BAD_REQUEST.
 */
export async function encodeForStorage(bytes: Uint8Array): Promise<StoredReceiptImages> {
  if (!imageType(bytes)) {
    throw new AppError('BAD_REQUEST', 'The file is not a PNG, JPEG or WebP image');
  }
  const upright = () =>
    sharp(bytes, { limitInputPixels: RECEIPT_MAX_PIXELS }).autoOrient().flatten({ background: '#ffffff' });
  try {
    const [image, thumbnail] = await Promise.all([
      upright()
        .resize({ width: STORED_MAX_SIDE, height: STORED_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 82 })
        .toBuffer(),
      upright()
        .resize({ width: THUMBNAIL_MAX_SIDE, height: THUMBNAIL_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 70 })
        .toBuffer(),
    ]);
    return { contentType: 'image/jpeg', image, thumbnail };
  } catch (error) {
    throw new AppError('BAD_REQUEST', 'The file could not be read as an image (damaged, or too many pixels)', {
      cause: error,
    });
  }
}
