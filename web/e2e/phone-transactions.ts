/*
 * The transaction list on a phone: cards instead of a sideways-scrolling table, a tap on a card opens
 * it for editing, delete is on the card (with Undo), and the minus sign stays with its amount.
 */
import type { Browser } from 'playwright-core';
import { expect, type Flow, screenshot, signUpInNewContext } from './support';

export function phoneTransactionFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Mary Jackson',
    email: `mary-${Date.now()}@example.com`,
    password: 'wind tunnel 1958 hampton',
  };
  return [
    {
      name: 'on a phone the transactions are cards: tap one to edit it, delete it from its card and undo',
      run: async () => {
        const { context, page, pageErrors } = await signUpInNewContext(browser, origin, person);
        await page.setViewportSize({ width: 390, height: 844 });
        await page.goto('/transactions');
        const title = 'Weekly groceries at the farmers market';
        await page.getByRole('button', { name: 'Add transaction' }).first().click();
        const drawer = page.getByRole('dialog');
        await drawer.getByLabel('Title').fill(title);
        await drawer.getByLabel('Amount').fill('1234.56');
        await drawer.getByLabel('Category').fill('Groceries');
        await drawer.getByRole('button', { name: 'Save transaction' }).click();
        await drawer.waitFor({ state: 'hidden' });

        const card = page.getByRole('button', { name: `Edit ${title}` });
        await card.waitFor();
        expect(!(await page.locator('table').isVisible()), 'the table is shown at phone width');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width <= 390, `the page is ${width}px wide in a 390px window`);
        // Sign and amount on one line: the amount's box is one line high.
        const amount = card.locator('.amount');
        const box = await amount.boundingBox();
        const lineHeight = await amount.evaluate((element) => Number.parseFloat(getComputedStyle(element).lineHeight));
        expect(box && box.height <= lineHeight * 1.5, `the amount wraps: ${JSON.stringify(box)}`);
        expect((await amount.textContent())?.startsWith('−'), 'the amount has no minus sign');
        await screenshot(page, '30-transactions-phone-cards');

        await card.click();
        await drawer.getByLabel('Title').waitFor();
        expect((await drawer.getByLabel('Title').inputValue()) === title, 'the card opened another transaction');
        await screenshot(page, '31-transactions-phone-edit', { fullPage: false });
        await drawer.getByRole('button', { name: 'Cancel' }).click();

        await page.getByRole('button', { name: `Delete ${title}` }).click();
        const toast = page.getByRole('status').filter({ hasText: 'Transaction deleted' });
        await toast.getByRole('button', { name: 'Undo' }).click();
        await card.waitFor();
        expect(pageErrors.length === 0, `uncaught errors: ${pageErrors.join(' | ')}`);
        await context.close();
      },
    },
  ];
}
