/*
 * Transfers and statement re-imports end to end: a person with a salary and a grocery bill in the
 * default account opens a Savings account and moves 250.00 into it. Both balances move, the overview's
 * income and expenses do not; each leg names both accounts and opens the transfer, and deleting one leg
 * takes (and Undo brings back) both. Then an OFX statement of three rows goes into Savings from its
 * register, and the same file a second time finds all three already imported. Runs in a browser
 * context of its own, with an account of its own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { addAccount, expectAccessible } from './accounts';
import { expect, type Flow, type SignedUp, screenshot, signUpInNewContext } from './support';

const STATEMENT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'savings-statement.ofx');
/** The payees of the statement's three rows. */
const STATEMENT_PAYEES = ['Interest paid', 'Account fee', 'Round-up deposit'];
const ROUTE = 'Transfer · Main account → Savings';

async function addTransaction(page: Page, fields: { type: 'Income' | 'Expense'; title: string; amount: string }) {
  await page.getByRole('button', { name: 'Add transaction' }).first().click();
  const drawer = page.getByRole('dialog', { name: 'New transaction' });
  await drawer.getByRole('button', { name: fields.type, exact: true }).click();
  await drawer.getByLabel('Title').fill(fields.title);
  await drawer.getByLabel('Amount').fill(fields.amount);
  await drawer.getByLabel('Category').fill(fields.type === 'Income' ? 'Salary' : 'Groceries');
  await drawer.getByRole('button', { name: 'Save transaction' }).click();
  await drawer.waitFor({ state: 'hidden' });
  await page.getByRole('cell', { name: new RegExp(`^${fields.title}`) }).waitFor();
}

/** The overview's income and expenses cards as they read, once their figures have arrived. */
async function incomeAndExpenses(page: Page): Promise<string[]> {
  await page.goto('/');
  const income = page.getByTestId('stat-income');
  const expenses = page.getByTestId('stat-expenses');
  await income.getByText('$1,000.00').waitFor();
  await expenses.getByText('$40.00').waitFor();
  await page.waitForLoadState('networkidle');
  return [(await income.textContent()) ?? '', (await expenses.textContent()) ?? ''];
}

export function transferFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Grace Transfers',
    email: `grace-transfers-${Date.now()}@example.com`,
    password: 'compiler cobol 1959',
  };
  let session: SignedUp | undefined;
  /** The overview's income and expenses cards before any transfer. */
  let before: string[] = [];
  const open = (): Page => {
    if (!session) throw new Error('the transfers page was not opened');
    return session.page;
  };
  const balanceOf = (name: string) =>
    open()
      .getByRole('region', { name: 'Assets', exact: true })
      .getByTestId('account-row')
      .filter({ has: open().getByRole('button', { name, exact: true }) })
      .getByTestId('account-balance');
  const register = () => open().getByTestId('account-register');
  const registerRows = () => register().getByRole('list', { name: 'Savings transactions' }).getByRole('listitem');

  return [
    {
      name: 'moves 250.00 from the default account to a new Savings account: both balances move, income and expenses do not',
      run: async () => {
        session = await signUpInNewContext(browser, origin, person);
        const page = session.page;
        await page.goto('/transactions');
        await page.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
        await addTransaction(page, { type: 'Income', title: 'March salary', amount: '1000.00' });
        await addTransaction(page, { type: 'Expense', title: 'Weekly groceries', amount: '40.00' });
        // One account: nothing to move money between, so no Transfer button.
        expect(
          (await page.getByRole('button', { name: 'Transfer', exact: true }).count()) === 0,
          'Transfer is offered with one account',
        );
        before = await incomeAndExpenses(page);

        await page.goto('/accounts');
        await page.getByRole('heading', { name: 'Accounts', exact: true }).waitFor();
        await addAccount(page, { name: 'Savings', type: 'Savings' });
        await balanceOf('Savings').getByText('$0.00', { exact: true }).waitFor();

        await page.getByRole('button', { name: 'Transfer', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'New transfer' });
        const from = await dialog.getByLabel('From').evaluate((select) => {
          const element = select as HTMLSelectElement;
          return element.selectedOptions[0]?.textContent;
        });
        expect(from === 'Main account', `the transfer starts from ${from}`);
        await dialog.getByLabel('To').selectOption({ label: 'Savings' });
        await dialog.getByLabel('Amount').fill('250.00');
        await dialog.getByTestId('transfer-amount-preview').getByText('= $250.00').waitFor();
        await screenshot(page, 'transfer-dialog', { fullPage: false });
        await expectAccessible(page, 'the transfer dialog');
        await dialog.getByRole('button', { name: 'Save transfer' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.getByRole('status').filter({ hasText: 'Transfer added' }).waitFor();

        await balanceOf('Main account').getByText('$710.00', { exact: true }).waitFor();
        await balanceOf('Savings').getByText('$250.00', { exact: true }).waitFor();
        await page.getByTestId('net-worth').getByText('$960.00', { exact: true }).waitFor();
        await screenshot(page, 'transfer-accounts');

        const after = await incomeAndExpenses(page);
        expect(
          after.join(' | ') === before.join(' | '),
          `income and expenses changed: ${before.join(' | ')} → ${after.join(' | ')}`,
        );
        await screenshot(page, 'transfer-overview');
      },
    },
    {
      name: 'each leg names both accounts and opens the transfer; deleting one leg takes both, Undo brings both back',
      run: async () => {
        const page = open();
        await page.goto('/transactions');
        const labels = page.getByRole('table').getByTestId('transfer-label');
        await labels.nth(1).waitFor();
        const texts = await labels.allTextContents();
        expect(texts.length === 2 && texts.every((text) => text === ROUTE), `the legs read ${texts.join(', ')}`);
        // Legs show their accounts where other rows show a category, and are never duplicated.
        expect(
          (await page.getByRole('button', { name: 'Duplicate Transfer to Savings' }).count()) === 0,
          'a leg offers Duplicate',
        );
        await screenshot(page, 'transfer-legs');
        await expectAccessible(page, 'the transactions page with transfer legs');

        await page.getByRole('button', { name: 'Edit Transfer from Main account' }).click();
        const edit = page.getByRole('dialog', { name: 'Edit transfer' });
        await edit.getByLabel('Amount').waitFor();
        const amount = await edit.getByLabel('Amount').inputValue();
        expect(amount === '250.00', `the transfer opened with ${amount}`);
        expect((await page.getByRole('dialog', { name: 'Edit transaction' }).count()) === 0, 'the drawer opened');
        await screenshot(page, 'transfer-edit', { fullPage: false });
        await edit.getByRole('button', { name: 'Cancel' }).click();
        await edit.waitFor({ state: 'hidden' });

        // The Transfer button beside Add transaction opens a new one.
        await page.getByRole('button', { name: 'Transfer', exact: true }).click();
        const create = page.getByRole('dialog', { name: 'New transfer' });
        await create.getByLabel('Amount').waitFor();
        await create.getByRole('button', { name: 'Cancel' }).click();
        await create.waitFor({ state: 'hidden' });

        await page.getByRole('button', { name: 'Delete Transfer to Savings' }).click();
        const toast = page.getByRole('status').filter({ hasText: 'Transfer deleted' });
        await toast.waitFor();
        await labels.first().waitFor({ state: 'detached' });
        await page.getByRole('cell', { name: /^March salary/ }).waitFor();
        await toast.getByRole('button', { name: 'Undo' }).click();
        await page.getByRole('status').filter({ hasText: 'Transfer restored' }).waitFor();
        await labels.nth(1).waitFor();
        expect((await labels.count()) === 2, 'Undo did not bring both legs back');
      },
    },
    {
      name: 'an OFX statement goes into Savings from its register once: the same file again adds nothing',
      run: async () => {
        const page = open();
        await page.goto('/accounts');
        await page.getByRole('button', { name: 'Savings', exact: true }).click();
        await registerRows().first().waitFor();
        await register().getByTestId('transfer-label').getByText(ROUTE).waitFor();
        // The register's own Transfer starts from its account.
        await register().getByRole('button', { name: 'Transfer', exact: true }).click();
        const create = page.getByRole('dialog', { name: 'New transfer' });
        const from = await create.getByLabel('From').evaluate((select) => {
          const element = select as HTMLSelectElement;
          return element.selectedOptions[0]?.textContent;
        });
        expect(from === 'Savings', `the register's transfer starts from ${from}`);
        await create.getByRole('button', { name: 'Cancel' }).click();
        await create.waitFor({ state: 'hidden' });

        await register().getByRole('button', { name: 'Import statement' }).click();
        const dialog = page.getByRole('dialog', { name: 'Import a statement into Savings' });
        await dialog.getByLabel('Statement file (OFX, QFX or QIF)').setInputFiles(STATEMENT);
        const counts = dialog.getByTestId('statement-counts');
        await counts.getByText('3 new, 0 already imported, 0 possible duplicates', { exact: false }).waitFor();
        await screenshot(page, 'transfer-statement-preview', { fullPage: false });
        await dialog.getByRole('button', { name: 'Import 3 transactions' }).click();
        await dialog.getByText('Imported 3 transactions into Savings').waitFor();
        await dialog.getByRole('button', { name: 'Done' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await registerRows().filter({ hasText: 'Round-up deposit' }).waitFor();
        // 250.00 + 1.25 − 3.00 + 120.00
        await balanceOf('Savings').getByText('$368.25', { exact: true }).waitFor();

        await register().getByRole('button', { name: 'Import statement' }).click();
        await dialog.getByLabel('Statement file (OFX, QFX or QIF)').setInputFiles(STATEMENT);
        await counts.getByText('0 new, 3 already imported, 0 possible duplicates', { exact: false }).waitFor();
        const again = dialog.getByRole('button', { name: 'Import 0 transactions' });
        expect(await again.isDisabled(), 'a statement with nothing new can still be imported');
        await screenshot(page, 'transfer-statement-again', { fullPage: false });
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden' });

        await page.reload();
        await registerRows().filter({ hasText: 'Round-up deposit' }).waitFor();
        const titles = await registerRows().locator('.title').allTextContents();
        for (const payee of STATEMENT_PAYEES) {
          const found = titles.filter((title) => title === payee).length;
          expect(found === 1, `the register lists "${payee}" ${found} times`);
        }
        expect(titles.length === 4, `the register lists ${titles.length} rows: ${titles.join(', ')}`);
        await balanceOf('Savings').getByText('$368.25', { exact: true }).waitFor();
        await screenshot(page, 'transfer-register');
      },
    },
    {
      name: 'an imported deposit and the matching expense become one transfer with Make transfer',
      run: async () => {
        const page = open();
        await page.goto('/transactions');
        await page.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
        await addTransaction(page, { type: 'Expense', title: 'Round-up to savings', amount: '120.00' });
        const select = (title: string) => page.getByRole('checkbox', { name: `Select ${title}`, exact: true }).check();
        const makeTransfer = page.getByRole('button', { name: 'Make transfer' });

        // Not the two sides of one movement: offered, but off, saying why.
        await select('Weekly groceries');
        await select('Round-up deposit');
        await makeTransfer.waitFor();
        const refused = await makeTransfer.getAttribute('title');
        expect(
          (await makeTransfer.getAttribute('aria-disabled')) === 'true' && refused?.includes('same amount'),
          `a 40.00 expense and a 120.00 deposit were offered as a transfer (${refused})`,
        );
        await screenshot(page, 'transfer-make-refused', { fullPage: false });
        await expectAccessible(page, 'the selection toolbar with Make transfer off');
        await page.getByRole('checkbox', { name: 'Select Weekly groceries', exact: true }).uncheck();
        await select('Round-up to savings');
        expect((await makeTransfer.getAttribute('aria-disabled')) === null, 'the pair is refused');
        await makeTransfer.click();
        await page.getByRole('status').filter({ hasText: 'Transfer made' }).waitFor();
        const labels = page.getByRole('table').getByTestId('transfer-label');
        await labels.nth(3).waitFor();
        const deposit = page.getByRole('row').filter({ hasText: 'Round-up deposit' });
        await deposit.getByTestId('transfer-label').getByText(ROUTE).waitFor();
        await screenshot(page, 'transfer-made');

        // Now a transfer, the expense no longer counts: the overview's figures are as before any transfer.
        const after = await incomeAndExpenses(page);
        expect(after.join(' | ') === before.join(' | '), `income and expenses read ${after.join(' | ')}`);
        expect(session?.pageErrors.length === 0, `uncaught errors: ${session?.pageErrors.join(' | ')}`);
        await session?.context.close();
      },
    },
  ];
}
