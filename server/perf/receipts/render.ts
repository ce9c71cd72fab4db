import { type Browser, chromium } from 'playwright-core';
import type { ReceiptSpec } from './set';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Renders receipts to PNG or JPEG in one headless Chromium, the same one the browser tests use. */
export class ReceiptRenderer {
  private constructor(private readonly browser: Browser) {}

  static async start(): Promise<ReceiptRenderer> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return new ReceiptRenderer(browser);
  }

  async render(spec: ReceiptSpec): Promise<Buffer> {
    const { traits } = spec.truth;
    const context = await this.browser.newContext({
      viewport: { width: 700, height: 1800 },
      deviceScaleFactor: traits.scale,
    });
    try {
      const page = await context.newPage();
      // The page is self-contained; nothing it could load is wanted.
      await page.route('**/*', (route) =>
        route.request().url().startsWith('data:') ? route.continue() : route.abort(),
      );
      await page.setContent(spec.html, { waitUntil: 'load' });
      // A string, as the server's TypeScript has no DOM types; it waits for the receipt's fonts.
      await page.evaluate('document.fonts.ready.then(() => undefined)');
      const paper = page.locator('#paper');
      // The bounding box of the turned paper, so no corner is cut off, and the frame around it.
      const bounds = await paper.boundingBox();
      if (!bounds) throw new Error(`${spec.truth.file}: the receipt page shows no #paper`);
      const frame = Number((await paper.getAttribute('data-frame')) ?? '0');
      const box = {
        x: Math.max(0, bounds.x - frame),
        y: Math.max(0, bounds.y - frame),
        width: bounds.width + 2 * frame,
        height: bounds.height + 2 * frame,
      };
      if (box.y + box.height > 1800) throw new Error(`${spec.truth.file} is taller than the page it is drawn on`);
      return await page.screenshot({
        clip: box,
        type: traits.format,
        ...(traits.jpegQuality === null ? {} : { quality: traits.jpegQuality }),
        animations: 'disabled',
        caret: 'hide',
      });
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
