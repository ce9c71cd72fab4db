import type { CsvImportPreview, ImportCsvInput } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApi } from '../../test/render';
import { ImportWizard } from './ImportWizard';

const usCard = 'Transaction Date,Description,Type,Amount\n01/15/2026,STARBUCKS,Sale,-5.75\n';

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
    const { calls } = renderWithApi(<ImportWizard open onClose={() => {}} />, (op) => {
      const input = op.input as ImportCsvInput;
      return { data: input.dryRun ? dryRun(input) : { importedCount: 1, skippedCount: 0 } };
    });
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

    const inputs = calls.map((call) => call.input as ImportCsvInput);
    expect(calls.every((call) => call.path === 'transaction.importCsv')).toBe(true);
    expect(inputs.map((input) => input.dryRun)).toEqual([true, true, false]);
    expect(inputs[0]).toEqual({
      csv: usCard,
      separator: 'auto',
      decimal: 'auto',
      defaultPaymentMethod: 'OTHER',
      dryRun: true,
    });
    const expectedMapping = { 'Transaction Date': 'date', Description: 'title', Type: 'ignore', Amount: 'amount' };
    expect(inputs[1]?.mapping).toEqual(expectedMapping);
    expect(inputs[2]).toEqual({ ...inputs[1], dryRun: false });
  });

  it('says how many lines above the header it skipped, while mapping and in the preview', async () => {
    renderWithApi(<ImportWizard open onClose={() => {}} />, (op) => {
      const input = { ...(op.input as ImportCsvInput), mapping: { Type: 'ignore' as const } };
      return { data: { ...dryRun(input), skippedLines: 5 } };
    });
    const dialog = within(screen.getByRole('dialog', { hidden: true }));
    await userEvent.upload(dialog.getByLabelText('CSV file'), new File([usCard], 'card.csv'));
    await dialog.findByText('1 of 1 rows read without problems.');
    expect(dialog.getByText(/card\.csv: 1 rows\. Skipped 5 lines above the header\./)).toBeTruthy();
    await userEvent.click(dialog.getByRole('button', { name: 'Preview', hidden: true }));
    expect(dialog.getByText('Skipped 5 lines above the header.')).toBeTruthy();
  });

  it('keeps Import disabled while any row has a problem', async () => {
    renderWithApi(<ImportWizard open onClose={() => {}} />, (op) => ({ data: dryRun(op.input as ImportCsvInput) }));
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
