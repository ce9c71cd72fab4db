/*
 * The overview's expense donut folds the small categories into "Others": the legend entry opens in place
 * into those categories, and each opens that category's expenses of the period. Runs in a browser context
 * of its own, with an account of its own, seeded through the import wizard.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, type Flow, type SignedUp, screenshot, signUpInNewContext } from './support';

/** A day `daysAgo` before today, as the export format writes dates: always inside the last 30 days. */
function daysAgo(days: number): string {
  const date = new Date(Date.now() - days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** Three big categories and three small ones that end up in Others (Coffee in two expenses). */
const EXPENSES = [
  ['Flat rent', '900.00', 'Rent', 3],
  ['Weekly shop', '300.00', 'Groceries', 4],
  ['Trattoria', '120.00', 'Dining', 5],
  ['Coffee beans', '12.50', 'Coffee', 6],
  ['Flat white', '17.50', 'Coffee', 7],
  ['Paperback', '24.99', 'Books', 8],
  ['Gym day pass', '19.99', 'Fitness', 9],
] as const;

function seedCsv(): string {
  const lines = ['Title,Type,Amount,Category,Description,Date,PaymentMethod'];
  for (const [title, amount, category, days] of EXPENSES) {
    lines.push([title, 'EXPENSE', amount, category, '', daysAgo(days), 'CARD'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function importSeed(page: Page) {
  await page.goto('/transactions');
  await page.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Import CSV' }).first().click();
  const wizard = page.getByRole('dialog');
  await wizard
    .getByLabel('CSV file')
    .setInputFiles({ name: 'seed.csv', mimeType: 'text/csv', buffer: Buffer.from(seedCsv(), 'utf8') });
  const rows = EXPENSES.length;
  await wizard.getByText(`${rows} of ${rows} rows read without problems`).waitFor();
  await wizard.getByRole('button', { name: 'Preview' }).click();
  await wizard.getByText(`${rows} valid`, { exact: true }).waitFor();
  await wizard.getByRole('button', { name: `Import ${rows} transactions` }).click();
  await wizard.getByText(`Imported ${rows} transactions`).waitFor({ timeout: 30_000 });
  await wizard.getByRole('button', { name: 'Done' }).click();
}

export function breakdownOthersFlows(browser: Browser, origin: string): Flow[] {
  const person = { name: 'Grace Hopper', email: `grace-${Date.now()}@example.com`, password: 'compiler a-0 1952' };
  let session: SignedUp | undefined;
  const open = (): Page => {
    if (!session) throw new Error('the overview was not opened');
    return session.page;
  };
  const donut = (page: Page) => page.getByRole('region', { name: 'Where the money went' });
  return [
    {
      name: 'the donut legend opens Others into its categories and closes it again; the slice opens it too',
      run: async () => {
        session = await signUpInNewContext(browser, origin, person);
        const page = session.page;
        await importSeed(page);
        await page.goto('/');
        const card = donut(page);
        const others = card.getByRole('button', { name: 'Others' });
        await others.waitFor();
        expect((await others.getAttribute('aria-expanded')) === 'false', 'Others starts open');
        await card.getByText('$74.98 · 5%').waitFor();
        await others.click();
        const folded = card.getByRole('list', { name: 'Categories in Others' });
        await folded.waitFor();
        expect((await others.getAttribute('aria-expanded')) === 'true', 'Others does not say it is open');
        const names = await folded.getByRole('link').allInnerTexts();
        expect(JSON.stringify(names) === '["Coffee","Books","Fitness"]', `folded categories: ${names.join(', ')}`);
        // Others' 5 points over 7498 cents: 3000 → 2 r4, 2499 → 1 r4997, 1999 → 1 r2497; the spare point to Books.
        await folded.getByText('$30.00 · 2%').waitFor();
        await folded.getByText('$24.99 · 2%').waitFor();
        await folded.getByText('$19.99 · 1%').waitFor();
        await screenshot(page, 'breakdown-others-open');
        await page.emulateMedia({ colorScheme: 'dark' });
        await screenshot(page, 'breakdown-others-open-dark');
        await page.emulateMedia({ colorScheme: 'light' });

        await others.click();
        await folded.waitFor({ state: 'detached' });
        expect((await others.getAttribute('aria-expanded')) === 'false', 'Others did not close');
        // The Others slice is the fourth; clicking it opens the same list rather than leaving the page.
        await card.locator('.recharts-pie-sector').nth(3).click();
        await folded.waitFor();
        expect(new URL(page.url()).pathname === '/', 'the Others slice left the overview');
      },
    },
    {
      name: 'a folded category opens its own expenses of the period, also on a phone',
      run: async () => {
        const page = open();
        await page.setViewportSize({ width: 390, height: 844 });
        const card = donut(page);
        const folded = card.getByRole('list', { name: 'Categories in Others' });
        await folded.waitFor();
        await card.scrollIntoViewIfNeeded();
        await screenshot(page, 'breakdown-others-open-phone', { fullPage: false });
        await folded.getByRole('link', { name: 'Coffee' }).click();
        await page.waitForURL((url) => url.pathname === '/transactions');
        const params = new URL(page.url()).searchParams;
        expect(params.get('category') === 'Coffee', `filtered by ${params.get('category')}`);
        expect(params.get('type') === 'EXPENSE', `filtered by type ${params.get('type')}`);
        expect(params.get('from') !== null && params.get('to') !== null, 'the period is not in the filter');
        // At phone width each transaction is a card named for its title.
        await page.getByRole('button', { name: /^Edit Flat white\s/ }).waitFor();
        await page.getByRole('button', { name: /^Edit Coffee beans\s/ }).waitFor();
        await page.getByText('2 transactions').waitFor();
        for (const title of ['Paperback', 'Gym day pass', 'Flat rent']) {
          expect((await page.getByRole('button', { name: new RegExp(`^Edit ${title}\\s`) }).count()) === 0, title);
        }
        await screenshot(page, 'breakdown-others-filtered-phone', { fullPage: false });
        const errors = session?.pageErrors ?? [];
        expect(errors.length === 0, `uncaught errors: ${errors.join(' | ')}`);
        await session?.context.close();
      },
    },
  ];
}
