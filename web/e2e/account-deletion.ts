/*
 * Deleting the account from Settings: the sign-in page it lands on says so, from router state (the
 * URL is plain /signin), and the Settings page says a new currency relabels amounts without converting.
 * Runs in its own browser context with an account of its own, so the other flows keep theirs.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, type Flow, type SignedUp, screenshot, signUpInNewContext, TIMEOUT_MS } from './support';

export function accountDeletionFlows(browser: Browser, origin: string): Flow[] {
  const person = { name: 'Grace Hopper', email: `grace-${Date.now()}@example.com`, password: 'compiler ships 1952' };
  let session: SignedUp | undefined;
  const open = (): Page => {
    if (!session) throw new Error('the account-deletion page was not opened');
    return session.page;
  };
  return [
    {
      name: 'Settings says beside the currency picker that amounts are relabelled, not converted',
      run: async () => {
        session = await signUpInNewContext(browser, origin, person);
        const page = session.page;
        await page.getByRole('link', { name: 'Settings' }).click();
        const picker = page.getByLabel('Currency');
        const hintId = await picker.getAttribute('aria-describedby');
        expect(hintId, 'the currency picker has no hint');
        const hint = await page.locator(`[id="${hintId}"]`).textContent();
        expect(
          hint === 'Changes the symbol only: amounts are not converted.',
          `the currency hint reads "${hint ?? ''}"`,
        );
        await screenshot(page, '27-settings-currency-hint');
      },
    },
    {
      name: 'deleting the account lands on sign-in, which says the account has been deleted',
      run: async () => {
        const tab = open();
        await tab.getByRole('button', { name: 'Delete my account' }).click();
        const dialog = tab.getByRole('dialog');
        await dialog.getByLabel('Password').fill(person.password);
        await dialog.getByRole('button', { name: 'Delete permanently' }).click();
        await tab.waitForURL((url) => url.pathname === '/signin', { timeout: TIMEOUT_MS });
        await tab.getByRole('status').getByText('Your account has been deleted.', { exact: true }).waitFor();
        // Router state, not the query string: the address is plain /signin.
        expect(new URL(tab.url()).search === '', `the sign-in address is ${tab.url()}`);
        await screenshot(tab, '28-account-deleted');
        await tab.setViewportSize({ width: 390, height: 844 });
        await screenshot(tab, '28b-account-deleted-phone');
        // The account is gone: its password no longer signs in.
        await tab.getByLabel('Email').fill(person.email);
        await tab.getByLabel('Password').fill(person.password);
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.getByRole('alert').waitFor();
        expect(new URL(tab.url()).pathname === '/signin', `signed in to a deleted account: ${tab.url()}`);
        const errors = session?.pageErrors ?? [];
        expect(errors.length === 0, `uncaught errors: ${errors.join(' | ')}`);
        await session?.context.close();
      },
    },
  ];
}
