import {
  CSV_HEADER_SEARCH_LINES,
  type ImportRowInput,
  parseImportRowErrors,
  type Transaction,
  type User,
} from '@finailytics/shared';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../app';
import { transactions } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { createUser } from '../../test/factories';
import { escapeFormula, formatCents, unescapeFormula } from './transaction.csv';
import { parseCsvDate, readAmountCell } from './transaction.csv-cells';

const database = useTestDatabase();

const clock = new ManualClock('2026-03-15T12:00:00Z');

async function signedInUser() {
  const user = await createUser(database.db);
  const { caller, ctx } = await createTestCaller({ database, user, clock });
  return { user, caller, accessToken: ctx.accessToken };
}

async function rowCount(user: User): Promise<number> {
  const rows = await database.db
    .select({ id: transactions.id })
    .from(transactions)
    .where(eq(transactions.userId, user.id));
  return rows.length;
}

const row = (overrides: Partial<ImportRowInput> = {}): ImportRowInput => ({
  title: 'Coffee',
  type: 'EXPENSE',
  amount: 3.2,
  category: 'Food',
  date: '2026-03-01',
  ...overrides,
});

/** The import error as the client sees it: the summary and the rows from the flattened zodError. */
async function importFailure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the import to fail');
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  expect(trpcError.code).toBe('BAD_REQUEST');
  expect(trpcError.cause).toBeInstanceOf(z.ZodError);
  const flattened = z.flattenError(trpcError.cause as z.ZodError<{ rows: unknown }>);
  return { message: trpcError.message, rows: parseImportRowErrors(flattened.fieldErrors.rows) };
}

describe('transaction.import', () => {
  it('imports every row as a one-off transaction', async () => {
    const { caller } = await signedInUser();
    const result = await caller.transaction.import({
      rows: [
        row(),
        row({ title: 'Salary', type: 'INCOME', amount: 2500, category: 'Work', paymentMethod: 'BANK_TRANSFER' }),
      ],
    });
    expect(result).toEqual({ importedCount: 2, skippedCount: 0 });
    const list = await caller.transaction.list({ sortBy: 'amount', sortDir: 'asc' });
    expect(list.items.map((item) => [item.title, item.amount, item.paymentMethod, item.isRecurring])).toEqual([
      ['Coffee', 3.2, 'CASH', false],
      ['Salary', 2500, 'BANK_TRANSFER', false],
    ]);
  });

  it('never imports a row as recurring', async () => {
    const { caller } = await signedInUser();
    const recurring = { ...row(), isRecurring: true, recurringInterval: 'DAILY' } as ImportRowInput;
    await caller.transaction.import({ rows: [recurring] });
    const [item] = (await caller.transaction.list({})).items;
    expect(item).toMatchObject({ isRecurring: false, recurringInterval: null, nextRecurringDate: null });
  });

  it('writes nothing and lists every bad row when any row is invalid', async () => {
    const { caller, user } = await signedInUser();
    const failure = await importFailure(
      caller.transaction.import({
        rows: [row(), row({ amount: -1 }), row(), row({ date: '2026-02-30', title: '' })],
      }),
    );
    expect(failure.rows).toEqual([
      { row: 2, field: 'amount', message: 'Amount must be greater than 0' },
      { row: 4, field: 'title', message: 'Title is required' },
      { row: 4, field: 'date', message: 'Date does not exist' },
    ]);
    expect(failure.message).toBe(
      'Nothing was imported: 2 rows are invalid. Row 2, amount: Amount must be greater than 0; Row 4, title: Title is required; Row 4, date: Date does not exist',
    );
    expect(await rowCount(user)).toBe(0);
  });

  it('reports the row errors in error.data.zodError over HTTP', async () => {
    const { accessToken } = await signedInUser();
    const app = await buildApp({ env: testEnv(), database, clock });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/api/trpc/transaction.import',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        payload: { rows: [row({ amount: 1.234 }), row({ type: 'LOAN' as 'INCOME' })] },
      });
      expect(response.statusCode).toBe(400);
      const body = response.json() as {
        error: { message: string; data: { code: string; zodError: { fieldErrors: { rows?: string[] } } } };
      };
      expect(body.error.data.code).toBe('BAD_REQUEST');
      expect(body.error.message).toMatch(/^Nothing was imported: 2 rows are invalid\./);
      expect(parseImportRowErrors(body.error.data.zodError.fieldErrors.rows)).toEqual([
        { row: 1, field: 'amount', message: 'Amount can have at most 2 decimals' },
        { row: 2, field: 'type', message: 'Type must be INCOME or EXPENSE' },
      ]);
    } finally {
      await app.close();
    }
  });

  it('refuses more than 10,000 rows and an empty list', async () => {
    const { caller } = await signedInUser();
    const rows = Array.from({ length: 10_001 }, () => row());
    await expect(caller.transaction.import({ rows })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.transaction.import({ rows: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('imports 10,000 rows in one call', async () => {
    const { caller, user } = await signedInUser();
    const rows = Array.from({ length: 10_000 }, (_, index) =>
      row({
        title: `Row ${index}`,
        amount: (index % 500) + 0.5,
        date: `2025-${String((index % 12) + 1).padStart(2, '0')}-15`,
      }),
    );
    await expect(caller.transaction.import({ rows })).resolves.toEqual({ importedCount: 10_000, skippedCount: 0 });
    expect(await rowCount(user)).toBe(10_000);
  });
});

describe('transaction.importCsv', () => {
  it('reads quotes, embedded commas and newlines, a BOM and CRLF line ends', async () => {
    const { caller } = await signedInUser();
    const csv =
      '\uFEFFTitle,Type,Amount,Category,Description,Date,PaymentMethod\r\n' +
      '"Dinner, with ""friends""",EXPENSE,45.90,Food,"Line one\r\nline two",2026-03-01,CARD\r\n' +
      'Refund,income,10,Shopping,,2026-03-02,\r\n';
    await expect(caller.transaction.importCsv({ csv })).resolves.toEqual({ importedCount: 2, skippedCount: 0 });
    const list = await caller.transaction.list({ sortBy: 'date', sortDir: 'asc' });
    expect(
      list.items.map((item) => [item.title, item.type, item.amount, item.description, item.paymentMethod]),
    ).toEqual([
      ['Dinner, with "friends"', 'EXPENSE', 45.9, 'Line one\r\nline two', 'CARD'],
      ['Refund', 'INCOME', 10, null, 'CASH'],
    ]);
  });

  it('keeps text that looks like SQL or array syntax as it is', async () => {
    const { caller } = await signedInUser();
    const csv = 'Title,Type,Amount,Category,Description,Date\nNULL,EXPENSE,1,"{a,b}","back\\slash ""q""",2026-03-01\n';
    await caller.transaction.importCsv({ csv });
    const [item] = (await caller.transaction.list({})).items;
    expect(item).toMatchObject({ title: 'NULL', category: '{a,b}', description: 'back\\slash "q"' });
  });

  it('matches the header case-insensitively and in any order', async () => {
    const { caller } = await signedInUser();
    const csv = 'date,AMOUNT,title,category,type,payment method\n2026-03-01,1,Bus,Travel,EXPENSE,mobile payment\n';
    await caller.transaction.importCsv({ csv });
    const [item] = (await caller.transaction.list({})).items;
    expect(item).toMatchObject({ title: 'Bus', amount: 1, paymentMethod: 'MOBILE_PAYMENT' });
  });

  it('uses a column mapping and a date format', async () => {
    const { caller } = await signedInUser();
    const csv = 'Booking date,Payee,Value,Kind,Group\n31/01/2026,Landlord,"1,200.00",expense,Rent\n';
    await caller.transaction.importCsv({
      csv,
      mapping: { 'Booking date': 'date', Payee: 'title', Value: 'amount', Kind: 'type', Group: 'category' },
      dateFormat: 'DD/MM/YYYY',
    });
    const [item] = (await caller.transaction.list({})).items;
    expect(item).toMatchObject({ title: 'Landlord', amount: 1200, date: '2026-01-31', category: 'Rent' });
  });

  it('numbers bad rows as a spreadsheet does and writes nothing', async () => {
    const { caller, user } = await signedInUser();
    const csv = [
      'Title,Type,Amount,Category,Description,Date,PaymentMethod',
      'Good,EXPENSE,1,Food,,2026-03-01,CASH',
      '',
      'Bad amount,EXPENSE,abc,Food,,2026-03-01,CASH',
      'Bad date,EXPENSE,2,Food,,03/01/2026,CASH',
      'Bad method,EXPENSE,2,Food,,2026-03-01,CHEQUE',
    ].join('\n');
    const failure = await importFailure(caller.transaction.importCsv({ csv }));
    expect(failure.rows).toEqual([
      { row: 4, field: 'amount', message: '"abc" is not an amount: use digits, with , or . before the cents' },
      { row: 5, field: 'date', message: 'Date must be YYYY-MM-DD' },
      {
        row: 6,
        field: 'paymentMethod',
        message: 'Payment method must be one of CARD, BANK_TRANSFER, MOBILE_PAYMENT, AUTO_DEBIT, CASH, OTHER',
      },
    ]);
    expect(await rowCount(user)).toBe(0);
  });

  it('refuses a file without a needed column, naming it', async () => {
    const { caller } = await signedInUser();
    await expect(caller.transaction.importCsv({ csv: 'Title,Type,Amount\nA,EXPENSE,1\n' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('no column for Date'),
    });
  });

  it('refuses a mapping naming a column the file does not have', async () => {
    const { caller } = await signedInUser();
    await expect(
      caller.transaction.importCsv({ csv: 'Title,Type,Amount,Category,Date\n', mapping: { Payee: 'title' } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The file has no column named "Payee"' });
  });

  it('refuses a mapping naming one column twice, and stores nothing', async () => {
    const { caller } = await signedInUser();
    const csv = 'Payee,Sum,Date\nShop,12.50,2026-03-01\n';
    await expect(
      caller.transaction.importCsv({ csv, mapping: { Payee: 'title', PAYEE: 'category', Sum: 'amount' } }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The mapping names a column again as "PAYEE"; map each column once',
    });
    expect((await caller.transaction.list({})).pagination.totalCount).toBe(0);
  });

  it('refuses text that is not valid CSV', async () => {
    const { caller } = await signedInUser();
    await expect(
      caller.transaction.importCsv({ csv: 'Title,Type,Amount,Category,Date\n"unclosed,EXPENSE,1,Food,2026-03-01\n' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^The file is not valid CSV/) });
  });

  it('refuses a file over 5 MB, counted in UTF-8 bytes', async () => {
    const { caller } = await signedInUser();
    // Two million three-byte characters: 2 M characters, but 6 MB on disk.
    const csv = `Title,Type,Amount,Category,Date\n${'€'.repeat(2_000_000)},EXPENSE,1,Food,2026-03-01\n`;
    await expect(caller.transaction.importCsv({ csv })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { issues: [expect.objectContaining({ path: ['csv'], message: 'The file must be at most 5 MB' })] },
    });
  });

  it('refuses a header-only file', async () => {
    const { caller } = await signedInUser();
    await expect(caller.transaction.importCsv({ csv: 'Title,Type,Amount,Category,Date\r\n' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The file has no transactions',
    });
  });
});

describe('transaction.importCsv: lines above the header', () => {
  const header = 'Date;Payee;Amount';
  const body = '01.03.2026;Bakery;-3,20\n02.03.2026;Refund;12,00\n';

  it(`looks for the header in the first ${CSV_HEADER_SEARCH_LINES} lines and no further`, async () => {
    const { caller } = await signedInUser();
    const preamble = (lines: number) => Array.from({ length: lines }, (_, index) => `Note ${index + 1}\n`).join('');
    const last = await caller.transaction.importCsv({
      csv: `${preamble(CSV_HEADER_SEARCH_LINES - 1)}${header}\n${body}`,
      dryRun: true,
    });
    expect(last).toMatchObject({ skippedLines: CSV_HEADER_SEARCH_LINES - 1, rowCount: 2, validCount: 2 });
    expect('rows' in last && last.rows.map((row) => row.row)).toEqual([
      CSV_HEADER_SEARCH_LINES + 1,
      CSV_HEADER_SEARCH_LINES + 2,
    ]);
    // One line more and the header is not looked at: the first line is taken as the header, lacking every column.
    const csv = `${preamble(CSV_HEADER_SEARCH_LINES)}${header}\n${body}`;
    const beyond = await caller.transaction.importCsv({ csv, dryRun: true });
    expect(beyond).toMatchObject({ skippedLines: 0, missing: ['title', 'amount', 'date'], rowCount: 0 });
    await expect(caller.transaction.importCsv({ csv })).rejects.toMatchObject({
      message: expect.stringContaining('no column for Title, Amount, Date'),
    });
  });

  it('skips leading blank lines, and counts a quoted line break in the preamble as one line', async () => {
    const { caller } = await signedInUser();
    const blank = await caller.transaction.importCsv({ csv: `\n\r\n;;\n${header}\n${body}`, dryRun: true });
    expect(blank).toMatchObject({ separator: ';', skippedLines: 3, validCount: 2 });
    const quoted = `"Hinweis";"Zeile eins\nZeile zwei; mit Semikolon"\n${header}\n${body}`;
    const read = await caller.transaction.importCsv({ csv: quoted, dryRun: true });
    expect(read).toMatchObject({ separator: ';', skippedLines: 1, validCount: 2 });
    expect('rows' in read && read.rows.map((row) => [row.row, row.title])).toEqual([
      [3, 'Bakery'],
      [4, 'Refund'],
    ]);
  });

  it('finds a header it would not recognise by the columns the mapping names', async () => {
    const { caller } = await signedInUser();
    const csv = `Konto;4711\n\nWann;Wer;Wieviel\n${body}`;
    const mapping = { Wann: 'date', Wer: 'title', Wieviel: 'amount' } as const;
    const read = await caller.transaction.importCsv({ csv, mapping, dryRun: true });
    expect(read).toMatchObject({ skippedLines: 2, validCount: 2, missing: [] });
    await expect(caller.transaction.importCsv({ csv, mapping })).resolves.toEqual({
      importedCount: 2,
      skippedCount: 0,
    });
  });

  it('reads the header with the separator chosen, not the one a preamble line uses', async () => {
    const { caller } = await signedInUser();
    const csv = `Account,12345678\nDate;Payee;Amount\n01.03.2026;Bakery;-3,20\n`;
    const read = await caller.transaction.importCsv({ csv, separator: ';', dryRun: true });
    expect(read).toMatchObject({ separator: ';', skippedLines: 1, validCount: 1 });
  });
});

describe('transaction.exportCsv', () => {
  it('writes the header and one line per transaction in the list order', async () => {
    const { caller } = await signedInUser();
    await caller.transaction.create({
      title: 'Salary',
      type: 'INCOME',
      amount: 2500,
      category: 'Work',
      date: '2026-03-01',
    });
    await caller.transaction.create({
      title: 'Coffee, large',
      type: 'EXPENSE',
      amount: 3.5,
      category: 'Food',
      date: '2026-03-02',
      paymentMethod: 'CARD',
      description: 'with "oat" milk',
    });
    const csv = await caller.transaction.exportCsv({});
    expect(csv).toBe(
      '\uFEFFTitle,Type,Amount,Category,Description,Date,PaymentMethod,Account\r\n' +
        '"Coffee, large",EXPENSE,3.50,Food,"with ""oat"" milk",2026-03-02,CARD,Main account\r\n' +
        'Salary,INCOME,2500.00,Work,,2026-03-01,CASH,Main account\r\n',
    );
  });

  it('applies the list filters', async () => {
    const { caller } = await signedInUser();
    await caller.transaction.create({
      title: 'Salary',
      type: 'INCOME',
      amount: 2500,
      category: 'Work',
      date: '2026-03-01',
    });
    await caller.transaction.create({ title: 'Tea', type: 'EXPENSE', amount: 2, category: 'Food', date: '2026-03-02' });
    const csv = await caller.transaction.exportCsv({ type: 'INCOME' });
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain('Salary');
  });

  it("exports only the caller's transactions", async () => {
    const owner = await signedInUser();
    await owner.caller.transaction.create({
      title: 'Private',
      type: 'EXPENSE',
      amount: 1,
      category: 'X',
      date: '2026-03-01',
    });
    const other = await signedInUser();
    const csv = await other.caller.transaction.exportCsv({});
    expect(csv).not.toContain('Private');
  });

  it('defuses spreadsheet formulas and gets them back on import', async () => {
    const { caller } = await signedInUser();
    await caller.transaction.create({
      title: '=HYPERLINK("x")',
      type: 'EXPENSE',
      amount: 1,
      category: '@cmd',
      date: '2026-03-01',
    });
    const csv = await caller.transaction.exportCsv({});
    expect(csv).toContain(`"'=HYPERLINK(""x"")",EXPENSE,1.00,'@cmd`);
    const target = await signedInUser();
    await target.caller.transaction.importCsv({ csv });
    const [item] = (await target.caller.transaction.list({})).items;
    expect(item).toMatchObject({ title: '=HYPERLINK("x")', category: '@cmd' });
  });
});

describe('CSV cells', () => {
  it('formats cents on integers', () => {
    expect(formatCents(1)).toBe('0.01');
    expect(formatCents(1999)).toBe('19.99');
    expect(formatCents(100_000_000_000)).toBe('1000000000.00');
  });

  it('reads plain and grouped amounts in cents, and nothing else', () => {
    expect(readAmountCell(' 1,234.56 ', '.')).toEqual({ ok: true, cents: 123_456 });
    expect(readAmountCell('12', null)).toEqual({ ok: true, cents: 1200 });
    expect(readAmountCell('-7,45', ',')).toEqual({ ok: true, cents: -745 });
    expect(readAmountCell('1.450,00', ',')).toEqual({ ok: true, cents: 145_000 });
    expect(readAmountCell('1e3', '.').ok).toBe(false);
    expect(readAmountCell('1,5,0', ',').ok).toBe(false);
  });

  it('reads each date format', () => {
    expect(parseCsvDate('2026-3-1', 'YYYY-MM-DD')).toBe('2026-03-01');
    expect(parseCsvDate('01/02/2026', 'DD/MM/YYYY')).toBe('2026-02-01');
    expect(parseCsvDate('01/02/2026', 'MM/DD/YYYY')).toBe('2026-01-02');
    expect(parseCsvDate('31.12.2026', 'DD.MM.YYYY')).toBe('2026-12-31');
    expect(parseCsvDate('31-12-2026', 'DD-MM-YYYY')).toBe('2026-12-31');
    expect(parseCsvDate('20261231', 'YYYYMMDD')).toBe('2026-12-31');
    expect(parseCsvDate('2026-01-02', 'DD/MM/YYYY')).toBeNull();
  });

  it('escapes formulas reversibly', () => {
    for (const text of ['=1+1', '+1', '-1', '@x', "'quoted", "''", 'plain', "'plain"]) {
      expect(unescapeFormula(escapeFormula(text))).toBe(text);
    }
    expect(escapeFormula('plain')).toBe('plain');
  });
});

describe('export then import', () => {
  it('gives back the same transactions, whatever the text and amount', async () => {
    const text = (maxLength: number) =>
      fc
        .string({ unit: 'grapheme', minLength: 1, maxLength })
        .map((value) => value.replaceAll('\u0000', '').trim())
        .filter((value) => value.length > 0 && Array.from(value).length <= maxLength);
    const transaction = fc.record({
      title: fc.oneof(
        text(60),
        fc.constantFrom('Dinner, "fancy"', 'Line\nbreak', '=SUM(A1)', "'quoted", 'Café ☕ 日本'),
      ),
      description: fc.option(text(200), { nil: null }),
      category: text(20),
      type: fc.constantFrom('INCOME' as const, 'EXPENSE' as const),
      cents: fc.integer({ min: 1, max: 100_000_000_000 }),
      date: fc.date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2100-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      paymentMethod: fc.constantFrom('CARD' as const, 'CASH' as const, 'OTHER' as const, 'AUTO_DEBIT' as const),
    });

    await fc.assert(
      fc.asyncProperty(fc.array(transaction, { minLength: 1, maxLength: 4 }), async (generated) => {
        const source = await signedInUser();
        const created: Transaction[] = [];
        for (const item of generated) {
          const amount = item.cents / 100;
          const saved = await source.caller.transaction.create({
            title: item.title,
            description: item.description,
            category: item.category,
            type: item.type,
            amount,
            date: item.date.toISOString().slice(0, 10),
            paymentMethod: item.paymentMethod,
          });
          expect(saved.amount).toBe(amount);
          expect(await source.caller.transaction.get({ id: saved.id })).toEqual(saved);
          created.push(saved);
        }
        const listed = await source.caller.transaction.list({ pageSize: 100 });
        expect(listed.items.map((item) => item.amount).sort()).toEqual(created.map((item) => item.amount).sort());

        const csv = await source.caller.transaction.exportCsv({});
        const target = await signedInUser();
        await target.caller.transaction.importCsv({ csv });
        const comparable = (items: typeof created) =>
          items
            .map(({ title, description, category, type, amount, date, paymentMethod }) =>
              JSON.stringify([title, description, category, type, amount, date, paymentMethod]),
            )
            .sort();
        const imported = await target.caller.transaction.list({ pageSize: 100 });
        expect(comparable(imported.items)).toEqual(comparable(created));
      }),
      { numRuns: 40 },
    );
  });
});
