import type { CsvImportPreview, ImportCsvInput, ImportResult, LedgerAccount } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { FakeAnswer } from '../../test/fake-server';
import { ledgerAccount as accountOf } from '../../test/ledger';
import { renderWithApi } from '../../test/render';
import { ImportWizard } from './ImportWizard';

const usCard = 'Transaction Date,Description,Type,Amount\n01/15/2026,STARBUCKS,Sale,-5.75\n';

const ID = {
  main: '5b0c6e2d-1a4f-4c8e-9d3b-7e6f5a4b3c01',
  savings: '5b0c6e2d-1a4f-4c8e-9d3b-7e6f5a4b3c02',
  old: '5b0c6e2d-1a4f-4c8e-9d3b-7e6f5a4b3c03',
};

function ledgerAccount(id: string, name: string, position: number, extra: Partial<LedgerAccount> = {}): LedgerAccount {
  return accountOf({ id, name, position, ...extra });
}

const mainOnly = [ledgerAccount(ID.main, 'Main account', 0, { isDefault: true })];
const threeAccounts = [
  ledgerAccount(ID.savings, 'Savings', 0),
  ledgerAccount(ID.main, 'Main account', 1, { isDefault: true }),
  ledgerAccount(ID.old, 'Old wallet', 2, { isArchived: true }),
];

/** The server: the accounts, and `importCsv` answered by `answer`. */
function api(answer: (input: ImportCsvInput) => CsvImportPreview | ImportResult, accounts = mainOnly) {
  return (op: Operation): FakeAnswer => {
    if (op.path === 'account.list') return { data: accounts };
    if (op.path === 'transaction.importCsv') return { data: answer(op.input as ImportCsvInput) };
    throw new Error(`unexpected call ${op.path}`);
  };
}

const importInputs = (calls: Operation[]) =>
  calls.filter((call) => call.path === 'transaction.importCsv').map((call) => call.input as ImportCsvInput);

/** The server's dry-run answer for the card file: its Type column holds card words until it is ignored. */
function dryRun(input: ImportCsvInput): CsvImportPreview {
  const typeIgnored = input.mapping?.Type === 'ignore';
  return {
    dryRun: true,
    importedCount: 0,
    skippedCount: 0,
    separator: ',',
    skippedLines: 0,
    decimal: '.',
    dateFormat: 'MM/DD/YYYY',
    columns: [
      { name: 'Transaction Date', field: 'date', sample: '01/15/2026' },
      { name: 'Description', field: 'title', sample: 'STARBUCKS' },
      { name: 'Type', field: typeIgnored ? null : 'type', sample: 'Sale' },
      { name: 'Amount', field: 'amount', sample: '-5.75' },
    ],
    missing: [],
    rowCount: 1,
    validCount: typeIgnored ? 1 : 0,
    alreadyImportedCount: 0,
    invalidRowCount: typeIgnored ? 0 : 1,
    rows: typeIgnored
      ? [
          {
            row: 2,
            title: 'STARBUCKS',
            description: null,
            type: 'EXPENSE',
            amount: 5.75,
            category: 'Uncategorized',
            date: '2026-01-15',
            paymentMethod: input.defaultPaymentMethod ?? 'CASH',
          },
        ]
      : [],
    errors: typeIgnored ? [] : [{ row: 2, field: 'type', message: '"Sale" is not a type' }],
    errorCount: typeIgnored ? 0 : 1,
  };
}

describe('ImportWizard', () => {
  it('previews with the server, sends the changed mapping, and imports with the same options', async () => {
    const { calls } = renderWithApi(
      <ImportWizard open onClose={() => {}} />,
      api((input) => (input.dryRun ? dryRun(input) : { importedCount: 1, skippedCount: 0 })),
    );
    const dialog = within(screen.getByRole('dialog', { hidden: true }));
    await userEvent.upload(dialog.getByLabelText('CSV file'), new File([usCard], 'card.csv', { type: 'text/csv' }));
    await dialog.findByText('0 of 1 rows read without problems.');
    expect(dialog.getByRole('button', { name: 'Preview', hidden: true })).toHaveProperty('disabled', false);

    await userEvent.selectOptions(dialog.getByLabelText('Type'), 'ignore');
    await dialog.findByText('1 of 1 rows read without problems.');
    await userEvent.click(dialog.getByRole('button', { name: 'Preview', hidden: true }));
    expect(dialog.getByText('1 valid')).toBeTruthy();
    expect(dialog.getByText('Uncategorized')).toBeTruthy();
    await userEvent.click(dialog.getByRole('button', { name: 'Import 1 transactions', hidden: true }));
    await dialog.findByText('Imported 1 transactions');
    expect(await screen.findByText('Imported 1 transaction.')).toBeTruthy();
    // One open account: nothing to choose, and the import goes to it.
    expect(dialog.queryByLabelText('Account')).toBeNull();

    const inputs = importInputs(calls);
    expect(inputs.map((input) => input.dryRun)).toEqual([true, true, false]);
    expect(inputs[0]).toEqual({
      csv: usCard,
      separator: 'auto',
      decimal: 'auto',
      defaultPaymentMethod: 'OTHER',
      dryRun: true,
      accountId: ID.main,
    });
    const expectedMapping = { 'Transaction Date': 'date', Description: 'title', Type: 'ignore', Amount: 'amount' };
    expect(inputs[1]?.mapping).toEqual(expectedMapping);
    expect(inputs[2]).toEqual({ ...inputs[1], dryRun: false });
  });

  it('says how many lines above the header it skipped, while mapping and in the preview', async () => {
    renderWithApi(
      <ImportWizard open onClose={() => {}} />,
      api((input) => ({ ...dryRun({ ...input, mapping: { Type: 'ignore' } }), skippedLines: 5 })),
    );
    const dialog = within(screen.getByRole('dialog', { hidden: true }));
    await userEvent.upload(dialog.getByLabelText('CSV file'), new File([usCard], 'card.csv'));
    await dialog.findByText('1 of 1 rows read without problems.');
    expect(dialog.getByText(/card\.csv: 1 rows\. Skipped 5 lines above the header\./)).toBeTruthy();
    await userEvent.click(dialog.getByRole('button', { name: 'Preview', hidden: true }));
    expect(dialog.getByText('Skipped 5 lines above the header.')).toBeTruthy();
  });

  it('keeps Import disabled while any row has a problem', async () => {
    renderWithApi(
      <ImportWizard open onClose={() => {}} />,
      api((input) => dryRun(input)),
    );
    const dialog = within(screen.getByRole('dialog', { hidden: true }));
    await userEvent.upload(dialog.getByLabelText('CSV file'), new File([usCard], 'card.csv'));
    await dialog.findByText('0 of 1 rows read without problems.');
    await userEvent.click(dialog.getByRole('button', { name: 'Preview', hidden: true }));
    expect(dialog.getByText('1 with problems')).toBeTruthy();
    expect(dialog.getByText('"Sale" is not a type')).toBeTruthy();
    expect(dialog.getByRole('button', { name: 'Import 0 transactions', hidden: true })).toHaveProperty(
      'disabled',
      true,
    );
  });
});

const bankFile = 'Date,Payee,Amount\n2026-01-15,Rent,-950\n2026-01-16,Grocer,-42.10\n';

/** A dry run of the bank file: both rows valid, the first of them already in the account when `known`. */
function bankDryRun(known: boolean): CsvImportPreview {
  const row = (number: number, title: string, amount: number, date: string, alreadyImported: boolean) => ({
    row: number,
    title,
    description: null,
    type: 'EXPENSE' as const,
    amount,
    category: 'Uncategorized',
    date,
    paymentMethod: 'OTHER' as const,
    categorisation: null,
    alreadyImported,
  });
  return {
    dryRun: true,
    importedCount: 0,
    skippedCount: 0,
    separator: ',',
    skippedLines: 0,
    decimal: '.',
    dateFormat: 'YYYY-MM-DD',
    columns: [
      { name: 'Date', field: 'date', sample: '2026-01-15' },
      { name: 'Payee', field: 'title', sample: 'Rent' },
      { name: 'Amount', field: 'amount', sample: '-950' },
    ],
    missing: [],
    rowCount: 2,
    validCount: 2,
    alreadyImportedCount: known ? 1 : 0,
    invalidRowCount: 0,
    rows: [row(2, 'Rent', 950, '2026-01-15', known), row(3, 'Grocer', 42.1, '2026-01-16', false)],
    errors: [],
    errorCount: 0,
  };
}

async function uploadAndPreview(file = bankFile) {
  const dialog = within(screen.getByRole('dialog', { hidden: true }));
  await userEvent.upload(dialog.getByLabelText('CSV file'), new File([file], 'bank.csv', { type: 'text/csv' }));
  await dialog.findByText('2 of 2 rows read without problems.');
  await userEvent.click(dialog.getByRole('button', { name: 'Preview', hidden: true }));
  return dialog;
}

describe('ImportWizard: the account and rows imported before', () => {
  it('starts in the account the list shows, offers the open accounts, and sends the one chosen', async () => {
    const { calls } = renderWithApi(
      <ImportWizard open onClose={() => {}} accountId={ID.savings} />,
      api(
        (input) => (input.dryRun ? bankDryRun(input.accountId === ID.main) : { importedCount: 1, skippedCount: 1 }),
        threeAccounts,
      ),
    );
    const dialog = await uploadAndPreview();
    const select = dialog.getByLabelText('Account') as HTMLSelectElement;
    expect(select.value).toBe(ID.savings);
    expect(Array.from(select.options).map((option) => option.text)).toEqual(['Savings', 'Main account']);
    expect(dialog.queryByText(/imported before and will be skipped/)).toBeNull();

    await userEvent.selectOptions(select, 'Main account');
    await dialog.findByText('1 row was imported before and will be skipped.');
    await userEvent.click(dialog.getByRole('button', { name: 'Import 1 transactions', hidden: true }));
    await dialog.findByText('Imported 1 transactions');

    const inputs = importInputs(calls);
    expect(inputs.map((input) => [input.dryRun, input.accountId])).toEqual([
      [true, ID.savings],
      [true, ID.main],
      [false, ID.main],
    ]);
  });

  it('starts in the default account when the list shows an archived one', async () => {
    const { calls } = renderWithApi(
      <ImportWizard open onClose={() => {}} accountId={ID.old} />,
      api(() => bankDryRun(false), threeAccounts),
    );
    const dialog = await uploadAndPreview();
    expect((dialog.getByLabelText('Account') as HTMLSelectElement).value).toBe(ID.main);
    expect(importInputs(calls).map((input) => input.accountId)).toEqual([ID.main]);
  });

  it('asks again for the account the list shows once the accounts arrive', async () => {
    let sendAccounts: (accounts: LedgerAccount[]) => void = () => {};
    const accountsLater = new Promise<LedgerAccount[]>((resolve) => {
      sendAccounts = resolve;
    });
    const { calls } = renderWithApi(<ImportWizard open onClose={() => {}} accountId={ID.savings} />, async (op) =>
      op.path === 'account.list' ? { data: await accountsLater } : { data: bankDryRun(false) },
    );
    const dialog = await uploadAndPreview();
    expect(importInputs(calls).map((input) => input.accountId)).toEqual([undefined]);
    sendAccounts(threeAccounts);
    expect(((await dialog.findByLabelText('Account')) as HTMLSelectElement).value).toBe(ID.savings);
    expect(importInputs(calls).map((input) => input.accountId)).toEqual([undefined, ID.savings]);
  });

  it('says how many rows were imported before, marks them, and imports the others', async () => {
    renderWithApi(
      <ImportWizard open onClose={() => {}} />,
      api((input) => (input.dryRun ? bankDryRun(true) : { importedCount: 1, skippedCount: 1 })),
    );
    const dialog = await uploadAndPreview();
    expect(dialog.getByText('1 row was imported before and will be skipped.')).toBeTruthy();
    const rows = dialog.getAllByRole('row', { hidden: true }).slice(1);
    expect(rows.map((row) => within(row).queryByText('imported before') !== null)).toEqual([true, false]);
    expect(within(rows[0] as HTMLElement).getByText('Rent')).toBeTruthy();

    await userEvent.click(dialog.getByRole('button', { name: 'Import 1 transactions', hidden: true }));
    await dialog.findByText('Imported 1 transactions');
    expect(dialog.getByText('Skipped 1 imported before.')).toBeTruthy();
    expect(await screen.findByText('Imported 1 transaction; skipped 1 imported before.')).toBeTruthy();
  });

  it('keeps Import off when every row was imported before', async () => {
    renderWithApi(
      <ImportWizard open onClose={() => {}} />,
      api(() => ({ ...bankDryRun(true), alreadyImportedCount: 2 })),
    );
    const dialog = await uploadAndPreview();
    expect(
      dialog.getByText(
        '2 rows were imported before and will be skipped. There is nothing new to import into this account.',
      ),
    ).toBeTruthy();
    expect(dialog.getByRole('button', { name: 'Import 0 transactions', hidden: true })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
