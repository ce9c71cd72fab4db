/*
 * Managed categories: a new account starts with the starter set, a typed name becomes a category on
 * first use, and two categories merged in Settings are one on the overview's donut, in the target's
 * colour. Runs in a browser context of its own, with an account of its own.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, type Flow, type SignedUp, screenshot, signUpInNewContext } from './support';

async function addExpense(page: Page, fields: { title: string; amount: string; category: string }) {
  await page.getByRole('button', { name: 'Add transaction' }).first().click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Title').fill(fields.title);
  await drawer.getByLabel('Amount').fill(fields.amount);
  await drawer.getByLabel('Category').fill(fields.category);
  await drawer.getByLabel('Category').press('Escape');
  await drawer.getByRole('button', { name: 'Save transaction' }).click();
  await drawer.waitFor({ state: 'hidden' });
}

export function categoryFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Mary Somerville',
    email: `mary-${Date.now()}@example.com`,
    password: 'connexion of sciences 1834',
  };
  let session: SignedUp | undefined;
  const open = (): Page => {
    if (!session) throw new Error('the categories flow was not started');
    return session.page;
  };
  return [
    {
      name: 'the drawer offers the starter set with colours, and a new name as "Create"',
      run: async () => {
        session = await signUpInNewContext(browser, origin, person);
        const page = session.page;
        await page.getByRole('link', { name: 'Transactions' }).click();
        await page.getByRole('button', { name: 'Add transaction' }).first().click();
        const drawer = page.getByRole('dialog');
        const picker = drawer.getByRole('combobox', { name: 'Category' });
        await picker.fill('gro');
        await drawer.getByRole('option', { name: 'Groceries' }).waitFor();
        await picker.fill('Cafe');
        await drawer.getByRole('option', { name: 'Create “Cafe”' }).waitFor();
        await screenshot(page, 'categories-picker', { fullPage: false });
        await picker.press('Escape');
        await drawer.getByRole('button', { name: 'Cancel' }).click();
        await drawer.waitFor({ state: 'hidden' });
        await addExpense(page, { title: 'Espresso bar', amount: '12.00', category: 'Cafe' });
        await addExpense(page, { title: 'Bean shop', amount: '30.00', category: 'coffee' });
        await addExpense(page, { title: 'Roastery', amount: '8.00', category: 'Coffee ' });
        await addExpense(page, { title: 'Weekly shop', amount: '50.00', category: 'groceries' });
        // The typed spellings became the categories' own: 'Coffee ' is the 'coffee' made a moment before.
        // The last one added: the list has refetched after every save once it shows.
        await page.getByRole('cell', { name: 'Weekly shop', exact: true }).waitFor();
        expect((await page.locator('.badge', { hasText: /^coffee$/ }).count()) === 2, 'Coffee spelled two ways');
        expect((await page.locator('.badge', { hasText: /^Groceries$/ }).count()) === 1, 'groceries not Groceries');
      },
    },
    {
      name: 'merges two categories in Settings after a preview, and the donut shows one',
      run: async () => {
        const page = open();
        await page.getByRole('link', { name: 'Settings' }).click();
        const section = page.getByRole('region', { name: 'Categories' });
        await section.getByTestId('category-EXPENSE-Cafe').waitFor();
        await section.getByTestId('category-EXPENSE-Cafe').scrollIntoViewIfNeeded();
        await section.getByTestId('category-EXPENSE-Cafe').getByText('1 transaction · $12.00 this month').waitFor();
        await section.getByLabel('Select Cafe').check();
        await section.getByLabel('Select coffee').check();
        await section.getByRole('button', { name: 'Merge selected (2)' }).first().click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Merge into').selectOption({ label: 'coffee' });
        await dialog.getByText('Moves 1 transaction, 0 rules and 0 budgets.').waitFor();
        await screenshot(page, 'categories-merge-preview', { fullPage: false });
        await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
        await dialog.waitFor({ state: 'hidden' });
        await section.getByTestId('category-EXPENSE-Cafe').waitFor({ state: 'detached' });
        await section.getByTestId('category-EXPENSE-coffee').getByText('3 transactions · $50.00 this month').waitFor();
        await screenshot(page, 'categories-settings');

        const coffeeColour = await section
          .getByRole('button', { name: /^Colour of coffee: / })
          .getAttribute('aria-label');
        await page.getByRole('link', { name: 'Overview' }).click();
        const card = page.getByRole('region', { name: 'Where the money went' });
        await card.getByRole('link', { name: 'coffee' }).waitFor();
        expect((await card.getByRole('link', { name: 'Cafe' }).count()) === 0, 'Cafe is still on the donut');
        await card.getByText('$50.00 · 50%').first().waitFor();
        const swatch = card
          .locator('li', { has: page.getByRole('link', { name: 'coffee' }) })
          .locator('.legend-swatch');
        const drawn = await swatch.evaluate((element) => getComputedStyle(element).backgroundColor);
        const hex = coffeeColour?.split(': ')[1] ?? '';
        const rgb = `rgb(${[1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join(', ')})`;
        expect(drawn === rgb, `the legend draws coffee in ${drawn}, its category is ${rgb}`);
        await screenshot(page, 'categories-donut');
        const errors = session?.pageErrors ?? [];
        expect(errors.length === 0, `uncaught errors: ${errors.join(' | ')}`);
        await session?.context.close();
      },
    },
  ];
}
