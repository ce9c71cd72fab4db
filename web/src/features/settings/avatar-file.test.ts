import { describe, expect, it } from 'vitest';
import { readAvatarFile } from './avatar-file';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('readAvatarFile', () => {
  it('accepts a PNG by its signature and encodes it as base64', async () => {
    const file = new File([new Uint8Array([...PNG_SIGNATURE, 1, 2])], 'me.bin');
    const result = await readAvatarFile(file);
    expect(result).toEqual({ ok: true, base64: btoa(String.fromCharCode(...PNG_SIGNATURE, 1, 2)) });
  });

  it('refuses a text file named .png', async () => {
    const file = new File(['<script>alert(1)</script>'], 'me.png', { type: 'image/png' });
    expect(await readAvatarFile(file)).toEqual({ ok: false, message: 'Choose a PNG, JPEG or WebP image.' });
  });

  it('refuses a picture over 2 MB before reading it', async () => {
    const file = new File([new Uint8Array(2 * 1024 * 1024 + 1)], 'big.png');
    expect(await readAvatarFile(file)).toEqual({ ok: false, message: 'The picture must be at most 2 MB.' });
  });
});
