import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACTION_TOAST_MS, ToastProvider, useToast } from './Toast';

function DeleteButton({ onUndo }: { onUndo: () => void }) {
  const toast = useToast();
  return (
    <button type="button" onClick={() => toast.success('Transaction deleted', { label: 'Undo', run: onUndo })}>
      Delete
    </button>
  );
}

describe('a toast with an action', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the action once and closes when the button is pressed', () => {
    const undo = vi.fn();
    render(
      <ToastProvider>
        <DeleteButton onUndo={undo} />
      </ToastProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('status').textContent).toContain('Transaction deleted');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(undo).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('stays for the longer action time, then goes without running the action', () => {
    const undo = vi.fn();
    render(
      <ToastProvider>
        <DeleteButton onUndo={undo} />
      </ToastProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    act(() => vi.advanceTimersByTime(ACTION_TOAST_MS - 1));
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(undo).not.toHaveBeenCalled();
  });
});
