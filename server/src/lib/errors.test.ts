import { DrizzleQueryError } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { withoutQueryDetails } from './errors';

const HASH = '$2b$10$abcdefghijklmnopqrstuv0123456789ABCDEFGHIJKLMNOPQRSTU';

/** What node-postgres raises for a CHECK violation: `detail` quotes the whole failing row. */
function postgresError(): Error {
  return Object.assign(new Error('new row for relation "users" violates check constraint "users_check"'), {
    code: '23514',
    detail: `Failing row contains (7f1c, Ada, ada@example.com, ${HASH}).`,
    internalQuery: 'select 1',
    table: 'users',
    constraint: 'users_check',
  });
}

describe('withoutQueryDetails', () => {
  it('keeps the kind, the database message, code, table and constraint, and drops the statement and every value', () => {
    const failed = new DrizzleQueryError(
      'insert into "users" ("name", "password_hash") values ($1, $2)',
      ['Ada', HASH],
      postgresError(),
    );
    const serialized = JSON.stringify(pino.stdSerializers.err(withoutQueryDetails(failed) as Error));
    expect(serialized).not.toContain(HASH);
    expect(serialized).not.toMatch(/insert into|Failing row|select 1/i);
    const copy = withoutQueryDetails(failed) as Error & { cause: Record<string, unknown> };
    expect(copy.message).toBe('Failed query (statement and parameters withheld)');
    expect(copy.stack).toMatch(/^Error: Failed query \(statement and parameters withheld\)\n {4}at /);
    expect(copy.cause).toMatchObject({ code: '23514', table: 'users', constraint: 'users_check' });
    expect((copy.cause as unknown as Error).message).toContain('violates check constraint "users_check"');
  });

  it('leaves other values as they are', () => {
    expect(withoutQueryDetails('text')).toBe('text');
    expect(withoutQueryDetails(undefined)).toBeUndefined();
  });
});
