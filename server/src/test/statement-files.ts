/** Bank statement files built in tests, row by row. */

export interface OfxRow {
  type?: string;
  date: string;
  amount: string;
  name: string;
  fitId?: string;
  memo?: string;
}

/** An OFX 1.x (SGML) bank statement holding these rows. */
export function ofx(rows: readonly OfxRow[]): string {
  const transactionsText = rows
    .map(
      (row) =>
        `<STMTTRN><TRNTYPE>${row.type ?? 'DEBIT'}<DTPOSTED>${row.date.replaceAll('-', '')}<TRNAMT>${row.amount}` +
        `${row.fitId ? `<FITID>${row.fitId}` : ''}<NAME>${row.name}${row.memo ? `<MEMO>${row.memo}` : ''}</STMTTRN>`,
    )
    .join('\n');
  return [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'CHARSET:1252',
    '',
    '<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>42<ACCTTYPE>CHECKING</BANKACCTFROM>',
    `<BANKTRANLIST>${transactionsText}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
  ].join('\n');
}

export function qif(rows: ReadonlyArray<{ date: string; amount: string; payee: string }>): string {
  const records = rows.map((row) => `D${row.date}\nT${row.amount}\nP${row.payee}\n^`);
  return ['!Type:Bank', ...records].join('\n');
}

export const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
