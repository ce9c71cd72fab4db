/*
 * Budgets end to end: set an overall monthly budget on the Budgets page, overspend it by adding an
 * expense, and see the overview's budget bar turn red and say so in words. Runs in a browser context
 * of its own, with an account of its own.
 */
import type { Browser, Page } from 'playwright-core';
import { auditPage, describeFinding } from './axe';
import { expect, type Flow, type SignedUp, screenshot, signUpInNewContext } from './support';

async function expectAccessible(page: Page, what: string) {
  const { blocking } = await auditPage(page);
  expect(blocking.length === 0, `${what}: ${blocking.map(describeFinding).join('; ')}`);
}

/** Today in the context's zone (Europe/Berlin), as the date field takes it. */
async function todayInPage(page: Page): Promise<string> {
  return page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date()));
}

export function budgetFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Ada Byron',
    email: `ada-budgets-${Date.now()}@example.com`,
    password: 'analytical engine 1843',
  };
  let session: SignedUp | undefined;
  const open = (): Page => {
    if (!session) throw new Error('the budgets page was not opened');
    return session.page;
  };
  return [
    {
      name: 'a budget is set on the Budgets page with the money input rules',
      run: async () => {
        session = await signUpInNewContext(browser, origin, person);
        const page = session.page;
        await page.getByRole('link', { name: 'Budgets' }).first().click();
        await page.getByRole('heading', { name: 'Budgets', exact: true }).waitFor();
        await page.getByText('No budgets yet').waitFor();
        await page.getByRole('button', { name: 'Set a budget' }).click();
        const dialog = page.getByRole('dialog', { name: 'Set a budget' });
        await dialog.getByRole('combobox', { name: 'Budget for' }).fill('all sp');
        await dialog.getByRole('option', { name: 'All spending (overall budget)' }).click();
        await dialog.getByLabel('Period', { exact: true }).selectOption('MONTHLY');
        // Four decimals are refused, as everywhere amounts are typed.
        await dialog.getByLabel('Amount (USD)').fill('50.1234');
        await dialog.getByRole('button', { name: 'Set budget' }).click();
        await dialog.getByText('has 4 decimals').waitFor();
        await dialog.getByLabel('Amount (USD)').fill('50');
        await dialog.getByLabel(/Roll over/).check();
        await dialog.getByRole('button', { name: 'Set budget' }).click();
        await dialog.waitFor({ state: 'hidden' });
        const bar = page.getByTestId('budget-bar').filter({ hasText: 'All spending' });
        await bar.getByText('$0.00 of $50.00').waitFor();
        expect((await bar.getAttribute('data-over')) === 'false', 'a new budget shows as over');
        await screenshot(page, 'budgets-page');
        await expectAccessible(page, 'the budgets page');
      },
    },
    {
      name: 'an expense that overspends the budget turns its overview bar red, said in words',
      run: async () => {
        const page = open();
        await page.getByRole('link', { name: 'Transactions' }).first().click();
        await page.getByRole('button', { name: 'Add transaction' }).first().click();
        const drawer = page.getByRole('dialog', { name: 'New transaction' });
        await drawer.getByLabel('Title').fill('Concert tickets');
        await drawer.getByLabel('Amount').fill('80.40');
        await drawer.getByLabel('Category').fill('Entertainment');
        await drawer.getByLabel('Date').fill(await todayInPage(page));
        await drawer.getByRole('button', { name: 'Save transaction' }).click();
        await drawer.waitFor({ state: 'hidden' });

        await page.getByRole('link', { name: 'Overview' }).first().click();
        const card = page.getByRole('region', { name: 'Budgets' });
        const bar = card.getByTestId('budget-bar').filter({ hasText: 'All spending' });
        await bar.getByText('$80.40 of $50.00').waitFor();
        await bar.getByText('Over budget by $30.40').waitFor();
        expect((await bar.getAttribute('data-over')) === 'true', 'the overspent budget is not marked over');
        const fill = await bar
          .locator('.progress > span')
          .evaluate((element) => getComputedStyle(element).backgroundColor);
        expect(fill === 'rgb(212, 27, 68)', `the overspent bar is ${fill}, not the expense red`);
        await card.scrollIntoViewIfNeeded();
        await screenshot(page, 'budgets-overview-over', { fullPage: false });
        await expectAccessible(page, 'the overview with an overspent budget');
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.waitForTimeout(800);
        await screenshot(page, 'budgets-overview-over-dark', { fullPage: false });
        await expectAccessible(page, 'the overview with an overspent budget, dark');
        await page.emulateMedia({ colorScheme: 'light' });
        const errors = session?.pageErrors ?? [];
        expect(errors.length === 0, `uncaught errors: ${errors.join(' | ')}`);
        await session?.context.close();
      },
    },
  ];
}
