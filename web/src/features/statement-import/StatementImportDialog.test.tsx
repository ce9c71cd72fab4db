import { STATEMENT_IMPORT_MESSAGES, type StatementImportPreview, type StatementPreviewRow } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { StatementImportDialog } from './StatementImportDialog';

const row = (overrides: Partial<StatementPreviewRow>): StatementPreviewRow => ({
  position: 1,
  sourceId: 'fitid:1',
  date: '2026-03-02',
  amount: -12.5,
  type: 'EXPENSE',
  payee: 'CORNER CAFE',
  memo: '',
  title: 'CORNER CAFE',
  category: 'Uncategorized',
  categorisation: null,
  status: 'new',
  duplicateOf: null,
  error: null,
  ...overrides,
});

const preview: StatementImportPreview = {
  fileName: 'march.ofx',
  info: {
    format: 'OFX',
    accountId: '42',
    accountType: 'CHECKING',
    currency: 'USD',
    ledgerBalanceCents: null,
    ledgerBalanceDate: null,
  },
  firstDate: '2026-03-02',
  lastDate: '2026-03-09',
  rows: [
    row({
      category: 'Coffee',
      categorisation: {
        by: 'rule',
        ruleId: 'r1',
        rulePattern: 'cafe',
        category: 'Coffee',
        categoryId: 'c1',
        setTitle: null,
        setPaymentMethod: null,
      },
    }),
    row({
      sourceId: 'fitid:2',
      date: '2026-03-05',
      amount: 2500,
      type: 'INCOME',
      title: 'ACME PAYROLL',
      categorisation: { by: 'suggestion', category: 'Salary', merchant: 'acme payroll', count: 3 },
    }),
    row({ sourceId: 'fitid:3', date: '2026-03-08', title: 'OLD ROW', status: 'already imported' }),
    row({
      sourceId: 'fitid:4',
      date: '2026-03-09',
      amount: -60,
      title: 'BOOKSHOP',
      status: 'possible duplicate',
      duplicateOf: { id: 't9', title: 'Bookshop', date: '2026-03-08' },
    }),
  ],
  counts: { total: 4, new: 2, alreadyImported: 1, possibleDuplicates: 1, errors: 0 },
  unlisted: { total: 0, possibleDuplicates: 0, errors: 0 },
  truncated: false,
};

const ACCOUNT_ID = '00000000-0000-4000-8000-000000000001';

function api(op: Operation): FakeAnswer {
  if (op.path === 'account.previewStatementImport') return { data: preview };
  if (op.path === 'account.importStatement')
    return { data: { imported: 3, skippedAlreadyImported: 1, skippedPossibleDuplicates: 0 } };
  throw new Error(`unexpected call ${op.path}`);
}

const statementFile = (name = 'march.ofx', text = 'OFXHEADER:100\n<OFX></OFX>') => new File([text], name);

function renderDialog(respond = api) {
  return renderWithApi(
    <StatementImportDialog accountId={ACCOUNT_ID} accountName="Checking" open onClose={() => {}} />,
    respond,
  );
}

describe('StatementImportDialog', () => {
  it('previews the rows with their status in words and category source, and imports new rows plus kept duplicates', async () => {
    const { calls } = renderDialog();
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText('Statement file (OFX, QFX or QIF)'), statementFile());
    const counts = await screen.findByTestId('statement-counts');
    expect(counts.textContent).toBe(
      '4 transactions in march.ofx (Mar 2, 2026 – Mar 9, 2026): 2 new, 1 already imported, 1 possible duplicate.',
    );
    const cafe = within(screen.getByTestId('statement-row-fitid:1'));
    expect(cafe.getByText('new')).toBeTruthy();
    expect(cafe.getByTestId('categorised-by-rule')).toBeTruthy();
    const payroll = within(screen.getByTestId('statement-row-fitid:2'));
    expect(payroll.getByTestId('categorised-by-suggestion').textContent).toContain('suggested: Salary (not applied)');
    expect(within(screen.getByTestId('statement-row-fitid:3')).getByText('already imported')).toBeTruthy();
    const duplicate = within(screen.getByTestId('statement-row-fitid:4'));
    expect(duplicate.getByText('possible duplicate')).toBeTruthy();
    expect(duplicate.getByText('matches “Bookshop” on Mar 8, 2026')).toBeTruthy();

    const importButton = screen.getByRole('button', { name: 'Import 2 transactions', hidden: true });
    await user.click(duplicate.getByLabelText('Keep BOOKSHOP on Mar 9, 2026 anyway'));
    expect(importButton.textContent).toBe('Import 3 transactions');
    await user.click(importButton);
    expect(await screen.findByText('Imported 3 transactions into Checking')).toBeTruthy();
    expect(screen.getByText('Skipped 1 already imported and 0 possible duplicates.')).toBeTruthy();
    const sent = calls.find((call) => call.path === 'account.importStatement')?.input as Record<string, unknown>;
    expect(sent).toMatchObject({ accountId: ACCOUNT_ID, fileName: 'march.ofx', keepDuplicates: ['fitid:4'] });
    expect(atob(sent.contentBase64 as string)).toBe('OFXHEADER:100\n<OFX></OFX>');
  });

  it('shows rows that cannot be stored, offers no import, and says how many rows are not listed', async () => {
    const broken: StatementImportPreview = {
      ...preview,
      rows: [
        ...preview.rows,
        row({
          position: 2_001,
          sourceId: 'fitid:zero',
          amount: 0,
          title: 'INFO ONLY',
          status: 'error',
          error: 'This row has an amount of 0',
        }),
      ],
      counts: { total: 3_000, new: 2_000, alreadyImported: 1, possibleDuplicates: 998, errors: 1 },
      unlisted: { total: 2_995, possibleDuplicates: 997, errors: 0 },
    };
    renderDialog((op) => (op.path === 'account.previewStatementImport' ? { data: broken } : api(op)));
    const user = userEvent.setup();
    await user.upload(screen.getByLabelText('Statement file (OFX, QFX or QIF)'), statementFile());
    expect((await screen.findByTestId('statement-counts')).textContent).toContain(
      ': 2000 new, 1 already imported, 998 possible duplicates, 1 error.',
    );
    const zero = within(screen.getByTestId('statement-row-fitid:zero'));
    expect(zero.getByText('error')).toBeTruthy();
    expect(zero.getByText('This row has an amount of 0')).toBeTruthy();
    expect(screen.getByText('1 row of this file cannot be stored, so nothing can be imported from it.')).toBeTruthy();
    expect(screen.getByTestId('statement-unlisted').textContent).toBe(
      '2995 more rows are not listed, among them 997 possible duplicates (skipped) and 0 errors.',
    );
    const importButton = screen.getByRole('button', { name: 'Import 0 transactions', hidden: true });
    expect((importButton as HTMLButtonElement).disabled).toBe(true);
  });

  it('asks for the date order of an ambiguous QIF file and previews again with it', async () => {
    const { calls } = renderDialog((op) => {
      const input = op.input as { qifDateOrder?: string };
      if (op.path === 'account.previewStatementImport' && !input.qifDateOrder)
        return { error: { code: 'BAD_REQUEST', message: STATEMENT_IMPORT_MESSAGES.chooseDateOrder } };
      return api(op);
    });
    const user = userEvent.setup();
    await user.upload(
      screen.getByLabelText('Statement file (OFX, QFX or QIF)'),
      statementFile('a.qif', '!Type:Bank\n'),
    );
    await user.click(await screen.findByLabelText('Day first (03/04 is 3 April)'));
    await screen.findByTestId('statement-counts');
    const previews = calls.filter((call) => call.path === 'account.previewStatementImport');
    expect(previews.map((call) => (call.input as { qifDateOrder?: string }).qifDateOrder)).toEqual([undefined, 'DMY']);
  });

  it('refuses a file that is not a statement before uploading it, and shows the server’s error for a broken one', async () => {
    const { calls } = renderDialog(() => ({
      error: { code: 'BAD_REQUEST', message: 'This is not an OFX, QFX or QIF statement' },
    }));
    const user = userEvent.setup({ applyAccept: false });
    const input = screen.getByLabelText('Statement file (OFX, QFX or QIF)');
    await user.upload(input, statementFile('photo.png', 'x'));
    expect((await screen.findByRole('alert', { hidden: true })).textContent).toBe(
      'Choose an OFX, QFX or QIF file exported from your bank.',
    );
    expect(calls).toHaveLength(0);
    await user.upload(input, statementFile('broken.ofx', 'hello'));
    expect(await screen.findByText('This is not an OFX, QFX or QIF statement')).toBeTruthy();
    expect((screen.getByRole('button', { name: /^Import/, hidden: true }) as HTMLButtonElement).disabled).toBe(true);
  });
});
