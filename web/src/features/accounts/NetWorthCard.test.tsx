import type { NetWorthPoint } from '@finailytics/shared';
import { screen, waitFor, within } from '@testing-library/react';
import type { Operation } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { session } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import { NetWorthCard } from './NetWorthCard';
import { monthEnds, yearBefore } from './net-worth';

const points: NetWorthPoint[] = [
  { date: '2025-03-31', assets: 1000, liabilities: 200, netWorth: 800 },
  { date: '2025-04-15', assets: 1100, liabilities: 200, netWorth: 900 },
  { date: '2025-04-30', assets: 1500, liabilities: 250, netWorth: 1250 },
  { date: '2026-03-20', assets: 4000, liabilities: 500.5, netWorth: 3499.5 },
];

beforeEach(() => {
  session.set({ accessToken: 'token', expiresAt: new Date(Date.now() + 60_000).toISOString() });
});
afterEach(() => {
  session.clear();
});

describe('NetWorthCard', () => {
  it('asks for the last twelve months and says the figures in words and in a table', async () => {
    const { calls } = renderWithApi(<NetWorthCard currency="USD" today="2026-03-20" />, (op: Operation): FakeAnswer => {
      if (op.path === 'account.netWorth') return { data: points };
      throw new Error(`unexpected call ${op.path}`);
    });
    const summary = await screen.findByTestId('net-worth-summary');
    expect(summary.textContent).toBe(
      '$3,499.50 on Mar 20, 2026 (assets $4,000.00, owed $500.50); $800.00 on Mar 31, 2025, a change of +$2,699.50.',
    );
    expect(calls.find((call) => call.path === 'account.netWorth')?.input).toEqual({
      from: '2025-03-20',
      to: '2026-03-20',
    });
    const table = screen.getByRole('table', { hidden: true });
    const rows = within(table).getAllByRole('row', { hidden: true }).slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      'Mar 31, 2025$1,000.00$200.00$800.00',
      'Apr 30, 2025$1,500.00$250.00$1,250.00',
      'Mar 20, 2026$4,000.00$500.50$3,499.50',
    ]);
  });

  it('says so when there are no balances yet', async () => {
    renderWithApi(<NetWorthCard currency="USD" today="2026-03-20" />, (): FakeAnswer => ({ data: [] }));
    await waitFor(() => expect(screen.getByText('No balances yet.')).toBeTruthy());
  });
});

describe('net worth helpers', () => {
  it('steps back a year, 29 February to the 28th', () => {
    expect(yearBefore('2026-03-20')).toBe('2025-03-20');
    expect(yearBefore('2028-02-29')).toBe('2027-02-28');
  });

  it('keeps the last point of each month', () => {
    expect(monthEnds(points).map((point) => point.date)).toEqual(['2025-03-31', '2025-04-30', '2026-03-20']);
  });
});
