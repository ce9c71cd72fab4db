import { describe, expect, it } from 'vitest';
import { disableTwoFactorSchema, recoveryCodeSchema, totpCodeSchema, verifyTwoFactorSchema } from './two-factor';

const CHALLENGE = 'a'.repeat(43);

describe('totpCodeSchema', () => {
  it('takes six digits, with the space apps show in the middle', () => {
    expect(totpCodeSchema.parse('123 456')).toBe('123456');
    expect(totpCodeSchema.safeParse('12345').success).toBe(false);
    expect(totpCodeSchema.safeParse('12345a').success).toBe(false);
  });
});

describe('recoveryCodeSchema', () => {
  it('ignores case, spaces and dashes', () => {
    expect(recoveryCodeSchema.parse(' abcde-12345 ')).toBe('ABCDE12345');
    expect(recoveryCodeSchema.safeParse('ABCDE-1234').success).toBe(false);
  });
});

describe('verifyTwoFactorSchema and disableTwoFactorSchema', () => {
  it('want exactly one of code and recoveryCode', () => {
    expect(verifyTwoFactorSchema.safeParse({ challenge: CHALLENGE, code: '123456' }).success).toBe(true);
    expect(verifyTwoFactorSchema.safeParse({ challenge: CHALLENGE, recoveryCode: 'ABCDE-12345' }).success).toBe(true);
    expect(verifyTwoFactorSchema.safeParse({ challenge: CHALLENGE }).success).toBe(false);
    expect(
      disableTwoFactorSchema.safeParse({ password: 'x', code: '123456', recoveryCode: 'ABCDE-12345' }).success,
    ).toBe(false);
  });
});
