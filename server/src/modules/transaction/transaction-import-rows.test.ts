import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { importErrorSummary, requireValidImportRows, validateImportRows } from './transaction.import';

/*
 * The import's row checks called directly (no database): what a valid row becomes, which problems
 * are reported and how often, the summary that heads a refusal, and the refusal's ZodError issues,
 * which the client reads back as one message per problem.
 */

const tea = { title: 'Tea', type: 'EXPENSE', amount: 2.5, category: 'Food', date: '2026-03-04' };

describe('validateImportRows', () => {
  it('answers the valid rows without their numbers, the payment method defaulting to cash', async () => {
    expect(await validateImportRows([{ row: 2, values: tea }])).toEqual({
      ok: true,
      rows: [{ ...tea, paymentMethod: 'CASH' }],
    });
    expect(await validateImportRows([])).toEqual({ ok: true, rows: [] });
  });

  it('reports one problem per field, under the candidate’s row number, in the schema’s order', async () => {
    const result = await validateImportRows([
      { row: 2, values: tea },
      { row: 7, values: { ...tea, title: ' ', amount: -1.005, date: undefined } },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 7, field: 'title', message: 'Title is required' },
        { row: 7, field: 'amount', message: 'Amount must be greater than 0' },
        { row: 7, field: 'date', message: 'Date is required' },
      ],
    });
  });

  it('reports a row that is not an object under the field "row"', async () => {
    const result = await validateImportRows([{ row: 4, values: null }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => [error.row, error.field])).toEqual([[4, 'row']]);
  });

  it('keeps problems found while reading the row, and adds none for a field they or a covered field name', async () => {
    const known = { row: 3, field: 'amount', message: 'Amount "12x" is not a number' };
    const result = await validateImportRows([
      { row: 3, values: { ...tea, amount: undefined, type: undefined, title: '' }, errors: [known], covered: ['type'] },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [known, { row: 3, field: 'title', message: 'Title is required' }],
    });
  });

  it('leaves out a row whose values are valid but whose reading found a problem', async () => {
    const known = { row: 5, field: 'currency', message: 'Currency EUR is not the account’s USD' };
    const result = await validateImportRows([
      { row: 4, values: tea },
      { row: 5, values: tea, errors: [known] },
    ]);
    expect(result).toEqual({ ok: false, errors: [known] });
  });

  it('lets other work run after every 500 rows, and not before', async () => {
    const turnTaken = async (count: number) => {
      let ran = false;
      setImmediate(() => {
        ran = true;
      });
      await validateImportRows(Array.from({ length: count }, (_, index) => ({ row: index + 2, values: tea })));
      return ran;
    };
    expect(await turnTaken(1)).toBe(false);
    expect(await turnTaken(2)).toBe(false);
    expect(await turnTaken(500)).toBe(false);
    expect(await turnTaken(501)).toBe(true);
  });
});

const problem = (row: number, field = 'amount') => ({ row, field, message: 'Amount must be greater than 0' });

describe('importErrorSummary', () => {
  it('counts the invalid rows, not the problems', () => {
    expect(importErrorSummary([problem(2)])).toBe(
      'Nothing was imported: 1 row is invalid. Row 2, amount: Amount must be greater than 0',
    );
    expect(importErrorSummary([problem(2), problem(2, 'title')])).toBe(
      'Nothing was imported: 1 row is invalid. Row 2, amount: Amount must be greater than 0; Row 2, title: Amount must be greater than 0',
    );
  });

  it('lists the first three problems and says how many more there are', () => {
    const three = [problem(2), problem(3), problem(4)];
    const listed =
      'Row 2, amount: Amount must be greater than 0; Row 3, amount: Amount must be greater than 0; Row 4, amount: Amount must be greater than 0';
    expect(importErrorSummary(three)).toBe(`Nothing was imported: 3 rows are invalid. ${listed}`);
    expect(importErrorSummary([...three, problem(5)])).toBe(
      `Nothing was imported: 4 rows are invalid. ${listed}; and 1 more`,
    );
    expect(importErrorSummary([...three, problem(5), problem(5, 'date')])).toBe(
      `Nothing was imported: 4 rows are invalid. ${listed}; and 2 more`,
    );
  });
});

describe('requireValidImportRows', () => {
  it('answers the rows when every row is valid', async () => {
    expect(await requireValidImportRows([{ row: 1, values: tea }])).toEqual([{ ...tea, paymentMethod: 'CASH' }]);
  });

  it('refuses with the summary, and a ZodError holding the summary and one issue per problem', async () => {
    const failure = await requireValidImportRows([
      { row: 1, values: tea },
      { row: 2, values: { ...tea, amount: 0 } },
    ]).then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TRPCError);
    const summary = 'Nothing was imported: 1 row is invalid. Row 2, amount: Amount must be greater than 0';
    expect([(failure as TRPCError).code, (failure as TRPCError).message]).toEqual(['BAD_REQUEST', summary]);
    const cause = (failure as TRPCError).cause;
    expect(cause).toBeInstanceOf(ZodError);
    expect((cause as ZodError).issues).toEqual([
      { code: 'custom', path: [], message: summary, input: undefined },
      {
        code: 'custom',
        path: ['rows', 2, 'amount'],
        message: 'Row 2, amount: Amount must be greater than 0',
        input: undefined,
      },
    ]);
    expect(Object.keys((cause as ZodError).issues[0] ?? {}).sort()).toEqual(['code', 'input', 'message', 'path']);
  });
});
