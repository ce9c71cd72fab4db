import { detectImageType, RECEIPT_LIMITS } from '@finailytics/shared';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { decodeImageDataUrl, encodeForStorage, STORED_MAX_BYTES } from './receipt.image';

/** A 400 × 200 JPEG that says, in its EXIF, to turn it a quarter clockwise, and where it was taken. */
function photoWithMetadata(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 200, channels: 3, background: '#eeeeee' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Phone maker', Model: 'Phone 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

describe('detectImageType on receipts', () => {
  it('reads PNG, JPEG and WebP from their first bytes', async () => {
    const blank = sharp({ create: { width: 2, height: 2, channels: 3, background: '#ffffff' } });
    expect(detectImageType(await blank.clone().png().toBuffer())).toBe('image/png');
    expect(detectImageType(await blank.clone().jpeg().toBuffer())).toBe('image/jpeg');
    expect(detectImageType(await blank.clone().webp().toBuffer())).toBe('image/webp');
  });

  it('answers null for a GIF, a PDF and text', () => {
    expect(detectImageType(Buffer.from('GIF89a'))).toBeNull();
    expect(detectImageType(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(detectImageType(Buffer.from('TOTAL 12.00'))).toBeNull();
    expect(detectImageType(new Uint8Array())).toBeNull();
  });
});

describe('decodeImageDataUrl', () => {
  it('decodes the bytes of a data URL', () => {
    expect([...decodeImageDataUrl('data:image/webp;base64,AQID')]).toEqual([1, 2, 3]);
  });

  it('refuses more than the limit in bytes', () => {
    const over = Buffer.alloc(RECEIPT_LIMITS.imageMaxBytes + 1).toString('base64');
    expect(() => decodeImageDataUrl(`data:image/png;base64,${over}`)).toThrow('The image must be at most 5 MB');
  });

  it('refuses another scheme', () => {
    expect(() => decodeImageDataUrl('https://example.com/receipt.png')).toThrow(AppError);
  });
});

describe('encodeForStorage', () => {
  it('turns the picture upright by its EXIF orientation', async () => {
    const stored = await encodeForStorage(await photoWithMetadata());
    const metadata = await sharp(stored.image).metadata();
    expect([metadata.width, metadata.height]).toEqual([200, 400]);
  });

  it('keeps no metadata: no EXIF (GPS, camera), no orientation, no ICC or XMP', async () => {
    const photo = await photoWithMetadata();
    const original = await sharp(photo).metadata();
    expect([original.orientation, original.exif !== undefined, photo.includes('Phone maker')]).toEqual([6, true, true]);
    const stored = await encodeForStorage(photo);
    for (const image of [stored.image, stored.thumbnail]) {
      const metadata = await sharp(image).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(metadata.orientation).toBeUndefined();
      expect(image.includes('Phone maker')).toBe(false);
    }
  });

  it('caps the long side at 2000 pixels and the thumbnail at 320', async () => {
    const large = await sharp({ create: { width: 3000, height: 4500, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const stored = await encodeForStorage(large);
    const image = await sharp(stored.image).metadata();
    const thumbnail = await sharp(stored.thumbnail).metadata();
    expect([image.format, image.width, image.height]).toEqual(['jpeg', 1333, 2000]);
    expect([thumbnail.width, thumbnail.height]).toEqual([213, 320]);
  });

  it('refuses an image of more pixels than it will decode', async () => {
    // 9000 × 9000 white pixels compress to a small PNG but would take 243 MB to decode.
    const bomb = await sharp({ create: { width: 9000, height: 9000, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    await expect(encodeForStorage(bomb)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('stores a picture that encodes large (noise) smaller, within STORED_MAX_BYTES', async () => {
    const noise = await sharp({
      create: {
        width: 1400,
        height: 1400,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    const stored = await encodeForStorage(noise);
    expect(stored.image.byteLength).toBeLessThanOrEqual(STORED_MAX_BYTES);
    const metadata = await sharp(stored.image).metadata();
    // 2000 px is not reached (the picture is 1400), so only a smaller side or quality can have fitted it.
    expect(Math.max(metadata.width ?? 0, metadata.height ?? 0)).toBeLessThan(1400);
  });
});
