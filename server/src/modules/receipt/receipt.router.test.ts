import { RECEIPT_LIMITS, type User } from '@finailytics/shared';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { receipts } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { errorOf, retryAfter, zodMessages } from '../../test/errors';
import { createUser, TEST_PASSWORD } from '../../test/factories';
import { UNDO_WINDOW_MS } from '../transaction/undo.service';
import { blankPng, dataUrl, receiptPng, SAMPLE_RECEIPT_LINES } from './fixtures/images';
import { pruneReceipts } from './receipt.job';
import { insertReceipt } from './receipt.repository';
import { createOfflineReceiptReader } from './receipt-reader';

const database = useTestDatabase();
// One recogniser for the file, started by the first scan and stopped after the last.
const reader = createOfflineReceiptReader({ workers: 1, queueLimit: 8 });
afterAll(() => reader.close());

const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00,', 'latin1');

async function signedIn(options: { env?: ReturnType<typeof testEnv>; user?: User } = {}) {
  const clock = new ManualClock('2026-03-15T12:00:00.000Z');
  const user = options.user ?? (await createUser(database.db, { now: clock.now() }));
  const { caller } = await createTestCaller({ database, user, clock, receiptReader: reader, env: options.env });
  return { user, caller, clock };
}

/** A stored scan, as scanReceipt leaves it, without reading an image. */
async function storedScan(user: User, now: Date): Promise<string> {
  const image = await blankPng();
  return insertReceipt(database.db, {
    userId: user.id,
    contentType: 'image/jpeg',
    image,
    thumbnail: image,
    now,
  });
}

async function receiptRow(id: string) {
  const [row] = await database.db
    .select({
      transactionId: receipts.transactionId,
      liveTransactionId: receipts.liveTransactionId,
      unattachedSince: receipts.unattachedSince,
    })
    .from(receipts)
    .where(eq(receipts.id, id));
  return row;
}

const expense = {
  title: 'Corner Grocer',
  type: 'EXPENSE' as const,
  amount: 6.84,
  category: 'Groceries',
  date: '2026-03-14',
};

describe('transaction.scanReceipt', () => {
  it('reads a receipt into a draft expense and stores its image', async () => {
    const { caller, user } = await signedIn();
    const result = await caller.transaction.scanReceipt({
      image: dataUrl(await receiptPng(SAMPLE_RECEIPT_LINES)),
      locale: 'en-GB',
    });
    expect(result.draft).toEqual({
      title: 'CORNER GROCER',
      type: 'EXPENSE',
      amount: 6.84,
      date: '2026-03-14',
      category: 'Groceries',
      paymentMethod: 'CARD',
      description: 'Milk 2L, Bread, Apples',
    });
    expect(result.confidence.amount).toBeGreaterThan(0.8);
    expect(result.confidence.overall).toBeGreaterThan(0.7);
    expect(result.confidence.overall).toBeLessThanOrEqual(1);
    expect(result.text).toContain('SUBTOTAL 6.84');
    const [stored] = await database.db
      .select({ userId: receipts.userId, contentType: receipts.contentType, transactionId: receipts.transactionId })
      .from(receipts)
      .where(eq(receipts.id, result.receiptId));
    expect(stored).toEqual({ userId: user.id, contentType: 'image/jpeg', transactionId: null });
  });

  it("suggests the user's own most frequent category for the merchant", async () => {
    const { caller } = await signedIn();
    for (const category of ['Weekly shop', 'Weekly shop', 'Treats']) {
      await caller.transaction.create({ ...expense, title: 'CORNER GROCER', category });
    }
    const result = await caller.transaction.scanReceipt({ image: dataUrl(await receiptPng(SAMPLE_RECEIPT_LINES)) });
    expect(result.draft.category).toBe('Weekly shop');
  });

  it('answers every field null for an image with no receipt on it', async () => {
    const { caller } = await signedIn();
    const result = await caller.transaction.scanReceipt({ image: dataUrl(await blankPng()) });
    expect(result.draft).toEqual({
      title: null,
      type: 'EXPENSE',
      amount: null,
      date: null,
      category: null,
      paymentMethod: null,
      description: null,
    });
    expect(result.confidence).toEqual({ title: 0, amount: 0, date: 0, paymentMethod: 0, overall: 0 });
  });

  it('refuses a GIF labelled as a PNG', async () => {
    const { caller } = await signedIn();
    const error = await errorOf(caller.transaction.scanReceipt({ image: dataUrl(GIF) }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('The file is not a PNG, JPEG or WebP image');
  });

  it('refuses text labelled as an image', async () => {
    const { caller } = await signedIn();
    const error = await errorOf(
      caller.transaction.scanReceipt({ image: dataUrl(Buffer.from('TOTAL 12.00'), 'image/jpeg') }),
    );
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: 'The file is not a PNG, JPEG or WebP image' });
  });

  it('refuses a PNG signature followed by bytes that are no picture', async () => {
    const { caller } = await signedIn();
    const broken = Buffer.concat([(await blankPng()).subarray(0, 8), Buffer.alloc(200, 7)]);
    const error = await errorOf(caller.transaction.scanReceipt({ image: dataUrl(broken) }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^The file could not be read as an image/);
  });

  it('refuses an image over 5 MB', async () => {
    const { caller } = await signedIn();
    const png = await blankPng();
    const big = Buffer.concat([png, Buffer.alloc(RECEIPT_LIMITS.imageMaxBytes + 1 - png.length)]);
    const error = await errorOf(caller.transaction.scanReceipt({ image: dataUrl(big) }));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: 'The image must be at most 5 MB' });
  });

  it('refuses a data URL far over the limit before decoding it', async () => {
    const { caller } = await signedIn();
    const error = await errorOf(caller.transaction.scanReceipt({ image: `data:image/png;base64,${'A'.repeat(8e6)}` }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(zodMessages(error)).toEqual(['The image must be at most 5 MB']);
  });

  it('refuses another type of data URL', async () => {
    const { caller } = await signedIn();
    const error = await errorOf(caller.transaction.scanReceipt({ image: dataUrl(GIF, 'image/gif') }));
    expect(zodMessages(error)).toEqual(['The image must be a PNG, JPEG or WebP data URL']);
  });

  it('refuses data that is not base64', async () => {
    const { caller } = await signedIn();
    const error = await errorOf(caller.transaction.scanReceipt({ image: 'data:image/png;base64,iVBOR*w0K!' }));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: 'The image data is not valid base64' });
  });

  it('counts scans against the per-user limit', async () => {
    const env = testEnv({ RECEIPT_SCAN_MAX_PER_USER: '2', RECEIPT_SCAN_WINDOW_SECONDS: '600' });
    const { caller } = await signedIn({ env });
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await errorOf(caller.transaction.scanReceipt({ image: dataUrl(GIF) }))).code).toBe('BAD_REQUEST');
    }
    const error = await errorOf(caller.transaction.scanReceipt({ image: dataUrl(GIF) }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(retryAfter(error)).toBeGreaterThan(590);
  });
});

describe('attaching a receipt', () => {
  it('attaches on create; get and list show it', async () => {
    const { caller, user, clock } = await signedIn();
    const receiptId = await storedScan(user, clock.now());
    const created = await caller.transaction.create({ ...expense, receiptId });
    expect(created.receiptId).toBe(receiptId);
    expect((await caller.transaction.get({ id: created.id })).receiptId).toBe(receiptId);
    const { items } = await caller.transaction.list({});
    expect(items.map((item) => [item.id, item.receiptId])).toEqual([[created.id, receiptId]]);
    expect(await receiptRow(receiptId)).toEqual({
      transactionId: created.id,
      liveTransactionId: created.id,
      unattachedSince: null,
    });
  });

  it('says a transaction without a receipt has none', async () => {
    const { caller } = await signedIn();
    const created = await caller.transaction.create(expense);
    expect(created.receiptId).toBeNull();
    expect((await caller.transaction.get({ id: created.id })).receiptId).toBeNull();
  });

  it("refuses another user's receipt as NOT_FOUND and creates nothing", async () => {
    const { caller } = await signedIn();
    const other = await signedIn();
    const theirs = await storedScan(other.user, other.clock.now());
    const error = await errorOf(caller.transaction.create({ ...expense, receiptId: theirs }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Receipt not found' });
    expect((await caller.transaction.list({})).items).toEqual([]);
    expect((await receiptRow(theirs))?.transactionId).toBeNull();
  });

  it("refuses another user's receipt on update and leaves the transaction as it was", async () => {
    const { caller } = await signedIn();
    const other = await signedIn();
    const created = await caller.transaction.create(expense);
    const theirs = await storedScan(other.user, other.clock.now());
    const error = await errorOf(caller.transaction.update({ id: created.id, title: 'Changed', receiptId: theirs }));
    expect(error.code).toBe('NOT_FOUND');
    expect(await caller.transaction.get({ id: created.id })).toEqual(created);
  });

  it('refuses an unknown receipt id as NOT_FOUND', async () => {
    const { caller } = await signedIn();
    const error = await errorOf(
      caller.transaction.create({ ...expense, receiptId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(error.code).toBe('NOT_FOUND');
  });

  it('attaches on update, and null detaches', async () => {
    const { caller, user, clock } = await signedIn();
    const created = await caller.transaction.create(expense);
    const receiptId = await storedScan(user, clock.now());
    clock.advance(60_000);
    const attached = await caller.transaction.update({ id: created.id, receiptId });
    expect(attached.receiptId).toBe(receiptId);
    const renamed = await caller.transaction.update({ id: created.id, title: 'Renamed' });
    expect(renamed.receiptId).toBe(receiptId);

    clock.advance(60_000);
    const detached = await caller.transaction.update({ id: created.id, receiptId: null });
    expect(detached.receiptId).toBeNull();
    expect((await caller.transaction.get({ id: created.id })).receiptId).toBeNull();
    expect(await receiptRow(receiptId)).toEqual({
      transactionId: null,
      liveTransactionId: null,
      unattachedSince: clock.now(),
    });
  });

  it('replaces the attached receipt, detaching the first', async () => {
    const { caller, user, clock } = await signedIn();
    const first = await storedScan(user, clock.now());
    const second = await storedScan(user, clock.now());
    const created = await caller.transaction.create({ ...expense, receiptId: first });
    const updated = await caller.transaction.update({ id: created.id, receiptId: second });
    expect(updated.receiptId).toBe(second);
    expect((await receiptRow(first))?.transactionId).toBeNull();
    expect((await receiptRow(second))?.transactionId).toBe(created.id);
  });

  it('attaches one receipt to one transaction only', async () => {
    const { caller, user, clock } = await signedIn();
    const receiptId = await storedScan(user, clock.now());
    await caller.transaction.create({ ...expense, receiptId });
    const error = await errorOf(caller.transaction.create({ ...expense, title: 'Second', receiptId }));
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'This receipt is already attached to another transaction',
    });
  });

  it('does not copy the receipt to a duplicate', async () => {
    const { caller, user, clock } = await signedIn();
    const receiptId = await storedScan(user, clock.now());
    const created = await caller.transaction.create({ ...expense, receiptId });
    const copy = await caller.transaction.duplicate({ id: created.id });
    expect(copy.receiptId).toBeNull();
  });
});

describe('deleting a transaction with a receipt', () => {
  it('keeps the receipt through the undo window, and an undo restores the attachment', async () => {
    const { caller, user, clock } = await signedIn();
    const receiptId = await storedScan(user, clock.now());
    const created = await caller.transaction.create({ ...expense, receiptId });
    const { undoId } = await caller.transaction.delete({ id: created.id });
    expect((await receiptRow(receiptId))?.liveTransactionId).toBeNull();

    clock.advance(UNDO_WINDOW_MS - 60_000);
    await pruneReceipts({ db: database.db, clock });
    expect(await receiptRow(receiptId)).toBeDefined();

    await caller.transaction.undoDelete({ undoId });
    expect((await caller.transaction.get({ id: created.id })).receiptId).toBe(receiptId);
    const pruned = await pruneReceipts({ db: database.db, clock });
    expect(pruned.relinked).toBeGreaterThanOrEqual(1);
    expect(await receiptRow(receiptId)).toEqual({
      transactionId: created.id,
      liveTransactionId: created.id,
      unattachedSince: null,
    });
  });

  it('removes the image once the delete can no longer be undone', async () => {
    const { caller, user, clock } = await signedIn();
    const receiptId = await storedScan(user, clock.now());
    const created = await caller.transaction.create({ ...expense, receiptId });
    await caller.transaction.bulkDelete({ ids: [created.id] });
    clock.advance(UNDO_WINDOW_MS + 1000);
    await pruneReceipts({ db: database.db, clock });
    expect(await receiptRow(receiptId)).toBeUndefined();
  });

  it("removes the user's images with the account", async () => {
    const { caller, user, clock } = await signedIn();
    const attached = await storedScan(user, clock.now());
    const loose = await storedScan(user, clock.now());
    await caller.transaction.create({ ...expense, receiptId: attached });
    await caller.user.delete({ password: TEST_PASSWORD });
    expect(await receiptRow(attached)).toBeUndefined();
    expect(await receiptRow(loose)).toBeUndefined();
  });
});

describe('pruneReceipts', () => {
  it('removes a scan left unattached for a day and keeps younger and attached ones', async () => {
    const { caller, user, clock } = await signedIn();
    const old = await storedScan(user, clock.now());
    const kept = await storedScan(user, clock.now());
    await caller.transaction.create({ ...expense, receiptId: kept });
    clock.advance(RECEIPT_LIMITS.unattachedHours * 3600 * 1000 - 60_000);
    const young = await storedScan(user, clock.now());
    await pruneReceipts({ db: database.db, clock });
    expect(await receiptRow(old)).toBeDefined();

    clock.advance(120_000);
    await pruneReceipts({ db: database.db, clock });
    expect(await receiptRow(old)).toBeUndefined();
    expect(await receiptRow(young)).toBeDefined();
    expect((await receiptRow(kept))?.transactionId).not.toBeNull();
  });

  it('counts a detached receipt from the moment it was detached', async () => {
    const { caller, user, clock } = await signedIn();
    const scannedDaysAgo = new Date(clock.now().getTime() - 3 * 24 * 3600 * 1000);
    const receiptId = await storedScan(user, scannedDaysAgo);
    const created = await caller.transaction.create({ ...expense, receiptId });
    await caller.transaction.update({ id: created.id, receiptId: null });
    clock.advance(3600 * 1000);
    await pruneReceipts({ db: database.db, clock });
    expect(await receiptRow(receiptId)).toBeDefined();
    clock.advance(RECEIPT_LIMITS.unattachedHours * 3600 * 1000);
    await pruneReceipts({ db: database.db, clock });
    expect(await receiptRow(receiptId)).toBeUndefined();
  });
});
