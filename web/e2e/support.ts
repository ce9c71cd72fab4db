/*
 * What the browser flows in their own files share: the flow shape, the assertion, screenshots, and a
 * fresh person signed up in a browser context of their own.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results');
export const TIMEOUT_MS = 20_000;

export interface Flow {
  name: string;
  run: () => Promise<void>;
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Saves a screenshot: the whole page, or just the window while a dialog covers it. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage });
}

export interface SignedUp {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors the page has thrown so far. */
  pageErrors: string[];
}

export interface SignUpOptions {
  /** The browser's language (`en-US` unless given): it decides how amounts are typed and shown. */
  locale?: string;
  /** The currency picked at sign-up; the form's default otherwise. */
  currency?: string;
  /** Where the page's uncaught errors go; a new list otherwise. */
  pageErrors?: string[];
}

/** A new desktop browser context in which `person` has just signed up and sees the overview. */
export async function signUpInNewContext(
  browser: Browser,
  origin: string,
  person: { name: string; email: string; password: string },
  options: SignUpOptions = {},
): Promise<SignedUp> {
  const context = await browser.newContext({
    baseURL: origin,
    viewport: { width: 1360, height: 900 },
    colorScheme: 'light',
    timezoneId: 'Europe/Berlin',
    locale: options.locale ?? 'en-US',
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const pageErrors = options.pageErrors ?? [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto('/signup');
  await page.getByLabel('Full name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  if (options.currency) await page.getByLabel('Currency').selectOption(options.currency);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Overview', exact: true }).waitFor();
  return { context, page, pageErrors };
}
