import { describe, expect, it, vi } from 'vitest';
import {
  fitScale,
  type ImageShrinker,
  RECEIPT_MAX_BYTES,
  RECEIPT_MAX_FILE_BYTES,
  RECEIPT_MESSAGES,
  readReceiptFile,
} from './receipt-file';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const base64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));

/** A file of `size` bytes that starts with `head`. */
function fileOf(head: number[], size: number, type: string, name = 'receipt'): File {
  const bytes = new Uint8Array(size);
  bytes.set(head);
  return new File([bytes], name, { type });
}

const neverCalled: ImageShrinker = () => {
  throw new Error('a file that needs no shrinking was shrunk');
};

describe('readReceiptFile', () => {
  it('sends a small PNG as it is, typed by its bytes rather than the name or declared type', async () => {
    const file = new File([new Uint8Array([...PNG, 1, 2, 3])], 'scan.jpg', { type: 'image/jpeg' });
    expect(await readReceiptFile(file, neverCalled)).toEqual({
      ok: true,
      dataUrl: `data:image/png;base64,${base64([...PNG, 1, 2, 3])}`,
      bytes: 11,
      resized: false,
    });
  });

  it('sends a JPEG of exactly 5 MB without shrinking it', async () => {
    const result = await readReceiptFile(fileOf(JPEG, RECEIPT_MAX_BYTES, 'image/jpeg'), neverCalled);
    expect(result.ok && result.dataUrl.startsWith('data:image/jpeg;base64,/9j/4A')).toBe(true);
    expect(result.ok && result.bytes).toBe(RECEIPT_MAX_BYTES);
  });

  it('says a text file is not an image, even named receipt.png and declared image/png', async () => {
    const file = new File(['TOTAL 12.00'], 'receipt.png', { type: 'image/png' });
    expect(await readReceiptFile(file, neverCalled)).toEqual({ ok: false, message: RECEIPT_MESSAGES.notAnImage });
  });

  it('says a PDF is not an image without trying to decode it', async () => {
    const file = new File(['%PDF-1.7'], 'receipt.pdf', { type: 'application/pdf' });
    expect(await readReceiptFile(file, neverCalled)).toEqual({
      ok: false,
      message: 'This file is not an image. Choose a photo of the receipt (PNG, JPEG or WebP).',
    });
  });

  it('refuses an empty file', async () => {
    expect(await readReceiptFile(new File([], 'x.png', { type: 'image/png' }), neverCalled)).toEqual({
      ok: false,
      message: 'This file is empty.',
    });
  });

  it('refuses a file over 40 MB before reading or decoding it', async () => {
    const huge = fileOf(JPEG, RECEIPT_MAX_FILE_BYTES + 1, 'image/jpeg');
    const slice = vi.spyOn(huge, 'slice');
    expect(await readReceiptFile(huge, neverCalled)).toEqual({ ok: false, message: RECEIPT_MESSAGES.tooLargeFile });
    expect(slice).not.toHaveBeenCalled();
  });

  it('shrinks a photo over 5 MB to a JPEG of at most 2400 pixels before upload', async () => {
    const small = new Blob([new Uint8Array([...JPEG, 9, 9])], { type: 'image/jpeg' });
    const shrink = vi.fn<ImageShrinker>(async () => small);
    const photo = fileOf(JPEG, RECEIPT_MAX_BYTES + 1, 'image/jpeg', 'IMG_0042.JPG');
    expect(await readReceiptFile(photo, shrink)).toEqual({
      ok: true,
      dataUrl: `data:image/jpeg;base64,${base64([...JPEG, 9, 9])}`,
      bytes: 6,
      resized: true,
    });
    expect(shrink).toHaveBeenCalledTimes(1);
    const [shrunk, maxSide, quality] = shrink.mock.calls[0] ?? [];
    expect(shrunk === photo && maxSide === 2400 && quality === 0.88).toBe(true);
  });

  it('tries three smaller encodings at most, then says the photo is still too large', async () => {
    const stillLarge = new Blob([new Uint8Array(RECEIPT_MAX_BYTES + 1)]);
    const shrink = vi.fn<ImageShrinker>(async () => stillLarge);
    const result = await readReceiptFile(fileOf(PNG, RECEIPT_MAX_BYTES + 1, 'image/png'), shrink);
    expect(result).toEqual({ ok: false, message: RECEIPT_MESSAGES.tooLargeAfterShrinking });
    expect(shrink.mock.calls.map(([, side, quality]) => [side, quality])).toEqual([
      [2400, 0.88],
      [2000, 0.8],
      [1600, 0.72],
    ]);
  });

  it('re-encodes a format the server does not read (HEIC) when the browser can decode it', async () => {
    const jpeg = new Blob([new Uint8Array(JPEG)], { type: 'image/jpeg' });
    const shrink = vi.fn<ImageShrinker>(async () => jpeg);
    const heic = new File([new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70])], 'IMG.HEIC', { type: 'image/heic' });
    const result = await readReceiptFile(heic, shrink);
    expect(result).toEqual({ ok: true, dataUrl: `data:image/jpeg;base64,${base64(JPEG)}`, bytes: 4, resized: true });
  });

  it('says so when the browser cannot decode that other format either', async () => {
    const heic = new File([new Uint8Array([0, 0, 0, 24])], 'IMG.HEIC', { type: 'image/heic' });
    expect(await readReceiptFile(heic, async () => null)).toEqual({
      ok: false,
      message: RECEIPT_MESSAGES.unreadableImage,
    });
  });
});

describe('fitScale', () => {
  it.each([
    { width: 4032, height: 3024, scale: 2400 / 4032 },
    { width: 1200, height: 6000, scale: 0.4 },
    { width: 800, height: 600, scale: 1 },
    { width: 2400, height: 2400, scale: 1 },
  ])('fits $width×$height into 2400 px with scale $scale', ({ width, height, scale }) => {
    expect(fitScale(width, height, 2400)).toBeCloseTo(scale, 10);
  });
});
