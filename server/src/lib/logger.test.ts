import { describe, expect, it } from 'vitest';
import { testEnv } from '../test/env';
import { loggerOptions } from './logger';

describe('loggerOptions', () => {
  it('prints readable lines in development at a terminal', () => {
    const options = loggerOptions(testEnv({ NODE_ENV: 'development' }), undefined, true);
    expect(options).toMatchObject({ transport: { target: 'pino-pretty' } });
  });

  it('keeps JSON lines in production, and in development when the output is not a terminal', () => {
    expect(loggerOptions(testEnv({ NODE_ENV: 'production', BCRYPT_ROUNDS: '10' }), undefined, true)).not.toHaveProperty(
      'transport',
    );
    expect(loggerOptions(testEnv({ NODE_ENV: 'development' }), undefined, false)).not.toHaveProperty('transport');
  });

  it('redacts the same paths whichever way it prints', () => {
    const pretty = loggerOptions(testEnv({ NODE_ENV: 'development' }), undefined, true) as { redact: unknown };
    const json = loggerOptions(testEnv({ NODE_ENV: 'production', BCRYPT_ROUNDS: '10' }), undefined, false) as {
      redact: unknown;
    };
    expect(pretty.redact).toEqual(json.redact);
  });
});
