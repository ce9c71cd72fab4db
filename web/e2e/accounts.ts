/*
 * Accounts end to end, for a person whose browser speaks German and who keeps euros: add a savings
 * account with an opening balance typed with a decimal comma, see it on the Accounts page and in the
 * overview's net worth, move it with the keyboard, record a transaction into it from the drawer and
 * filter the Transactions page by it, tick its rows cleared and reconcile it with a statement balance,
 * archive it, and check the page on a phone and in the dark theme.
 * Runs in a browser context of its own, with an account of its own.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { auditPage, describeFinding } from './axe';
import { expect, type Flow, screenshot, signUpInNewContext, TIMEOUT_MS } from './support';

/** No serious or critical axe-core finding on the page as it is now. */
export async function expectAccessible(page: Page, what: string) {
  const { blocking } = await auditPage(page);
  expect(blocking.length === 0, `${what}: ${blocking.map(describeFinding).join('; ')}`);
}

/** How German formats euros: a point groups thousands, a comma marks cents, a no-break space before €. */
const EUROS = '1.234,56\u00a0€';

/** Adds an account on the Accounts page; the opening balance as the person types it, left empty for zero. */
export async function addAccount(page: Page, account: { name: string; type: string; openingBalance?: string }) {
  await page.getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an account' });
  await dialog.getByLabel('Name').fill(account.name);
  await dialog.getByLabel('Type').selectOption({ label: account.type });
  if (account.openingBalance) await dialog.getByLabel(/^Opening balance/).fill(account.openingBalance);
  await dialog.getByRole('button', { name: 'Add account' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

export function accountFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Emmy Accounts',
    email: `emmy-accounts-${Date.now()}@example.com`,
    password: 'invariant rings 1915',
  };
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  const open = (): Page => {
    if (!page) throw new Error('the accounts page was not opened');
    return page;
  };
  const assetRow = (name: string) =>
    open().getByRole('region', { name: 'Assets', exact: true }).getByTestId('account-row').filter({ hasText: name });

  return [
    {
      name: 'a savings account opens with a balance typed with a decimal comma, and counts in net worth',
      run: async () => {
        const session = await signUpInNewContext(browser, origin, person, {
          locale: 'de-DE',
          currency: 'EUR',
          pageErrors,
        });
        context = session.context;
        page = session.page;
        await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
        await page.getByRole('heading', { name: 'Accounts', exact: true }).waitFor();
        await assetRow('Main account').getByText('Default').waitFor();

        await addAccount(page, { name: 'Tagesgeld', type: 'Savings', openingBalance: '1.234,56' });

        const row = assetRow('Tagesgeld');
        await row.getByTestId('account-balance').getByText(EUROS, { exact: true }).waitFor();
        await page.getByTestId('assets-total').getByText(`Total ${EUROS}`).waitFor();
        await page.getByTestId('net-worth').getByText(EUROS, { exact: true }).waitFor();
        await screenshot(open(), 'accounts-page');
        await expectAccessible(open(), 'the accounts page');
      },
    },
    {
      name: 'the keyboard moves an account up, and choosing it shows its register',
      run: async () => {
        const page = open();
        await assetRow('Tagesgeld').getByRole('button', { name: 'Move Tagesgeld up' }).focus();
        // The list moves at once; the reload below must come after the server has the new order.
        const saved = page.waitForResponse((response) => response.url().includes('account.reorder'), {
          timeout: TIMEOUT_MS,
        });
        await page.keyboard.press('Enter');
        const names = page.getByRole('region', { name: 'Assets', exact: true }).locator('.account-name');
        await page.waitForFunction(
          () => document.querySelector('#main .account-name')?.textContent === 'Tagesgeld',
          undefined,
          { timeout: TIMEOUT_MS },
        );
        const order = await names.allTextContents();
        expect(order.join(',') === 'Tagesgeld,Main account', `the assets are in the order ${order.join(', ')}`);
        // The new order is the server's, not only the screen's.
        expect((await saved).ok(), 'account.reorder failed');
        await page.reload();
        await page.getByRole('heading', { name: 'Accounts', exact: true }).waitFor();
        await assetRow('Main account').waitFor();
        const reloaded = await names.allTextContents();
        expect(reloaded.join(',') === 'Tagesgeld,Main account', `after a reload the order is ${reloaded.join(', ')}`);

        await page.getByRole('button', { name: 'Tagesgeld', exact: true }).click();
        const register = page.getByTestId('account-register');
        await register.getByText('No transactions in this account yet').waitFor();
        const href = await register.getByRole('link', { name: 'Open in Transactions' }).getAttribute('href');
        expect(href?.startsWith('/transactions?account=') === true, `the register links to ${href}`);
        await screenshot(page, 'accounts-register');
      },
    },
    {
      name: "the overview's net worth and accounts cards count the new account",
      run: async () => {
        const page = open();
        await page.getByRole('link', { name: 'Overview', exact: true }).first().click();
        const netWorth = page.getByRole('region', { name: 'Net worth' });
        await netWorth.getByTestId('net-worth-summary').getByText(EUROS).first().waitFor();
        const accounts = page.getByRole('region', { name: 'Accounts', exact: true });
        await accounts.getByTestId('overview-account').filter({ hasText: 'Tagesgeld' }).getByText(EUROS).waitFor();
        await netWorth.getByText('Show as a table').click();
        await netWorth.getByRole('table').getByRole('cell', { name: EUROS }).first().waitFor();
        await netWorth.scrollIntoViewIfNeeded();
        await screenshot(page, 'accounts-overview', { fullPage: false });
        await expectAccessible(page, 'the overview with accounts and net worth');
      },
    },
    {
      name: 'a transaction added into the savings account from the drawer is the only one its filter lists',
      run: async () => {
        const page = open();
        await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
        await page.getByRole('button', { name: 'Tagesgeld', exact: true }).click();
        await page.getByTestId('account-register').getByRole('link', { name: 'Open in Transactions' }).click();
        await page.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
        const chip = page.getByRole('button', { name: 'Remove the account filter (Tagesgeld)' });
        await chip.waitFor();
        await page.getByText('No transactions match').waitFor();

        // Ten euros into savings and ten out of the main account: net worth stays as the next flows expect.
        const add = async (title: string, type: 'Income' | 'Expense', account: string) => {
          await page.getByRole('button', { name: 'Add transaction' }).click();
          const drawer = page.getByRole('dialog', { name: 'New transaction' });
          const select = drawer.getByLabel('Account');
          // The list shows Tagesgeld only, so a new transaction starts there.
          const preselected = await select.locator('option:checked').textContent();
          expect(preselected === 'Tagesgeld', `with the list on Tagesgeld, a new transaction starts in ${preselected}`);
          if (account !== preselected) await select.selectOption({ label: account });
          await drawer.getByRole('button', { name: type, exact: true }).click();
          await drawer.getByLabel('Title').fill(title);
          await drawer.getByLabel('Amount').fill('10,00');
          if (account !== preselected) await screenshot(page, 'transaction-drawer-account', { fullPage: false });
          await drawer.getByRole('button', { name: 'Save transaction' }).click();
          await drawer.waitFor({ state: 'hidden' });
        };
        await add('Zinsen', 'Income', 'Tagesgeld');
        await add('Bäckerei', 'Expense', 'Main account');

        const rows = page.getByRole('table').locator('tbody tr');
        await rows.filter({ hasText: 'Zinsen' }).waitFor();
        await page.getByRole('table').getByText('Bäckerei').waitFor({ state: 'detached' });
        expect((await rows.count()) === 1, `the savings filter lists ${await rows.count()} rows`);
        expect(
          (await page.getByRole('table').locator('.tx-account').count()) === 0,
          'rows name their account while the list holds one account only',
        );

        await chip.click();
        await rows.filter({ hasText: 'Bäckerei' }).waitFor();
        expect(new URL(page.url()).search === '', `the address keeps ${new URL(page.url()).search}`);
        const label = async (title: string) =>
          rows.filter({ hasText: title }).locator('.tx-account').textContent({ timeout: TIMEOUT_MS });
        expect((await label('Zinsen')) === 'Tagesgeld', `Zinsen is labelled ${await label('Zinsen')}`);
        expect((await label('Bäckerei')) === 'Main account', `Bäckerei is labelled ${await label('Bäckerei')}`);
        await screenshot(page, 'transactions-accounts');

        await page.getByRole('combobox', { name: 'Account' }).selectOption({ label: 'Tagesgeld' });
        await chip.waitFor();
        await page.getByRole('table').getByText('Bäckerei').waitFor({ state: 'detached' });
        expect((await rows.count()) === 1, `the savings filter lists ${await rows.count()} rows`);
        await rows.filter({ hasText: 'Zinsen' }).waitFor();
        await screenshot(page, 'transactions-account-filter');
        await expectAccessible(page, 'the transactions page filtered by account');

        // On a phone the cards carry the account after the date, on the line they already have.
        await chip.click();
        await page.setViewportSize({ width: 390, height: 844 });
        // The menu slides out of view as the window narrows.
        await page.waitForTimeout(500);
        const card = page.locator('.tx-card').filter({ hasText: 'Zinsen' });
        await card.locator('.tx-account').getByText('Tagesgeld').waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width <= 390, `the transactions page is ${width}px wide in a 390px window`);
        await screenshot(page, 'transactions-accounts-phone');
        await page.setViewportSize({ width: 1360, height: 900 });
      },
    },
    {
      name: 'ticking two rows of the savings register cleared reconciles it with the statement balance',
      run: async () => {
        const page = open();
        await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
        await page.getByRole('button', { name: 'Tagesgeld', exact: true }).click();
        const register = page.getByTestId('account-register');
        await register.getByText('Zinsen').waitFor();
        // Five euros to the main account: a second row here, and net worth stays as the next flow expects.
        await register.getByRole('button', { name: 'Transfer', exact: true }).click();
        const transfer = page.getByRole('dialog', { name: 'New transfer' });
        await transfer.getByLabel('To').selectOption({ label: 'Main account' });
        await transfer.getByLabel('Amount').fill('5,00');
        await transfer.getByRole('button', { name: 'Save transfer' }).click();
        await transfer.waitFor({ state: 'hidden' });
        const interest = register.getByRole('button', { name: 'Mark Zinsen cleared' });
        const leg = register.getByRole('button', { name: 'Mark Transfer to Main account cleared' });
        await leg.waitFor();

        await register.getByRole('button', { name: 'Reconcile', exact: true }).click();
        const panel = register.getByRole('region', { name: 'Reconcile with a statement' });
        // 1.234,56 opening + 10,00 interest − 5,00 transferred, as the bank's statement shows it.
        await panel.getByLabel('Statement balance (EUR)').fill('1.239,56');
        const result = panel.getByTestId('reconcile-result');
        await result.getByText('5,00\u00a0€ more on the statement than cleared').waitFor();
        await interest.click();
        await result.getByText('5,00\u00a0€ less on the statement than cleared').waitFor();
        await leg.click();
        await result.getByText('Reconciled.').waitFor();
        expect((await interest.getAttribute('aria-pressed')) === 'true', 'Zinsen is not shown cleared');
        expect((await leg.getAttribute('aria-pressed')) === 'true', 'the transfer leg is not shown cleared');
        await panel.getByTestId('cleared-count').getByText('2', { exact: true }).waitFor();
        await panel.getByTestId('uncleared-count').getByText('0', { exact: true }).waitFor();
        await screenshot(page, 'accounts-reconcile');
        await expectAccessible(page, 'the register while reconciling');
        await page.setViewportSize({ width: 390, height: 844 });
        await page.waitForTimeout(500);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width <= 390, `the register while reconciling is ${width}px wide in a 390px window`);
        await panel.scrollIntoViewIfNeeded();
        await screenshot(page, 'accounts-reconcile-phone', { fullPage: false });
        await page.setViewportSize({ width: 1360, height: 900 });

        // The ticks are the server's: a reload shows them, and the status agrees.
        await page.reload();
        await page.getByRole('button', { name: 'Mark Zinsen cleared' }).waitFor();
        const pressed = await page.getByRole('button', { name: 'Mark Zinsen cleared' }).getAttribute('aria-pressed');
        expect(pressed === 'true', `after a reload Zinsen is aria-pressed=${pressed}`);
      },
    },
    {
      name: 'an archived account folds away under Archived, and the page fits a phone in the dark',
      run: async () => {
        const page = open();
        await page.getByRole('link', { name: 'Accounts', exact: true }).first().click();
        await assetRow('Tagesgeld').getByRole('button', { name: 'Archive Tagesgeld' }).click();
        await assetRow('Tagesgeld').waitFor({ state: 'detached' });
        const archived = page.locator('details.account-archived');
        await archived.getByText('Archived (1)').waitFor();
        expect(!(await archived.evaluate((element) => (element as HTMLDetailsElement).open)), 'Archived is open');
        await archived.getByText('Archived (1)').click();
        await archived.getByRole('button', { name: 'Unarchive Tagesgeld' }).waitFor();
        // Archived money still counts in net worth, as the server's net worth counts it.
        await page.getByTestId('net-worth').getByText(EUROS, { exact: true }).waitFor();

        await page.setViewportSize({ width: 390, height: 844 });
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.waitForTimeout(500);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width <= 390, `the accounts page is ${width}px wide in a 390px window`);
        await screenshot(page, 'accounts-phone-dark');
        await expectAccessible(page, 'the accounts page on a phone, dark');

        await page.getByRole('button', { name: 'Open navigation' }).click();
        await page.getByRole('link', { name: 'Overview', exact: true }).first().click();
        const netWorth = page.getByRole('region', { name: 'Net worth' });
        await netWorth.getByTestId('net-worth-summary').getByText(EUROS).first().waitFor();
        const overviewWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(overviewWidth <= 390, `the overview is ${overviewWidth}px wide in a 390px window`);
        await netWorth.scrollIntoViewIfNeeded();
        await screenshot(page, 'accounts-overview-phone-dark', { fullPage: false });
        await expectAccessible(page, 'the overview with net worth on a phone, dark');
        expect(pageErrors.length === 0, `uncaught errors: ${pageErrors.join(' | ')}`);
        await context?.close();
      },
    },
  ];
}
