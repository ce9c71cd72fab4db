import { describe, expect, it } from 'vitest';
import { canonicalEmail, emailSchema, loginSchema, passwordSchema, registerSchema } from './auth';
import { changePasswordSchema, deleteUserSchema, updateUserSchema } from './user';

describe('canonicalEmail', () => {
  it('trims and lower-cases', () => {
    expect(canonicalEmail('  Mike@X.com ')).toBe('mike@x.com');
  });

  it('folds the Kelvin sign and NFD forms into one address', () => {
    expect(canonicalEmail('\u212Aate@x.com')).toBe('kate@x.com');
    expect(canonicalEmail('jose\u0301@x.com')).toBe(canonicalEmail('jos\u00e9@x.com'));
  });
});

describe('passwordSchema', () => {
  it('refuses passwords over 72 UTF-8 bytes instead of truncating them', () => {
    expect(passwordSchema().safeParse('a'.repeat(72)).success).toBe(true);
    expect(passwordSchema().safeParse('a'.repeat(73)).success).toBe(false);
    // 24 three-byte characters are 72 bytes; one more is 75.
    expect(passwordSchema().safeParse('€'.repeat(24)).success).toBe(true);
    expect(passwordSchema().safeParse('€'.repeat(25)).success).toBe(false);
  });

  it('refuses NUL, which bcrypt would silently cut the password at', () => {
    const result = passwordSchema().safeParse('long enough\u0000secret');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Password must not contain NUL characters');
  });

  it('applies the configured minimum', () => {
    expect(passwordSchema(4).safeParse('abcd').success).toBe(true);
    expect(passwordSchema(8).safeParse('abcdefg').success).toBe(false);
  });
});

describe('registerSchema', () => {
  it('trims the name and canonicalises the email', () => {
    const parsed = registerSchema().parse({ name: '  Ann ', email: ' ANN@Example.COM', password: 'password123' });
    expect(parsed).toEqual({ name: 'Ann', email: 'ann@example.com', password: 'password123' });
  });

  it('refuses an invalid address and an empty name', () => {
    const result = registerSchema().safeParse({ name: '  ', email: 'not-an-email', password: 'password123' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(['email', 'name']);
  });

  it('refuses a name with the NUL character, which PostgreSQL text cannot hold', () => {
    const result = registerSchema().safeParse({ name: 'A\u0000B', email: 'a@b.co', password: 'password123' });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Name must not contain NUL characters']);
  });

  it('refuses an unknown time zone', () => {
    expect(emailSchema.safeParse('a@b.co').success).toBe(true);
    const result = registerSchema().safeParse({
      name: 'A',
      email: 'a@b.co',
      password: 'password123',
      timezone: 'Mars/Base',
    });
    expect(result.success).toBe(false);
  });
});

describe('e-mail length', () => {
  it('is checked on the canonical form, which is what is stored', () => {
    // U+FDFA is one character that NFKC turns into 18: 20 of them make 360 characters.
    const expanding = `${'\uFDFA'.repeat(20)}@example.com`;
    expect(expanding.length).toBeLessThan(255);
    const result = emailSchema.safeParse(expanding);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Email must be at most 255 characters');
  });
});

describe('passwords of an existing account', () => {
  const over = 'x'.repeat(73);
  it.each([
    ['sign-in', () => loginSchema.safeParse({ email: 'a@b.co', password: over })],
    [
      'confirming a change',
      () => changePasswordSchema().safeParse({ currentPassword: over, newPassword: 'y'.repeat(9) }),
    ],
    ['confirming a deletion', () => deleteUserSchema.safeParse({ password: over })],
  ])('are refused past 72 bytes at %s, as at sign-up, rather than cut short by bcrypt', (_name, parse) => {
    const result = parse();
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toContain('Password must be at most 72 bytes');
  });

  it('are accepted up to 72 bytes whatever the configured minimum', () => {
    expect(loginSchema.safeParse({ email: 'a@b.co', password: 'x'.repeat(72) }).success).toBe(true);
    expect(loginSchema.safeParse({ email: 'a@b.co', password: 'abc' }).success).toBe(true);
  });
});

describe('profile picture', () => {
  it.each([
    'https://example.com/me.png',
    'http://example.com/me.png',
    '/api/avatars/0b9c2f4e-3f0a-4c55-9d2e-8a1b2c3d4e5f?v=1767225600000',
  ])('keeps %s', (url) => {
    expect(updateUserSchema.safeParse({ profilePicture: url }).success).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:image/svg+xml,<svg onload=alert(1)>',
    'vbscript:msgbox',
    'ftp://example.com/me.png',
    '/api/avatars/../../etc',
    '//evil.example/me.png',
  ])('refuses %s', (url) => {
    const result = updateUserSchema.safeParse({ profilePicture: url });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Picture URL must be an http or https address');
  });
});
