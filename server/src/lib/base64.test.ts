import { describe, expect, it } from 'vitest';
import { decodeStrictBase64 } from './base64';

describe('decodeStrictBase64', () => {
  it('decodes padded base64 to its bytes', () => {
    expect(decodeStrictBase64('aGVsbG8=')?.toString()).toBe('hello');
    expect(decodeStrictBase64('aGk=')?.toString()).toBe('hi');
    expect(decodeStrictBase64('aGV5')?.toString()).toBe('hey');
  });

  it('refuses characters outside the alphabet, missing padding and empty input', () => {
    expect(decodeStrictBase64('aGV*bG8=')).toBeNull();
    expect(decodeStrictBase64('aGVs bG8=')).toBeNull();
    expect(decodeStrictBase64('aGVsbG8')).toBeNull();
    expect(decodeStrictBase64('aG=sbG8=')).toBeNull();
    expect(decodeStrictBase64('')).toBeNull();
  });
});
