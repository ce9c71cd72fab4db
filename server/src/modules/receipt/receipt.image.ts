import { detectImageType, RECEIPT_LIMITS } from '@finailytics/shared';
import { decodeStrictBase64 } from '../../lib/base64';
import { AppError } from '../../lib/errors';
import { loadSharp, RECEIPT_MAX_PIXELS } from './offline-reader';

const DATA_URL = /^data:image\/(?:png|jpeg|webp);base64,/;

/**
 * The bytes of a `data:image/…;base64,` URL, at most RECEIPT_LIMITS.imageMaxBytes. The declared type is
 * not trusted: detectImageType reads the bytes themselves.
 */
export function decodeImageDataUrl(dataUrl: string): Buffer {
  const prefix = DATA_URL.exec(dataUrl.slice(0, 40));
  if (!prefix) throw new AppError('BAD_REQUEST', 'The image must be a PNG, JPEG or WebP data URL');
  const payload = dataUrl.slice(prefix[0].length);
  // Strict: a damaged upload must not decode, with characters skipped, into another image.
  const bytes = decodeStrictBase64(payload);
  if (!bytes) throw new AppError('BAD_REQUEST', 'The image data is not valid base64');
  if (bytes.byteLength > RECEIPT_LIMITS.imageMaxBytes) {
    throw new AppError('BAD_REQUEST', 'The image must be at most 5 MB');
  }
  return bytes;
}

/** Long side of the stored image: enough to read every line of a receipt again. */
const STORED_MAX_SIDE = 2000;
/**
 * Largest stored image. The embedded database serialises a bytea parameter on the event loop (about
 * 60 ms to write and 40 ms to read 400 KB, 250 ms to write 1.3 MB), so a photo of fine detail or
 * noise that encodes larger is stored smaller: each step below is tried until one fits.
 */
export const STORED_MAX_BYTES = 400 * 1024;
const STORED_STEPS = [
  { side: STORED_MAX_SIDE, quality: 82 },
  { side: 1600, quality: 70 },
  { side: 1200, quality: 60 },
  { side: 900, quality: 50 },
  { side: 700, quality: 40 },
] as const;

/** Long side of the thumbnail shown beside a transaction. */
const THUMBNAIL_MAX_SIDE = 320;

export interface StoredReceiptImages {
  contentType: 'image/jpeg';
  image: Buffer;
  thumbnail: Buffer;
}

/**
 * What is kept of a scan: the picture turned upright by its EXIF orientation, at most STORED_MAX_SIDE
 * pixels on its long side and STORED_MAX_BYTES in size, re-encoded as JPEG without any metadata (no GPS position, no camera, no
 * timestamps: sharp writes none unless asked), and a thumbnail. Runs in libuv's pool, off the event loop.
 * Bytes that are no image, or that decode to more than RECEIPT_MAX_PIXELS, are a BAD_REQUEST.
 */
export async function encodeForStorage(bytes: Uint8Array): Promise<StoredReceiptImages> {
  if (!detectImageType(bytes)) {
    throw new AppError('BAD_REQUEST', 'The file is not a PNG, JPEG or WebP image');
  }
  const sharp = await loadSharp();
  const upright = () =>
    sharp(bytes, { limitInputPixels: RECEIPT_MAX_PIXELS }).autoOrient().flatten({ background: '#ffffff' });
  try {
    const fitted = async (): Promise<Buffer> => {
      let image: Buffer | undefined;
      for (const { side, quality } of STORED_STEPS) {
        image = await upright()
          .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality })
          .toBuffer();
        if (image.byteLength <= STORED_MAX_BYTES) return image;
      }
      // The last step is small whatever the picture: 700 px at quality 40 stays far below the limit.
      return image as Buffer;
    };
    const [image, thumbnail] = await Promise.all([
      fitted(),
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
