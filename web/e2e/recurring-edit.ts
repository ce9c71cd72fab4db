/*
 * Editing one transaction of a recurring series: saving asks "Change only this one" or "This and
 * future ones", and the list then shows exactly what was chosen. A monthly rent dated six months back
 * (and ending last month) has six transactions; the fourth is changed with its later ones, then the
 * second alone. Runs in a browser context of its own, with an account of its own.
 */
import type { Browser, Page } from 'playwright-core';
import { auditPage, describeFinding } from './axe';
import { expect, type Flow, screenshot, signUpInNewContext } from './support';

/** No serious or critical axe finding on the page as it is now. */
async function expectAccessible(page: Page, when: string) {
  const { blocking } = await auditPage(page);
  expect(blocking.length === 0, `${when}: ${blocking.map(describeFinding).join('; ')}`);
}

/** The first of the month `offset` months from this one (UTC), as 'YYYY-MM-DD'. */
function monthStart(offset: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** As the list writes a date. */
function listDate(date: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

const months = [-6, -5, -4, -3, -2, -1].map(monthStart);

/** The amount each month's row shows, in the series' order. */
async function listedAmounts(page: Page): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  const amounts: string[] = [];
  for (const month of months) {
    const row = page.getByRole('row').filter({ hasText: listDate(month) });
    const text = (await row.textContent()) ?? '';
    amounts.push(/\$[\d,]+\.\d\d/.exec(text)?.[0] ?? `none in "${text}"`);
  }
  return amounts;
}

/**
 * Waits until the list shows `expected`, month by month: the toast comes before the list's refetch
 * lands, so one reading could straddle the old and the new rows. Gives up after about ten seconds.
 */
async function expectAmounts(page: Page, expected: string[], when: string) {
  let amounts: string[] = [];
  for (let attempt = 0; attempt < 40; attempt++) {
    amounts = await listedAmounts(page);
    if (JSON.stringify(amounts) === JSON.stringify(expected)) return;
    await page.waitForTimeout(250);
  }
  expect(false, `${when}: the list shows ${amounts.join(', ')}, not ${expected.join(', ')}`);
}

async function editAmount(page: Page, month: string, amount: string) {
  await page
    .getByRole('row')
    .filter({ hasText: listDate(month) })
    .getByRole('button', { name: 'Edit Rent' })
    .click();
  const drawer = page.getByRole('dialog', { name: 'Edit transaction' });
  await drawer.getByLabel('Amount').fill(amount);
  await drawer.getByRole('button', { name: 'Save transaction' }).click();
  return page.getByRole('dialog', { name: 'Change a recurring transaction' });
}

async function savedWith(page: Page) {
  await page.getByRole('status').filter({ hasText: 'Transaction updated' }).last().waitFor();
  await page.getByRole('dialog', { name: 'Edit transaction' }).waitFor({ state: 'hidden' });
}

export function recurringEditFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Dorothy Vaughan',
    email: `dorothy-${Date.now()}@example.com`,
    password: 'fortran for everyone 1961',
  };
  let page: Page | undefined;
  const open = (): Page => {
    if (!page) throw new Error('the recurring series was not set up');
    return page;
  };
  return [
    {
      name: '"This and future ones" changes a monthly rent from the fourth month on, keeping the first three',
      run: async () => {
        const session = await signUpInNewContext(browser, origin, person);
        page = session.page;
        await page.getByRole('link', { name: 'Transactions' }).click();
        await page.getByRole('button', { name: 'Add transaction' }).first().click();
        const drawer = page.getByRole('dialog', { name: 'New transaction' });
        await drawer.getByLabel('Title').fill('Rent');
        await drawer.getByLabel('Amount').fill('950');
        await drawer.getByLabel('Category').fill('Housing');
        await drawer.getByLabel('Date').fill(months[0] ?? '');
        await drawer.getByLabel('Repeats automatically').check();
        await drawer.getByLabel('Repeats', { exact: true }).selectOption('MONTHLY');
        await drawer.getByLabel('Ends on (optional)').fill(dayBefore(monthStart(0)));
        await drawer.getByRole('button', { name: 'Save transaction' }).click();
        await drawer.waitFor({ state: 'hidden' });
        await expectAmounts(page, Array(6).fill('$950.00'), 'after adding the series');

        const question = await editAmount(page, months[3] ?? '', '1000');
        await question.getByRole('button', { name: 'This and future ones' }).waitFor();
        await page.waitForTimeout(300);
        await screenshot(page, '44-recurring-edit-scope', { fullPage: false });
        await expectAccessible(page, 'the question in light');
        await page.emulateMedia({ colorScheme: 'dark' });
        // Past the colours' transition.
        await page.waitForTimeout(800);
        await screenshot(page, '45-recurring-edit-scope-dark', { fullPage: false });
        await expectAccessible(page, 'the question in dark');
        await page.emulateMedia({ colorScheme: 'light' });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.waitForTimeout(800);
        await screenshot(page, '46-recurring-edit-scope-phone', { fullPage: false });
        await expectAccessible(page, 'the question on a phone');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width <= 390, `the page is ${width}px wide in a 390px window`);
        await page.setViewportSize({ width: 1360, height: 900 });

        // By keyboard: from the dialog's first control, Tab to the choice and press Enter.
        let focused = '';
        for (let step = 0; step < 5 && focused !== 'This and future ones'; step++) {
          await page.keyboard.press('Tab');
          focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
        }
        expect(focused === 'This and future ones', `Tab never reached the choice (last: "${focused}")`);
        await page.keyboard.press('Enter');
        await savedWith(page);
        await expectAmounts(
          page,
          ['$950.00', '$950.00', '$950.00', '$1,000.00', '$1,000.00', '$1,000.00'],
          'after "This and future ones"',
        );
      },
    },
    {
      name: '"Change only this one" changes the second month alone',
      run: async () => {
        const page = open();
        const question = await editAmount(page, months[1] ?? '', '900');
        await question.getByRole('button', { name: 'Change only this one' }).click();
        await savedWith(page);
        await expectAmounts(
          page,
          ['$950.00', '$900.00', '$950.00', '$1,000.00', '$1,000.00', '$1,000.00'],
          'after "Change only this one"',
        );

        // Escape closes the question alone: nothing is sent and the drawer keeps the edit.
        const again = await editAmount(page, months[5] ?? '', '5');
        await again.getByRole('button', { name: 'Change only this one' }).waitFor();
        await page.keyboard.press('Escape');
        await again.waitFor({ state: 'hidden' });
        const drawer = page.getByRole('dialog', { name: 'Edit transaction' });
        expect((await drawer.getByLabel('Amount').inputValue()) === '5', 'Escape lost the edit');
        await drawer.getByRole('button', { name: 'Cancel' }).click();
        await page.getByRole('dialog', { name: 'Edit transaction' }).waitFor({ state: 'hidden' });
        const amounts = await listedAmounts(page);
        expect(amounts[5] === '$1,000.00', `Escape saved the edit: ${amounts.join(', ')}`);
        await page.context().close();
      },
    },
  ];
}
