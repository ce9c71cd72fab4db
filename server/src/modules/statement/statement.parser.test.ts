import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STATEMENT_LIMITS } from '@finailytics/shared';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { OFX_MESSAGES } from './ofx';
import { QIF_MESSAGES } from './qif';
import { parseStatementFile } from './statement.parser';
import { STATEMENT_MESSAGES } from './statement-text';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));
const text = (value: string) => new TextEncoder().encode(value);

async function refusal(bytes: Uint8Array, options?: Parameters<typeof parseStatementFile>[1]): Promise<AppError> {
  try {
    await parseStatementFile(bytes, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

const sgmlHeader = 'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nENCODING:USASCII\nCHARSET:1252\n\n';
function sgmlStatement(transactions: string): string {
  return `${sgmlHeader}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>1<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>${transactions}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
}

describe('OFX 1.x (SGML)', () => {
  it('reads a windows-1252 bank statement with its names intact', async () => {
    const { info, rows } = await parseStatementFile(fixture('bank-sgml-windows-1252.ofx'));
    expect(info).toEqual({
      format: 'OFX',
      accountId: '00012345678',
      accountType: 'CHECKING',
      currency: 'EUR',
      ledgerBalanceCents: 321_570,
      ledgerBalanceDate: '2026-02-28',
    });
    expect(rows).toEqual([
      {
        date: '2026-02-03',
        amountCents: -450,
        payee: 'Café Müller',
        memo: 'CB 02/02 Café Müller & Fils',
        fitId: '2026020300001',
        checkNumber: null,
      },
      {
        date: '2026-02-05',
        amountCents: 245_000,
        payee: 'Salaire février',
        memo: '',
        fitId: '2026020500002',
        checkNumber: null,
      },
      {
        date: '2026-02-10',
        amountCents: -12_000,
        payee: 'Chèque 4512',
        memo: '',
        fitId: '2026021000003',
        checkNumber: '0004512',
      },
      {
        date: '2026-02-28',
        amountCents: -80,
        payee: 'Frais € carte',
        memo: '',
        fitId: '2026022800004',
        checkNumber: null,
      },
    ]);
  });

  it('honours a latin-1 charset header', async () => {
    const { rows } = await parseStatementFile(fixture('bank-sgml-latin-1.ofx'));
    expect(rows.map((row) => row.payee)).toEqual(['Café Müller', 'Salaire février', 'Chèque 4512', 'Frais carte']);
  });

  it('reads a QFX card statement without FITIDs and with decimal commas', async () => {
    const { info, rows } = await parseStatementFile(fixture('card-no-fitid.qfx'));
    expect(info).toEqual({
      format: 'OFX',
      accountId: 'XXXXXXXXXXXX4242',
      accountType: 'CREDITCARD',
      currency: 'GBP',
      ledgerBalanceCents: -48_516,
      ledgerBalanceDate: '2026-01-15',
    });
    expect(rows.map((row) => [row.date, row.amountCents, row.payee, row.memo, row.fitId])).toEqual([
      ['2026-01-03', -350, 'PRET A MANGER', '', null],
      ['2026-01-03', -350, 'Pret a Manger', '', null],
      ['2026-01-04', -6120, 'TESCO STORES 2231', 'Contactless', null],
      ['2026-01-10', 25_000, 'PAYMENT RECEIVED - THANK YOU', '', null],
    ]);
  });

  it('reads an empty value element as empty, keeping the elements after it in their transaction', async () => {
    const file = sgmlStatement(
      '<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260105<MEMO>\n<NAME>Bakery<TRNAMT>-2.40<FITID>9</STMTTRN>' +
        '<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260106<TRNAMT>-1.10<FITID>10<NAME></STMTTRN>',
    );
    expect((await parseStatementFile(text(file))).rows).toEqual([
      { date: '2026-01-05', amountCents: -240, payee: 'Bakery', memo: '', fitId: '9', checkNumber: null },
      { date: '2026-01-06', amountCents: -110, payee: '', memo: '', fitId: '10', checkNumber: null },
    ]);
  });

  it('refuses a file that says UTF-8 but is not', async () => {
    expect((await refusal(fixture('declared-utf8-but-1252.ofx'))).message).toBe(STATEMENT_MESSAGES.notUtf8);
  });

  it('refuses a file with statements of several accounts', async () => {
    expect((await refusal(fixture('two-statements.ofx'))).message).toBe(OFX_MESSAGES.severalStatements(2));
  });

  it('refuses an amount with more than two decimals, or with thousands separators', async () => {
    const threeDecimals = sgmlStatement('<STMTTRN><DTPOSTED>20260101<TRNAMT>-1.505<FITID>1</STMTTRN>');
    expect((await refusal(text(threeDecimals))).message).toBe(OFX_MESSAGES.badAmount('-1.505'));
    const grouped = sgmlStatement('<STMTTRN><DTPOSTED>20260101<TRNAMT>1,234.50<FITID>1</STMTTRN>');
    expect((await refusal(text(grouped))).message).toBe(OFX_MESSAGES.badAmount('1,234.50'));
  });

  it('refuses a date that does not exist and a transaction without an amount', async () => {
    const badDate = sgmlStatement('<STMTTRN><DTPOSTED>20260230<TRNAMT>1<FITID>1</STMTTRN>');
    expect((await refusal(text(badDate))).message).toBe(OFX_MESSAGES.badDate('20260230'));
    const noAmount = sgmlStatement('<STMTTRN><DTPOSTED>20260201<FITID>1</STMTTRN>');
    expect((await refusal(text(noAmount))).message).toBe(OFX_MESSAGES.missing('amount (TRNAMT)'));
  });
});

describe('OFX 2.x (XML)', () => {
  it('reads a UTF-8 statement with a BOM, entities, a payee aggregate and comments', async () => {
    const { info, rows } = await parseStatementFile(fixture('savings-xml-utf8.ofx'));
    expect(info).toEqual({
      format: 'OFX',
      accountId: '9876543210',
      accountType: 'SAVINGS',
      currency: 'USD',
      ledgerBalanceCents: 1_051_233,
      ledgerBalanceDate: '2026-03-31',
    });
    expect(rows).toEqual([
      {
        date: '2026-03-04',
        amountCents: -123_456,
        payee: 'Smith & Sons Plumbing',
        memo: 'Invoice #42 <paid>',
        fitId: 'A1B2C3',
        checkNumber: null,
      },
      { date: '2026-03-31', amountCents: 307, payee: 'Interest paid', memo: '', fitId: 'A1B2C4', checkNumber: null },
    ]);
  });
});

describe('QIF', () => {
  it("reads US dates (including Quicken's apostrophe years) and grouped amounts", async () => {
    const { info, rows } = await parseStatementFile(fixture('checking-us.qif'));
    expect(info.format).toBe('QIF');
    expect(info.accountType).toBe('BANK');
    expect(rows).toEqual([
      {
        date: '2025-12-28',
        amountCents: -123_456,
        payee: 'Landlord LLC',
        memo: 'January rent',
        fitId: null,
        checkNumber: '1042',
      },
      { date: '2026-01-05', amountCents: 250_000, payee: 'ACME Payroll', memo: '', fitId: null, checkNumber: null },
      { date: '2026-01-13', amountCents: -4510, payee: 'Whole Foods #102', memo: '', fitId: null, checkNumber: null },
    ]);
  });

  it('reads European dates and amounts from a windows-1252 file, skipping its account block', async () => {
    const { rows } = await parseStatementFile(fixture('giro-european-1252.qif'));
    expect(rows.map((row) => [row.date, row.amountCents, row.payee])).toEqual([
      ['2026-02-03', -123_456, 'Miete Februar'],
      ['2026-02-15', 285_000, 'Gehalt'],
      ['2026-02-28', -799, 'Bäckerei Müller'],
    ]);
  });

  it('refuses dates that read both ways unless told the order, then follows it', async () => {
    expect((await refusal(fixture('ambiguous-dates.qif'))).message).toBe(QIF_MESSAGES.ambiguousDateOrder);
    const dayFirst = await parseStatementFile(fixture('ambiguous-dates.qif'), { qifDateOrder: 'DMY' });
    expect(dayFirst.rows.map((row) => row.date)).toEqual(['2026-04-03', '2026-06-05']);
    const monthFirst = await parseStatementFile(fixture('ambiguous-dates.qif'), { qifDateOrder: 'MDY' });
    expect(monthFirst.rows.map((row) => row.date)).toEqual(['2026-03-04', '2026-05-06']);
  });

  it('lets the file overrule a wrong order: a day above 12 settles it', async () => {
    const { rows } = await parseStatementFile(fixture('giro-european-1252.qif'), { qifDateOrder: 'MDY' });
    expect(rows[0]?.date).toBe('2026-02-03');
  });

  it('refuses a file that mixes both orders', async () => {
    expect((await refusal(fixture('mixed-dates.qif'))).message).toBe(QIF_MESSAGES.mixedDateOrder);
  });

  it('refuses investment files and records without an amount', async () => {
    expect((await refusal(text('!Type:Invst\nD01/02/2026\nNBuy\n^\n'))).message).toBe(QIF_MESSAGES.investment);
    expect((await refusal(text('!Type:Bank\nD01/13/2026\nPShop\n^\n'))).message).toBe(
      QIF_MESSAGES.missing('amount', 1),
    );
  });
});

describe('hostile files', () => {
  it('refuses a file over the size limit before reading it', async () => {
    const huge = new Uint8Array(STATEMENT_LIMITS.maxBytes + 1).fill(0x41);
    const error = await refusal(huge);
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toBe(STATEMENT_MESSAGES.tooLarge);
  });

  it('refuses binary files', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    expect((await refusal(zip)).message).toBe(STATEMENT_MESSAGES.binary);
  });

  it('refuses nesting deeper than the limit', async () => {
    const depth = STATEMENT_LIMITS.maxDepth + 5;
    const deep = `${sgmlHeader}<OFX>${'<A>'.repeat(depth)}${'</A>'.repeat(depth)}</OFX>`;
    expect((await refusal(text(deep))).message).toBe(OFX_MESSAGES.tooDeep);
  });

  it('refuses more transactions than the limit', async () => {
    const row = '<STMTTRN><DTPOSTED>20260101<TRNAMT>1<FITID>x</STMTTRN>';
    const many = sgmlStatement(row.repeat(STATEMENT_LIMITS.maxTransactions + 1));
    expect((await refusal(text(many))).message).toBe(OFX_MESSAGES.tooMany);
    const qif = `!Type:Bank\n${'D01/13/2026\nT1\n^\n'.repeat(STATEMENT_LIMITS.maxTransactions + 1)}`;
    expect((await refusal(text(qif))).message).toBe(QIF_MESSAGES.tooMany);
  });

  it('gives the event loop turns while it reads a file at the row limit, in either format', async () => {
    const row = '<STMTTRN><DTPOSTED>20260101<TRNAMT>-1.50<FITID>x<NAME>Corner shop</STMTTRN>';
    const ofx = text(sgmlStatement(row.repeat(STATEMENT_LIMITS.maxTransactions)));
    const qif = text(
      `!Type:Bank\n${'D01/13/2026\nT-1.50\nPCorner shop\n^\n'.repeat(STATEMENT_LIMITS.maxTransactions)}`,
    );
    for (const file of [ofx, qif]) {
      // Another request's work: it only runs when the reader yields.
      let turns = 0;
      let running = true;
      const other = () => {
        turns++;
        if (running) setImmediate(other);
      };
      setImmediate(other);
      const { rows } = await parseStatementFile(file);
      running = false;
      expect(rows).toHaveLength(STATEMENT_LIMITS.maxTransactions);
      // At least one turn per 1,000 rows read, and more while the text is tokenised.
      expect(turns).toBeGreaterThanOrEqual(STATEMENT_LIMITS.maxTransactions / 1_000);
    }
  });

  it('refuses a file that ends inside a tag or before its aggregates close', async () => {
    expect((await refusal(text(`${sgmlHeader}<OFX><BANKMSGSRSV1`))).message).toBe(OFX_MESSAGES.unclosedTag);
    expect((await refusal(text(`${sgmlHeader}<OFX><BANKMSGSRSV1>`))).message).toBe(
      OFX_MESSAGES.unclosed('BANKMSGSRSV1'),
    );
  });

  it('refuses an unknown character set, an unknown format and an empty file', async () => {
    const koi = sgmlStatement('').replace('CHARSET:1252', 'CHARSET:KOI8-R');
    expect((await refusal(text(koi))).message).toBe(STATEMENT_MESSAGES.unknownCharset('KOI8-R'));
    expect((await refusal(text('Date,Amount\n2026-01-01,5\n'))).message).toBe(STATEMENT_MESSAGES.unknownFormat);
    expect((await refusal(new Uint8Array(0))).message).toBe(STATEMENT_MESSAGES.empty);
  });

  it('reads a 5 MB statement in linear time', async () => {
    const row = '<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260101<TRNAMT>-1.00<FITID>x<NAME>Shop<MEMO>m</STMTTRN>\n';
    const big = sgmlStatement(row.repeat(STATEMENT_LIMITS.maxTransactions));
    const unclosedRun = `${sgmlHeader}<OFX>${'<A>x'.repeat(1_200_000)}</OFX>`;
    const started = performance.now();
    const { rows } = await parseStatementFile(text(big));
    expect(rows).toHaveLength(STATEMENT_LIMITS.maxTransactions);
    expect((await refusal(text(unclosedRun))).message).toBe(OFX_MESSAGES.tooManyElements);
    // Generous for a slow shared machine; a quadratic reader takes minutes on these inputs.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
