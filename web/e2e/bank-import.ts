/*
 * Browser flows for CSV import: six banks' export layouts (server/src/modules/transaction/fixtures/
 * bank-exports, one with lines above its header) go through the import wizard as a person would take
 * them, on a desktop window, and the app's own export goes in and comes back out byte for byte on a
 * phone-sized one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect, type Flow, screenshot as saveScreenshot, TIMEOUT_MS } from './support';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.resolve(webRoot, '..', 'server/src/modules/transaction/fixtures/bank-exports');

/** The window as the person sees it (the wizard is a dialog over the page). */
const screenshot = (page: Page, name: string) => saveScreenshot(page, name, { fullPage: false });

interface BankExport {
  file: string;
  /** What the wizard should have detected, as its "Detect (…)" options say. */
  detected: string[];
  /** Columns the person changes before previewing: column name → option label. */
  remap?: Record<string, string>;
  rows: number;
  /** Lines above the header the wizard says it skipped (a bank's preamble). */
  skipped?: number;
  /** A row of the list afterwards: its title and the texts it must show. */
  check: { title: string; texts: string[] };
}

const BANK_EXPORTS: BankExport[] = [
  {
    file: 'de-giro.csv',
    detected: ['Detect (Semicolon (;))', 'Detect (DD.MM.YYYY)', 'Detect (Comma (1234,56))'],
    rows: 4,
    check: { title: 'Bäckerei Müller', texts: ['Uncategorized', '7.45'] },
  },
  {
    file: 'uk-current.csv',
    detected: ['Detect (Comma (,))', 'Detect (DD/MM/YYYY)', 'Detect (Point (1234.56))'],
    rows: 4,
    check: { title: 'SALARY ACME LTD', texts: ['2,100.00'] },
  },
  {
    file: 'us-card.csv',
    detected: ['Detect (MM/DD/YYYY)'],
    remap: { Type: '— not read —' },
    rows: 4,
    check: { title: 'AMAZON.COM', texts: ['Shopping', '1,204.99'] },
  },
  {
    file: 'nl-ing.csv',
    detected: ['Detect (YYYYMMDD)', 'Detect (Comma (1234,56))'],
    rows: 3,
    check: { title: 'Werkgever B.V.', texts: ['2,875.00'] },
  },
  {
    file: 'de-sparkasse-preamble.csv',
    detected: ['Detect (Semicolon (;))', 'Detect (DD.MM.YYYY)', 'Detect (Comma (1234,56))'],
    rows: 4,
    skipped: 5,
    check: { title: 'Hausverwaltung Schmidt', texts: ['Miete März', '890.00'] },
  },
  {
    file: 'fr-banque.csv',
    detected: ['Detect (Semicolon (;))', 'Detect (DD/MM/YYYY)'],
    rows: 4,
    check: { title: 'VIR SALAIRE MARS', texts: ['3,150.00'] },
  },
];

/** A new account keeping `currency`, on its transactions page. */
async function signUp(context: BrowserContext, name: string, currency = 'USD'): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/signup');
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(`${name.split(' ')[0]?.toLowerCase()}-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('ledger lines 1494 pacioli');
  await page.getByLabel('Currency').selectOption(currency);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: TIMEOUT_MS });
  // A phone's navigation sits behind a menu; the address works on any width.
  await page.goto('/transactions');
  await page.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
  return page;
}

/** Opens the wizard and uploads a fixture; answers the wizard once the server's reading is shown. */
async function upload(page: Page, file: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Import CSV' }).first().click();
  const wizard = page.getByRole('dialog');
  await wizard.getByLabel('CSV file').setInputFiles(path.join(fixtures, file));
  await wizard.getByRole('heading', { name: 'Map columns' }).waitFor();
  await wizard.getByText(/rows read without problems/).waitFor();
  return wizard;
}

async function previewAndImport(page: Page, wizard: Locator, rows: number, shot?: string, note?: string) {
  await wizard.getByRole('button', { name: 'Preview' }).click();
  await wizard.getByText(`${rows} valid`, { exact: true }).waitFor();
  if (note) await wizard.getByText(note, { exact: true }).waitFor();
  expect((await wizard.getByText(/with problems/).count()) === 0, 'the preview lists rows with problems');
  if (shot) await screenshot(page, `${shot}-preview`);
  await wizard.getByRole('button', { name: `Import ${rows} transactions` }).click();
  await wizard.getByText(`Imported ${rows} transactions`).waitFor({ timeout: 30_000 });
  await wizard.getByRole('button', { name: 'Done' }).click();
}

export function bankImportFlows(browser: Browser, origin: string): Flow[] {
  const pageErrors: string[] = [];
  const newContext = async (viewport: { width: number; height: number }) => {
    const context = await browser.newContext({ baseURL: origin, viewport, colorScheme: 'light', locale: 'en-US' });
    context.setDefaultTimeout(TIMEOUT_MS);
    context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
    return context;
  };
  return [
    {
      name: "imports six banks' exports through the wizard: preamble, separators, dates, decimals and direction detected",
      run: async () => {
        const context = await newContext({ width: 1360, height: 900 });
        try {
          // A euro account: the German exports say EUR in their currency column, which must be the account's.
          const page = await signUp(context, 'Luca Pacioli', 'EUR');
          let total = 0;
          for (const bank of BANK_EXPORTS) {
            const wizard = await upload(page, bank.file);
            for (const text of bank.detected) {
              expect((await wizard.getByRole('option', { name: text }).count()) === 1, `${bank.file}: no "${text}"`);
            }
            const shot = `bank-${bank.file.replace('.csv', '')}`;
            if (bank.file === 'de-giro.csv') {
              // Read with commas the semicolon file is one column; the person can say so, and go back.
              await wizard.getByLabel('Separator', { exact: true }).selectOption(',');
              await wizard.getByText('or another separator').waitFor();
              const preview = wizard.getByRole('button', { name: 'Preview' });
              expect(await preview.isDisabled(), 'Preview is enabled while columns are missing');
              await screenshot(page, `${shot}-wrong-separator`);
              await wizard.getByLabel('Separator', { exact: true }).selectOption('auto');
              await wizard.getByText(`${bank.rows} of ${bank.rows} rows read without problems`).waitFor();
            }
            if (bank.remap) {
              await wizard.getByText(`0 of ${bank.rows} rows read without problems`).waitFor();
              await screenshot(page, `${shot}-before-remap`);
              for (const [column, label] of Object.entries(bank.remap)) {
                await wizard.getByLabel(column, { exact: true }).selectOption({ label });
              }
            }
            await wizard.getByText(`${bank.rows} of ${bank.rows} rows read without problems`).waitFor();
            const note = bank.skipped ? `Skipped ${bank.skipped} lines above the header.` : undefined;
            if (note) await wizard.getByText(note, { exact: false }).waitFor();
            await screenshot(page, `${shot}-mapping`);
            await previewAndImport(page, wizard, bank.rows, shot, note);
            total += bank.rows;
            await page.getByText(`${total} transactions`, { exact: true }).waitFor();
            const row = page.getByRole('row').filter({ hasText: bank.check.title });
            for (const text of bank.check.texts) await row.getByText(text).first().waitFor();
          }
          await screenshot(page, 'bank-imported-list');
        } finally {
          await context.close();
        }
      },
    },
    {
      name: "the app's own export re-imports identically through the wizard on a phone, and exports the same bytes",
      run: async () => {
        const context = await newContext({ width: 390, height: 844 });
        try {
          const page = await signUp(context, 'Ada Byron');
          const wizard = await upload(page, 'app-export.csv');
          await screenshot(page, 'app-export-phone-mapping');
          await previewAndImport(page, wizard, 5, 'app-export-phone');
          await page.getByText('5 transactions', { exact: true }).waitFor();
          // The export's apostrophes guard against spreadsheet formulas; they never reach the stored text.
          // At phone width each transaction is a card named for its title.
          await page.getByRole('button', { name: /^Edit =SUM\(A1:A3\)\s/ }).waitFor();
          expect((await page.getByText("'=SUM(A1:A3)").count()) === 0, 'a leading apostrophe was kept');
          await screenshot(page, 'app-export-phone-list');
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByRole('button', { name: 'Export' }).click(),
          ]);
          const exported = readFileSync(await download.path());
          const original = readFileSync(path.join(fixtures, 'app-export.csv'));
          expect(exported.equals(original), `the export differs:\n${exported.toString('utf8')}`);
          expect(pageErrors.length === 0, `uncaught errors: ${pageErrors.join(' | ')}`);
        } finally {
          await context.close();
        }
      },
    },
  ];
}
