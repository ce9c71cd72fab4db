import type { Transaction } from '@finailytics/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { TransactionDrawer } from '../transactions/TransactionDrawer';
import type { ReceiptScan } from './receipt-draft';

const RECEIPT_ID = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7]);

const scan: ReceiptScan = {
  receiptId: RECEIPT_ID,
  draft: {
    title: 'Corner Market',
    type: 'EXPENSE',
    amount: 23.4,
    date: '2026-11-28',
    category: 'Groceries',
    paymentMethod: null,
    description: 'Bread, milk',
  },
  confidence: { title: 0.93, amount: 0.95, date: 0.42, paymentMethod: 0, overall: 0.58 },
  text: 'CORNER MARKET\n28/11/2026\nTOTAL 23.40',
};

function renderDrawer(
  respond: (op: Operation) => FakeAnswer | Promise<FakeAnswer>,
  transaction: Transaction | null = null,
  onClose = () => {},
) {
  const view = renderWithApi(
    <TransactionDrawer
      open
      transaction={transaction}
      timezone="UTC"
      currency="USD"
      locale="en-US"
      categories={[]}
      onClose={onClose}
    />,
    respond,
  );
  // The drawer is the first dialog; the receipt viewer sits inside it, closed.
  return { ...view, dialog: within(screen.getAllByRole('dialog', { hidden: true })[0] as HTMLElement) };
}

const answerScan = (op: Operation): FakeAnswer =>
  op.path === 'transaction.scanReceipt' ? { data: scan } : { data: { id: 'new' } };

const upload = (dialog: ReturnType<typeof renderDrawer>['dialog'], file: File) =>
  userEvent.upload(dialog.getByLabelText('Receipt image') as HTMLInputElement, file, { applyAccept: false });

const describedBy = (element: HTMLElement) =>
  (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

/** Serves every receipt image as the PNG above, recording what was asked for. */
function serveImages() {
  const requested: string[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    requested.push(String(input));
    return new Response(PNG, { status: 200, headers: { 'Content-Type': 'image/png' } });
  });
  return requested;
}

beforeEach(() => {
  serveImages();
});
afterEach(() => vi.unstubAllGlobals());

describe('scanning a receipt in the add-transaction drawer', () => {
  it('sends the image as a data URL and fills the form, marking what the scanner was unsure of', async () => {
    const { dialog, calls } = renderDrawer(answerScan);
    await upload(dialog, new File([PNG], 'receipt.png', { type: 'image/png' }));
    await dialog.findByText('Filled in from the receipt: check the 2 marked fields.');
    expect(calls[0]?.path).toBe('transaction.scanReceipt');
    expect(calls[0]?.input).toEqual({
      image: `data:image/png;base64,${btoa(String.fromCharCode(...PNG))}`,
      locale: 'en-US',
    });
    expect((dialog.getByLabelText('Title') as HTMLInputElement).value).toBe('Corner Market');
    expect((dialog.getByLabelText('Amount') as HTMLInputElement).value).toBe('23.40');
    expect((dialog.getByLabelText('Category') as HTMLInputElement).value).toBe('Groceries');
    expect((dialog.getByLabelText('Description') as HTMLTextAreaElement).value).toBe('Bread, milk');
    const date = dialog.getByLabelText('Date') as HTMLInputElement;
    expect(date.value).toBe('2026-11-28');
    expect(describedBy(date)).toContain('Check this: the scanner was not sure it read it right.');
    expect(date.dataset.unsure).toBe('true');
    expect(describedBy(dialog.getByLabelText('Payment method'))).toContain(
      'Check this: the receipt does not say how it was paid.',
    );
    expect(describedBy(dialog.getByLabelText('Title'))).toBe('');
    // The keyboard goes on at the first field to check.
    expect(document.activeElement).toBe(date);
  });

  it('drops the mark once the person corrects the field, and saves with the receipt attached', async () => {
    const { dialog, calls } = renderDrawer(answerScan);
    await upload(dialog, new File([PNG], 'receipt.png', { type: 'image/png' }));
    const date = (await dialog.findByDisplayValue('2026-11-28')) as HTMLInputElement;
    await userEvent.clear(date);
    await userEvent.type(date, '2026-11-27');
    expect(describedBy(date)).not.toContain('Check this');
    expect(date.dataset.unsure).toBeUndefined();
    await userEvent.selectOptions(dialog.getByLabelText('Payment method'), 'CASH');
    await userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    await screen.findByText('Transaction added');
    expect(calls[1]?.path).toBe('transaction.create');
    expect(calls[1]?.input).toMatchObject({
      title: 'Corner Market',
      amount: 23.4,
      date: '2026-11-27',
      paymentMethod: 'CASH',
      receiptId: RECEIPT_ID,
    });
  });

  it('shows the progress state while the scanner reads, and Cancel goes back to the drop zone', async () => {
    let answer: (value: FakeAnswer) => void = () => {};
    const { dialog } = renderDrawer(() => new Promise<FakeAnswer>((resolve) => (answer = resolve)));
    await upload(dialog, new File([PNG], 'receipt.png', { type: 'image/png' }));
    const progress = await dialog.findByRole('status', { hidden: true });
    expect(progress.textContent).toContain('Reading the receipt…');
    await userEvent.click(within(progress).getByRole('button', { name: 'Cancel', hidden: true }));
    expect(dialog.getByRole('button', { name: 'Scan receipt', hidden: true })).toBeTruthy();
    answer({ data: scan });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((dialog.getByLabelText('Title') as HTMLInputElement).value).toBe('');
  });

  it('says a file that is not an image is not one, without sending it', async () => {
    const { dialog, calls } = renderDrawer(answerScan);
    await upload(dialog, new File(['TOTAL 12.00'], 'receipt.png', { type: 'image/png' }));
    expect((await dialog.findByRole('alert', { hidden: true })).textContent).toBe(
      'This file is not an image. Choose a photo of the receipt (PNG, JPEG or WebP).',
    );
    expect(calls).toHaveLength(0);
  });

  it('says how long to wait when the scanner is busy', async () => {
    const { dialog } = renderDrawer(() => ({
      error: { code: 'TOO_MANY_REQUESTS', message: 'Busy', data: { retryAfterSeconds: 8 } },
    }));
    await upload(dialog, new File([PNG], 'receipt.png', { type: 'image/png' }));
    expect((await dialog.findByRole('alert', { hidden: true })).textContent).toBe(
      'The scanner is busy. Try again in 8 seconds.',
    );
  });

  it('removing the receipt saves the transaction without it', async () => {
    const { dialog, calls } = renderDrawer(answerScan);
    await upload(dialog, new File([PNG], 'receipt.png', { type: 'image/png' }));
    await userEvent.click(await dialog.findByRole('button', { name: 'Remove receipt', hidden: true }));
    await userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    await screen.findByText('Transaction added');
    expect(calls[1]?.input).not.toHaveProperty('receiptId');
  });
});

describe('a saved transaction with a receipt', () => {
  const rent: Transaction = {
    id: '0b9f4f7e-5c1d-4d8e-9a1b-2c3d4e5f6a7b',
    title: 'Hardware store',
    description: null,
    type: 'EXPENSE',
    amount: 18.5,
    category: 'Home',
    date: '2026-11-02',
    paymentMethod: 'CARD',
    isRecurring: false,
    recurringInterval: null,
    nextRecurringDate: null,
    recurringEndDate: null,
    templateId: null,
    receiptId: RECEIPT_ID,
    accountId: '00000000-0000-4000-8000-0000000000a1',
    transferId: null,
    clearedAt: null,
    createdAt: '2026-11-02T00:00:00.000Z',
    updatedAt: '2026-11-02T00:00:00.000Z',
  };

  it('shows the thumbnail, and a click opens the full-size image in a dialog that closes alone', async () => {
    const requested = serveImages();
    const closeDrawer = vi.fn();
    const { dialog } = renderDrawer(() => ({ data: rent }), rent, closeDrawer);
    const thumb = dialog.getByRole('button', { name: 'Open the receipt full size', hidden: true });
    await waitFor(() => expect(thumb.querySelector('img')?.getAttribute('src')).toMatch(/^blob:/));
    await userEvent.click(thumb);
    const viewer = await screen.findByRole('img', { name: 'Receipt for Hardware store', hidden: true });
    expect(viewer.getAttribute('src')).toMatch(/^blob:/);
    expect(requested).toEqual([`/api/receipts/${RECEIPT_ID}?size=thumb`, `/api/receipts/${RECEIPT_ID}`]);
    const viewerDialog = screen.getAllByRole('dialog', { hidden: true })[1] as HTMLElement;
    await userEvent.click(within(viewerDialog).getByRole('button', { name: 'Close', hidden: true }));
    viewerDialog.dispatchEvent(new Event('close'));
    viewerDialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    expect(closeDrawer).not.toHaveBeenCalled();
    expect(screen.queryByRole('img', { name: 'Receipt for Hardware store', hidden: true })).toBeNull();
  });

  it('Remove receipt detaches it with receiptId: null; an untouched receipt is not sent', async () => {
    const first = renderDrawer(() => ({ data: rent }), rent);
    await userEvent.click(first.dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    await screen.findByText('Transaction updated');
    expect(first.calls[0]?.input).not.toHaveProperty('receiptId');
    first.unmount();

    const second = renderDrawer(() => ({ data: { ...rent, receiptId: null } }), rent);
    await userEvent.click(second.dialog.getByRole('button', { name: 'Remove receipt', hidden: true }));
    expect(second.dialog.queryByRole('button', { name: 'Open the receipt full size', hidden: true })).toBeNull();
    await userEvent.click(second.dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    await screen.findByText('Transaction updated');
    expect(second.calls[0]?.input).toMatchObject({ id: rent.id, receiptId: null });
  });

  it('a saved transaction without one can attach a receipt, keeping its fields as they are', async () => {
    const plain = { ...rent, receiptId: null };
    const { dialog, calls } = renderDrawer(
      (op) => (op.path === 'transaction.scanReceipt' ? { data: scan } : { data: { ...rent } }),
      plain,
    );
    await userEvent.click(dialog.getByRole('button', { name: 'Attach receipt', hidden: true }));
    await upload(dialog, new File([PNG], 'receipt.png', { type: 'image/png' }));
    await dialog.findByRole('button', { name: 'Open the receipt full size', hidden: true });
    expect((dialog.getByLabelText('Title') as HTMLInputElement).value).toBe('Hardware store');
    expect((dialog.getByLabelText('Amount') as HTMLInputElement).value).toBe('18.50');
    expect(dialog.queryByText(/Check this/)).toBeNull();
    await userEvent.click(dialog.getByRole('button', { name: 'Save transaction', hidden: true }));
    await screen.findByText('Transaction updated');
    expect(calls[1]?.input).toMatchObject({
      id: rent.id,
      title: 'Hardware store',
      amount: 18.5,
      receiptId: RECEIPT_ID,
    });
  });
});
