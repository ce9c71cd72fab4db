import { type Category, OTHERS_CATEGORY, REPORT_MESSAGES, type ReportContent } from '@finailytics/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Operation } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../lib/trpc';
import type { FakeAnswer } from '../../test/fake-server';
import { renderWithApi } from '../../test/render';
import ReportsPage from './ReportsPage';

const content: ReportContent = {
  period: { from: '2026-02-01', to: '2026-02-28', label: 'February 2026' },
  currency: 'EUR',
  summary: { income: 3200, expenses: 1500, balance: 1700, savingsRate: 53.13, topCategories: [] },
  insights: [],
};

const categories: Category[] = [
  { id: 'c0000000-0000-4000-8000-000000000001', kind: 'EXPENSE', name: 'Groceries', colour: '#16a34a', icon: null },
  { id: 'c0000000-0000-4000-8000-000000000002', kind: 'EXPENSE', name: 'Dining', colour: '#ea580c', icon: null },
  // The same name as income: the report's categories are expenses, so this colour never shows.
  { id: 'c0000000-0000-4000-8000-000000000003', kind: 'INCOME', name: 'Dining', colour: '#0d9488', icon: null },
];

function api(
  emailVerified: boolean,
  sendNow: () => FakeAnswer = () => ({ data: { status: 'SENT' } }),
  frequency: 'WEEKLY' | 'MONTHLY' = 'MONTHLY',
  report: ReportContent = content,
) {
  return (op: Operation): FakeAnswer => {
    switch (op.path) {
      case 'user.me':
        return { data: { id: 'u1', name: 'Ada', email: 'ada@example.com', emailVerified, currency: 'EUR' } };
      case 'report.getSettings':
        return { data: { id: 's1', frequency, isEnabled: true, nextReportDate: '2026-04-01' } };
      case 'report.generate':
        return { data: report };
      case 'category.list':
        return { data: categories };
      case 'report.list':
        return { data: { items: [], pagination: { page: 1, pageSize: 10, totalCount: 0, totalPages: 0 } } };
      case 'report.sendNow':
        return sendNow();
      case 'auth.resendVerification':
        return { data: { sent: true, message: 'We have sent you a new verification link.' } };
      default:
        throw new Error(`unexpected call ${op.path}`);
    }
  };
}

const sendButton = () => screen.getByRole('button', { name: 'Send now' });

beforeEach(() => {
  session.set({ accessToken: 'token', expiresAt: new Date(Date.now() + 60_000).toISOString() });
});
afterEach(() => {
  session.clear();
});

describe('ReportsPage: Send now', () => {
  it('is disabled for an unverified address, says why beside it and offers a new link', async () => {
    const { calls } = renderWithApi(<ReportsPage />, api(false));
    const hint = await screen.findByText(REPORT_MESSAGES.emailNotVerified);
    expect(sendButton()).toHaveProperty('disabled', true);
    expect(sendButton().getAttribute('aria-describedby')).toBe(hint.id);
    await userEvent.click(screen.getByRole('button', { name: 'Resend link' }));
    expect(await screen.findByText('We have sent you a new verification link.')).toBeTruthy();
    expect(calls.map((call) => call.path)).toContain('auth.resendVerification');
    expect(calls.map((call) => call.path)).not.toContain('report.sendNow');
  });

  it('sends for a verified address', async () => {
    const { calls } = renderWithApi(<ReportsPage />, api(true));
    await screen.findByText('February 2026');
    expect(screen.queryByText(REPORT_MESSAGES.emailNotVerified)).toBeNull();
    await userEvent.click(sendButton());
    expect(await screen.findByText('Report sent to your e-mail')).toBeTruthy();
    expect(calls.find((call) => call.path === 'report.sendNow')?.input).toEqual({ preset: 'lastMonth' });
  });

  it("shows the server's reason when it refuses the address all the same", async () => {
    // The page's copy of the user can be older than the server's answer.
    renderWithApi(
      <ReportsPage />,
      api(true, () => ({ error: { code: 'FORBIDDEN', message: REPORT_MESSAGES.emailNotVerified } })),
    );
    await screen.findByText('February 2026');
    await userEvent.click(sendButton());
    expect(await screen.findByText(REPORT_MESSAGES.emailNotVerified)).toBeTruthy();
  });

  it('says how long to wait when the sends are used up', async () => {
    renderWithApi(
      <ReportsPage />,
      api(true, () => ({
        error: { code: 'TOO_MANY_REQUESTS', message: 'Too many attempts.', data: { retryAfterSeconds: 1740 } },
      })),
    );
    await screen.findByText('February 2026');
    await userEvent.click(sendButton());
    expect(await screen.findByText('Too many attempts. Please try again in 29 minutes.')).toBeTruthy();
  });
});

describe('ReportsPage: the preview', () => {
  it('covers what the next report will: last week for a weekly report, and only that', async () => {
    const { calls } = renderWithApi(<ReportsPage />, api(true, undefined, 'WEEKLY'));
    await screen.findByText('February 2026');
    const previews = calls.filter((call) => call.path === 'report.generate').map((call) => call.input);
    expect(previews).toEqual([{ preset: 'lastWeek' }]);
    expect((screen.getByRole('combobox', { name: 'Report period' }) as HTMLSelectElement).value).toBe('lastWeek');
  });

  it('covers last month for a monthly report', async () => {
    const { calls } = renderWithApi(<ReportsPage />, api(true));
    await screen.findByText('February 2026');
    const previews = calls.filter((call) => call.path === 'report.generate').map((call) => call.input);
    expect(previews).toEqual([{ preset: 'lastMonth' }]);
  });
});

describe('ReportsPage: top categories', () => {
  it('draws each category in its own colour, and a name no category has any more in the palette’s', async () => {
    const withCategories: ReportContent = {
      ...content,
      summary: {
        ...content.summary,
        topCategories: [
          { name: 'Dining', amount: 600, percent: 40 },
          { name: 'Groceries', amount: 450, percent: 30 },
          { name: 'Cafés', amount: 300, percent: 20 },
          { name: OTHERS_CATEGORY, amount: 150, percent: 10 },
        ],
      },
    };
    renderWithApi(<ReportsPage />, api(true, undefined, 'MONTHLY', withCategories));
    const heading = await screen.findByRole('heading', { name: 'Top spending categories' });
    const legend = heading.nextElementSibling as HTMLElement;
    // Wait for the categories to arrive: the palette draws every row until they do.
    await vi.waitFor(() => expect(swatch(legend, 'Dining')).toBe('#ea580c'));
    expect(swatch(legend, 'Groceries')).toBe('#16a34a');
    // Third in the list: the palette's third colour (the light theme's in the test's document).
    expect(swatch(legend, 'Cafés')).toBe('#d97706');
    expect(swatch(legend, OTHERS_CATEGORY)).toBe('#94a3b8');
  });
});

function swatch(legend: HTMLElement, name: string): string {
  const row = within(legend).getByText(name).closest('li') as HTMLElement;
  return (row.querySelector('.legend-swatch') as HTMLElement).style.background;
}
