/*
 * Browser flows for categorisation rules: a suggestion in the transaction drawer becomes a rule with
 * "Always do this", a small CSV import is categorised by it (the preview says so), and Settings lists
 * it, reorders it by keyboard and applies it to existing transactions.
 */
import type { Browser, Page } from 'playwright-core';
import { auditPage, describeFinding } from './axe';
import { expect, type Flow, type SignedUp, screenshot, signUpInNewContext, TIMEOUT_MS } from './support';

const windowShot = (page: Page, name: string) => screenshot(page, name, { fullPage: false });

async function expectAccessible(page: Page, when: string) {
  const { blocking } = await auditPage(page);
  expect(blocking.length === 0, `${when}: ${blocking.map(describeFinding).join('; ')}`);
}

async function addExpense(page: Page, expense: { title: string; amount: string; category?: string }) {
  await page.getByRole('button', { name: 'Add transaction' }).first().click();
  const drawer = page.getByRole('dialog', { name: 'New transaction' });
  await drawer.getByLabel('Title').fill(expense.title);
  await drawer.getByLabel('Amount').fill(expense.amount);
  if (expense.category) await drawer.getByLabel('Category').fill(expense.category);
  return drawer;
}

const CSV = [
  'Date,Title,Amount',
  '2026-03-02,STARBUCKS #4411,-5.20',
  '2026-03-03,Corner bakery,-3.10',
  '2026-03-04,Starbucks Store 55,-4.80',
].join('\n');

export function rulesFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Grace Hopper',
    email: `grace-rules-${Date.now()}@example.com`,
    password: 'nanoseconds of wire 1906',
  };
  let session: SignedUp | undefined;
  const open = (): Page => {
    if (!session) throw new Error('the rules flow did not sign up');
    return session.page;
  };
  return [
    {
      name: 'the drawer suggests a category from history and "Always do this" makes it a rule',
      run: async () => {
        session = await signUpInNewContext(browser, origin, person);
        const page = session.page;
        await page.getByRole('link', { name: 'Transactions' }).click();
        await page.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
        for (const title of ['Starbucks #12', 'STARBUCKS #7']) {
          const drawer = await addExpense(page, { title, amount: '4.50', category: 'Coffee' });
          await drawer.getByRole('button', { name: 'Save transaction' }).click();
          await drawer.waitFor({ state: 'hidden' });
        }

        const drawer = await addExpense(page, { title: 'Starbucks store 90', amount: '6' });
        const hint = drawer.getByTestId('suggestion-hint');
        await hint.waitFor();
        const text = (await hint.textContent()) ?? '';
        expect(text.includes('Suggested: Coffee (2 earlier “starbucks”)'), `the suggestion reads "${text}"`);
        await windowShot(page, '60-rules-drawer-suggestion');
        await expectAccessible(page, 'the drawer with a suggestion');
        await hint.getByRole('button', { name: 'Always do this' }).click();
        await page.getByText('Rule added: ‘starbucks’ → Coffee').waitFor();
        // The rule now speaks for the title, and "Always do this" filled the category in.
        await drawer.getByTestId('rule-hint').getByText('Rule ‘starbucks’ →').waitFor();
        const category = await drawer.getByLabel('Category').inputValue();
        expect(category === 'Coffee', `the category field holds "${category}"`);
        await windowShot(page, '61-rules-drawer-rule');
        await drawer.getByRole('button', { name: 'Save transaction' }).click();
        await drawer.waitFor({ state: 'hidden' });
      },
    },
    {
      name: 'a CSV import is categorised by the rule, and the preview says which rows and why',
      run: async () => {
        const page = open();
        await page.getByRole('button', { name: 'Import CSV' }).first().click();
        const wizard = page.getByRole('dialog');
        await wizard
          .getByLabel('CSV file')
          .setInputFiles({ name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
        await wizard.getByRole('heading', { name: 'Map columns' }).waitFor();
        await wizard.getByText(/rows read without problems/).waitFor();
        await wizard.getByRole('button', { name: 'Preview' }).click();
        await wizard.getByText('3 valid', { exact: true }).waitFor();
        const byRule = await wizard.getByTestId('categorised-by-rule').count();
        expect(byRule === 2, `${byRule} preview rows say a rule categorised them`);
        await windowShot(page, '62-rules-import-preview');
        await expectAccessible(page, 'the import preview');
        await wizard.getByRole('button', { name: 'Import 3 transactions' }).click();
        await wizard.getByText('Imported 3 transactions').waitFor({ timeout: 30_000 });
        await wizard.getByRole('button', { name: 'Done' }).click();

        for (const [title, category] of [
          ['STARBUCKS #4411', 'Coffee'],
          ['Starbucks Store 55', 'Coffee'],
          ['Corner bakery', 'Uncategorized'],
        ] as const) {
          await page.getByRole('row').filter({ hasText: title }).getByText(category, { exact: true }).first().waitFor();
        }
        await windowShot(page, '63-rules-imported');
      },
    },
    {
      name: 'Settings adds a rule with a live preview count, moves it up by keyboard and applies it to existing transactions',
      run: async () => {
        const page = open();
        await page.goto('/settings');
        const section = page.getByRole('region', { name: 'Rules' });
        await section.getByTestId('rule-row').first().waitFor();
        await section.getByRole('button', { name: 'Add rule' }).click();
        const form = page.getByRole('dialog', { name: 'New rule' });
        await form.getByLabel('Text').fill('bakery');
        await form.getByRole('combobox', { name: 'Category' }).fill('cof');
        await form.getByRole('option', { name: 'Coffee', exact: true }).click();
        await form.getByTestId('rule-form-preview').getByText('Would change 1 of your existing transactions').waitFor({
          timeout: TIMEOUT_MS,
        });
        await windowShot(page, '64-rules-form');
        await expectAccessible(page, 'the rule form');
        await form.getByRole('button', { name: 'Save rule' }).click();
        await form.waitFor({ state: 'hidden' });

        // Keyboard only: focus the second rule's "up" button and press Enter.
        await section.getByRole('button', { name: 'Move rule ‘bakery’ up' }).focus();
        await page.keyboard.press('Enter');
        await section.getByTestId('rule-row').first().getByText('‘bakery’').waitFor();

        await section.getByTestId('rule-row').first().getByRole('button', { name: 'Apply…' }).click();
        const confirm = page.getByRole('dialog', { name: 'Apply to existing transactions?' });
        await confirm.getByText(/1 existing transaction changes/).waitFor();
        await windowShot(page, '65-rules-apply-confirm');
        await confirm.getByRole('button', { name: 'Change 1' }).click();
        await page.getByText('1 transaction updated').waitFor();
        await windowShot(page, '66-rules-settings');
        await expectAccessible(page, 'Settings with rules');

        await page.goto('/transactions');
        await page
          .getByRole('row')
          .filter({ hasText: 'Corner bakery' })
          .getByText('Coffee', { exact: true })
          .first()
          .waitFor();
      },
    },
  ];
}
