/*
 * Receipt scanning end to end: a receipt photographed (here rendered by Chromium itself from HTML, so
 * the flow needs no image files), scanned from the transactions page, the drawer filled in from what
 * the server's offline reader found, corrected and saved; the list marks the transaction with a
 * receipt icon and the image opens full size. Then the same on a phone, in the dark theme. Runs in
 * browser contexts of its own, with an account of its own.
 */
import type { Browser, Page } from 'playwright-core';
import { auditPage, describeFinding } from './axe';
import { expect, type Flow, type SignedUp, screenshot, signUpInNewContext, TIMEOUT_MS } from './support';

/** What the receipt below says, and so what the drawer must read from it. */
const RECEIPT = { merchant: 'Corner Market', amount: '23.40', date: '2026-11-28' };

const RECEIPT_HTML = `<!doctype html>
<html><body style="margin:0;background:#d6d3cc">
<div id="receipt" style="width:380px;margin:24px;padding:28px 26px;background:#fff;color:#111;
  font:18px/1.5 'DejaVu Sans Mono','Liberation Mono',monospace">
  <div style="text-align:center;font-size:26px;font-weight:bold">CORNER MARKET</div>
  <div style="text-align:center">12 Harbour Street, Leith</div>
  <div style="text-align:center">Tel 0131 555 0199</div>
  <br>
  <div>Date: 2026-11-28  14:32</div>
  <div>Receipt no. 004817</div>
  <br>
  <div style="display:flex;justify-content:space-between"><span>Sourdough loaf</span><span>4.20</span></div>
  <div style="display:flex;justify-content:space-between"><span>Whole milk 2L</span><span>2.15</span></div>
  <div style="display:flex;justify-content:space-between"><span>Apples 1kg</span><span>3.60</span></div>
  <div style="display:flex;justify-content:space-between"><span>Coffee beans</span><span>11.55</span></div>
  <br>
  <div style="display:flex;justify-content:space-between"><span>SUBTOTAL</span><span>21.50</span></div>
  <div style="display:flex;justify-content:space-between"><span>VAT</span><span>1.90</span></div>
  <div style="display:flex;justify-content:space-between;font-size:22px;font-weight:bold">
    <span>TOTAL</span><span>23.40</span></div>
  <br>
  <div>VISA **** 4821</div>
  <div>CARD PAYMENT APPROVED</div>
  <br>
  <div style="text-align:center">Thank you for shopping with us</div>
</div></body></html>`;

/** The same receipt torn above the date and below the total: no date and no payment line to read. */
const TORN_RECEIPT_HTML = RECEIPT_HTML.replace(/<div>Date:[^<]*<\/div>/, '').replace(
  /<div>VISA[^<]*<\/div>\s*<div>CARD PAYMENT APPROVED<\/div>/,
  '',
);

/** The receipt as a PNG, as a phone's photo of it would arrive (only sharper). */
async function renderReceipt(browser: Browser, html: string): Promise<Buffer> {
  const context = await browser.newContext({ viewport: { width: 480, height: 900 }, deviceScaleFactor: 2 });
  try {
    const page = await context.newPage();
    await page.setContent(html);
    return await page.locator('#receipt').screenshot({ type: 'png' });
  } finally {
    await context.close();
  }
}

/** Holds the scan request back a moment, so the progress state can be seen and photographed. */
async function slowScans(page: Page, delayMs: number) {
  await page.route(
    (url) => url.pathname.includes('transaction.scanReceipt'),
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await route.continue();
    },
  );
}

/** Scans the receipt from the transactions page, photographing the drop zone and the progress state. */
async function scanFromPage(page: Page, receipt: Buffer, shots: string) {
  await page.getByRole('button', { name: 'Scan receipt' }).first().click();
  const scanDialog = page.getByRole('dialog', { name: 'Scan a receipt' });
  await scanDialog.getByRole('button', { name: 'Choose image' }).waitFor();
  await screenshot(page, `${shots}-drop-zone`, { fullPage: false });
  await expectAccessible(page, `the scan dialog (${shots})`);
  await scanDialog
    .locator('[data-testid="receipt-file"]')
    .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: receipt });
  await scanDialog.getByRole('status').getByText('Reading the receipt…').waitFor();
  await screenshot(page, `${shots}-progress`, { fullPage: false });
  const drawer = page.getByRole('dialog', { name: 'New transaction' });
  // The offline reader takes about a second; a queue on a busy machine can take longer.
  await drawer.getByText('Receipt attached').waitFor({ timeout: 60_000 });
  return drawer;
}

/** No serious or critical axe-core finding on the page as it is now. */
async function expectAccessible(page: Page, what: string) {
  const { blocking } = await auditPage(page);
  expect(blocking.length === 0, `${what}: ${blocking.map(describeFinding).join('; ')}`);
}

/**
 * The drawer holds what the receipt says; on the torn receipt the date and payment method are marked for
 * the person to check, in words. The category is filled in when the scanner had no suggestion.
 */
async function checkFilledDrawer(page: Page, drawer: ReturnType<Page['getByRole']>, shot: string, torn = false) {
  const title = await drawer.getByLabel('Title').inputValue();
  expect(title.toLowerCase() === RECEIPT.merchant.toLowerCase(), `the title read is "${title}"`);
  const amount = await drawer.getByLabel('Amount').inputValue();
  expect(amount === RECEIPT.amount, `the amount read is "${amount}", not the total ${RECEIPT.amount}`);
  if (torn) {
    await drawer.getByText("Check this: no date found on the receipt, so today's date is filled in.").waitFor();
    await drawer.getByText('Check this: the receipt does not say how it was paid.').waitFor();
    await drawer.getByText(/check the \d marked fields/).waitFor();
  } else {
    const date = await drawer.getByLabel('Date').inputValue();
    expect(date === RECEIPT.date, `the date read is "${date}"`);
    const method = await drawer.getByLabel('Payment method').inputValue();
    expect(method === 'CARD', `the payment method read is "${method}"`);
  }
  await drawer.getByRole('button', { name: 'Open the receipt full size' }).locator('img').waitFor();
  await page.waitForTimeout(300);
  await screenshot(page, shot, { fullPage: false });
  await expectAccessible(page, `the filled drawer (${shot})`);
  if ((await drawer.getByLabel('Category').inputValue()) === '') {
    await drawer.getByLabel('Category').fill('Groceries');
  }
  return title;
}

/** Opens the stored image full size from the transaction's drawer and checks it is the receipt, decoded. */
async function openFullSize(page: Page, editLabel: string, shot: string) {
  await page.getByRole('button', { name: editLabel }).first().click();
  const drawer = page.getByRole('dialog', { name: 'Edit transaction' });
  await drawer.getByRole('button', { name: 'Open the receipt full size' }).click();
  const viewer = page.getByRole('dialog', { name: /^Receipt · / });
  const image = viewer.getByRole('img', { name: /^Receipt for / });
  await image.waitFor();
  await page.waitForFunction(
    () => {
      const img = document.querySelector<HTMLImageElement>('.receipt-viewer img');
      return img?.complete && img.naturalWidth > 0;
    },
    undefined,
    { timeout: TIMEOUT_MS },
  );
  const { width, src } = await image.evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, src: img.src }));
  expect(width >= 380, `the full-size image is ${width}px wide`);
  expect(src.startsWith('blob:'), `the image is not shown through an object URL: ${src}`);
  await screenshot(page, shot, { fullPage: false });
  await viewer.getByRole('button', { name: 'Close' }).click();
  await viewer.waitFor({ state: 'hidden' });
  // Closing the viewer leaves the drawer around it open.
  await drawer.getByRole('button', { name: 'Cancel' }).click();
  await drawer.waitFor({ state: 'hidden' });
}

export function receiptScanFlows(browser: Browser, origin: string): Flow[] {
  const person = {
    name: 'Grace Hopper',
    email: `grace-receipts-${Date.now()}@example.com`,
    password: 'compiler cobol 1959 navy',
  };
  let session: SignedUp | undefined;
  let receipt: Buffer | undefined;
  let tornReceipt: Buffer | undefined;
  let savedTitle = '';
  const open = () => {
    if (!session || !receipt || !tornReceipt) throw new Error('the receipt page was not opened');
    return { page: session.page, receipt, tornReceipt };
  };
  return [
    {
      name: 'scans a receipt image, fills the drawer from it, saves it and opens the receipt full size',
      run: async () => {
        receipt = await renderReceipt(browser, RECEIPT_HTML);
        tornReceipt = await renderReceipt(browser, TORN_RECEIPT_HTML);
        session = await signUpInNewContext(browser, origin, person);
        const { page } = session;
        await page.getByRole('link', { name: 'Transactions' }).click();
        await page.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
        await slowScans(page, 1200);

        const drawer = await scanFromPage(page, receipt, '40-receipt');
        const title = await checkFilledDrawer(page, drawer, '40-receipt-drawer-filled');
        savedTitle = title;
        await drawer.getByRole('button', { name: 'Save transaction' }).click();
        await drawer.waitFor({ state: 'hidden' });

        const row = page.getByRole('row').filter({ hasText: title });
        await row.getByTitle('Receipt attached').waitFor();
        await row.getByText('$23.40').waitFor();
        await screenshot(page, '40-receipt-list');
        await openFullSize(page, `Edit ${title}`, '40-receipt-viewer');
      },
    },
    {
      name: 'refuses a file that is not an image and says so, without sending it',
      run: async () => {
        const { page } = open();
        let scans = 0;
        page.on('request', (request) => {
          if (request.url().includes('transaction.scanReceipt')) scans++;
        });
        await page.getByRole('button', { name: 'Scan receipt' }).first().click();
        const scanDialog = page.getByRole('dialog', { name: 'Scan a receipt' });
        await scanDialog
          .locator('[data-testid="receipt-file"]')
          .setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: Buffer.from('TOTAL 12.00\n') });
        await scanDialog.getByRole('alert').getByText('This file is not an image.', { exact: false }).waitFor();
        await screenshot(page, '41-receipt-not-an-image', { fullPage: false });
        expect(scans === 0, 'a file that is not an image was sent to the scanner');
        await scanDialog.getByRole('button', { name: 'Close' }).click();
      },
    },
    {
      name: 'the same in the dark theme and on a phone (390×844): drop zone, progress, filled drawer, cards, viewer',
      run: async () => {
        const { page, receipt: image, tornReceipt: torn } = open();
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.reload();
        await page.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
        expect((await page.locator('html').getAttribute('data-theme')) === 'dark', 'the dark theme is not applied');
        const darkDrawer = await scanFromPage(page, torn, '42-receipt-dark');
        await checkFilledDrawer(page, darkDrawer, '42-receipt-dark-drawer-filled', true);
        await darkDrawer.getByRole('button', { name: 'Cancel' }).click();
        await openFullSize(page, `Edit ${savedTitle}`, '42-receipt-dark-viewer');
        await session?.context.close();

        // A phone: a touch screen shows the camera button, and the list is cards.
        const phone = await browser.newContext({
          baseURL: origin,
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
          colorScheme: 'light',
          timezoneId: 'Europe/Berlin',
          locale: 'en-US',
        });
        phone.setDefaultTimeout(TIMEOUT_MS);
        const tab = await phone.newPage();
        const pageErrors: string[] = [];
        tab.on('pageerror', (error) => pageErrors.push(error.message));
        await tab.goto('/signin?next=%2Ftransactions');
        await tab.getByLabel('Email').fill(person.email);
        await tab.getByLabel('Password').fill(person.password);
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.getByRole('heading', { name: 'Transactions', exact: true }).waitFor();
        await slowScans(tab, 1200);
        await tab.getByRole('button', { name: 'Scan receipt' }).first().click();
        const scanDialog = tab.getByRole('dialog', { name: 'Scan a receipt' });
        await scanDialog.getByRole('button', { name: 'Take photo' }).waitFor();
        await scanDialog.getByRole('button', { name: 'Close' }).click();
        const drawer = await scanFromPage(tab, image, '43-receipt-phone');
        const title = await checkFilledDrawer(tab, drawer, '43-receipt-phone-drawer-filled');
        await drawer.getByLabel('Amount').fill('23.45');
        await drawer.getByRole('button', { name: 'Save transaction' }).click();
        await drawer.waitFor({ state: 'hidden' });
        const card = tab.getByRole('button', { name: `Edit ${title}` }).first();
        await card.getByTitle('Receipt attached').waitFor();
        const width = await tab.evaluate(() => document.documentElement.scrollWidth);
        expect(width <= 390, `the page is ${width}px wide in a 390px window`);
        await screenshot(tab, '43-receipt-phone-cards');
        await openFullSize(tab, `Edit ${title}`, '43-receipt-phone-viewer');
        expect(pageErrors.length === 0, `uncaught errors: ${pageErrors.join(' | ')}`);
        await phone.close();
      },
    },
  ];
}
