import type { Transaction } from '@finailytics/shared';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithApi } from '../../test/render';
import { useDeleteWithUndo } from './use-delete-with-undo';

const UNDO_ID = 'u0000000-0000-4000-8000-000000000001';

function DeleteButton({ row }: { row: Pick<Transaction, 'id' | 'transferId'> }) {
  const { deleteOne } = useDeleteWithUndo();
  return (
    <button type="button" onClick={() => deleteOne(row as Transaction)}>
      Delete
    </button>
  );
}

function renderDelete(row: Pick<Transaction, 'id' | 'transferId'>, deletedCount: number) {
  return renderWithApi(<DeleteButton row={row} />, (op) => {
    if (op.path === 'transaction.delete') return { data: { undoId: UNDO_ID, deletedCount } };
    if (op.path === 'transaction.undoDelete') return { data: { restoredCount: deletedCount } };
    return { data: [] };
  });
}

describe('useDeleteWithUndo', () => {
  it('says a transfer went when one of its legs is deleted, and that it came back on Undo', async () => {
    const { calls } = renderDelete(
      { id: 't0000000-0000-4000-8000-000000000001', transferId: 'f0000000-0000-4000-8000-000000000001' },
      2,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await screen.findByText('Transfer deleted');
    await userEvent.click(screen.getByRole('button', { name: 'Undo', hidden: true }));
    await screen.findByText('Transfer restored');
    expect(calls.filter((call) => call.type === 'mutation').map((call) => call.path)).toEqual([
      'transaction.delete',
      'transaction.undoDelete',
    ]);
  });

  it('says a transaction went for any other row', async () => {
    renderDelete({ id: 't0000000-0000-4000-8000-000000000002', transferId: null }, 1);
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await screen.findByText('Transaction deleted');
    await userEvent.click(screen.getByRole('button', { name: 'Undo', hidden: true }));
    await screen.findByText('Transaction restored');
  });
});
