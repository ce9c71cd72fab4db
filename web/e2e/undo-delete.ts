/*
 * Deleting without a confirmation: a transaction goes at once, the toast offers Undo, and Undo puts it
 * back as it was, a recurring template with its occurrences included. Runs in a browser context of its
 * own, with an account of its own.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, type Flow, type SignedUp, screenshot, signUpInNewContext } from './support';

async function addTransaction(page: Page, fields: { title: string; amount: string; date: string; monthly?: boolean }) {
  await page.getByRole('button', { name: 'Add transaction' }).first().click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Title').fill(fields.title);
  await drawer.getByLabel('Amount').fill(fields.amount);
  await drawer.getByLabel('Category').fill('Home');
  await drawer.getByLabel('Date').fill(fields.date);
  if (fields.monthly) {
    await drawer.getByLabel('Repeats automatically').check();
    await drawer.getByLabel('Repeats', { exact: true }).selectOption('MONTHLY');
  }
  await drawer.getByRole('button', { name: 'Save transaction' }).click();
  await drawer.waitFor({ state: 'hidden' });
}

const rowsTitled = (page: Page, title: string) => page.getByRole('cell', { name: title, exact: true });

export function undoDeleteFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Katherine Johnson',
    email: `katherine-${Date.now()}@example.com`,
    password: 'orbital mechanics 1962',
  };
  let session: SignedUp | undefined;
  const open = (): Page => {
    if (!session) throw new Error('the undo page was not opened');
    return session.page;
  };
  return [
    {
      name: 'deletes a transaction at once, and Undo in the toast brings it back',
      run: async () => {
        session = await signUpInNewContext(browser, origin, person);
        const page = session.page;
        await page.getByRole('link', { name: 'Transactions' }).click();
        await addTransaction(page, { title: 'Desk lamp', amount: '39.90', date: '2026-11-20' });
        await rowsTitled(page, 'Desk lamp').waitFor();
        // The totals under the filters add up the whole filtered list.
        const totals = page.getByRole('definition').filter({ hasText: '−$39.90' });
        await totals.first().waitFor();
        await page.getByRole('button', { name: 'Delete Desk lamp' }).click();
        // No confirmation dialog: it is gone, and the toast says how to bring it back.
        const toast = page.getByRole('status').filter({ hasText: 'Transaction deleted' });
        await toast.waitFor();
        await rowsTitled(page, 'Desk lamp').waitFor({ state: 'detached' });
        await page.waitForTimeout(400);
        await screenshot(page, '29-deleted-with-undo', { fullPage: false });
        await toast.getByRole('button', { name: 'Undo' }).click();
        await page.getByRole('status').filter({ hasText: 'Transaction restored' }).waitFor();
        await rowsTitled(page, 'Desk lamp').waitFor();
        await page.getByText('$39.90').first().waitFor();
      },
    },
    {
      name: 'a bulk delete of a recurring series and its occurrences comes back whole',
      run: async () => {
        const page = open();
        await addTransaction(page, { title: 'Rent', amount: '950', date: '2026-09-01', monthly: true });
        // The September template and its monthly occurrences up to today, beside the lamp.
        const occurrences = page.getByRole('cell', { name: /Rent/ });
        await occurrences.nth(2).waitFor();
        const rows = await page.getByRole('row').count();
        const before = await page.getByRole('row').allInnerTexts();
        const count = rows - 1;
        await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
        await page.getByRole('button', { name: 'Delete selected' }).click();
        const toast = page.getByRole('status').filter({ hasText: `${count} transactions deleted` });
        await toast.waitFor();
        await page.getByText('No transactions yet').waitFor();
        await toast.getByRole('button', { name: 'Undo' }).click();
        await page
          .getByRole('status')
          .filter({ hasText: `${count} transactions restored` })
          .waitFor();
        await rowsTitled(page, 'Desk lamp').waitFor();
        await page.waitForLoadState('networkidle');
        const after = await page.getByRole('row').allInnerTexts();
        expect(JSON.stringify(after) === JSON.stringify(before), `restored rows differ:\n${after.join('\n')}`);
        const errors = session?.pageErrors ?? [];
        expect(errors.length === 0, `uncaught errors: ${errors.join(' | ')}`);
        await session?.context.close();
      },
    },
  ];
}
