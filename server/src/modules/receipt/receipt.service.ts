import { fromCents, type ScanReceiptResult, type User } from '@finailytics/shared';
import type { Db } from '../../db/client';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/errors';
import { consumeOrThrow } from '../../lib/rate-limit';
import { listCategoriesByUser } from '../category/category.repository';
import { receiptCategoryByRule } from '../rule/rule.service';
import { chooseCategory, keywordCategories } from './receipt.category';
import { decodeImageDataUrl, encodeForStorage } from './receipt.image';
import {
  findReceiptForAttach,
  findUsualCategory,
  insertReceipt,
  linkReceipt,
  unlinkTransactionReceipt,
} from './receipt.repository';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'rateLimits' | 'receiptReader'>;
type Owner = Pick<User, 'id' | 'timezone'>;

/** Time zones of the United States, where a receipt's 03/04/2026 is the fourth of March. */
const MONTH_FIRST_ZONES =
  /^(America\/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage|Boise|Detroit|Juneau|Sitka|Nome|Adak|Menominee|Metlakatla|Yakutat|Indiana\/.+|Kentucky\/.+|North_Dakota\/.+)|Pacific\/Honolulu|US\/.+)$/;

/**
 * The locale a receipt is read in: the one the client sent (the browser's), else en-US for a user in a
 * United States time zone and en-GB (day first, decimal point) for everyone else.
 */
export function receiptLocale(owner: Owner, locale: string | undefined): string {
  if (locale) return locale;
  return MONTH_FIRST_ZONES.test(owner.timezone) ? 'en-US' : 'en-GB';
}

/**
 * A category for the draft: the user's most frequent one for this merchant's title, else one suggested by
 * the receipt's words (in the spelling of the user's category when they have it), else none.
 */
async function suggestCategory(db: Db, ownerId: string, title: string | null, text: string): Promise<string | null> {
  if (title) {
    const usual = await findUsualCategory(db, ownerId, title);
    if (usual) return usual;
  }
  const suggestions = keywordCategories(title, text);
  if (suggestions.length === 0) return null;
  // The user's expense categories, so the draft carries a category's own spelling.
  const own = await listCategoriesByUser(db, ownerId);
  return chooseCategory(
    suggestions,
    own.filter((entry) => entry.kind === 'EXPENSE').map((entry) => entry.name),
  );
}

/**
 * Reads a receipt image into a draft expense and stores the image (re-encoded, without metadata) for the
 * user to attach to the transaction they save. Counts against the per-user scan limit before any work.
 */
export async function scanReceipt(
  deps: Deps,
  owner: Owner,
  input: { image: string; locale?: string | undefined },
): Promise<ScanReceiptResult> {
  await consumeOrThrow(deps.rateLimits.receiptScanPerUser, owner.id);
  const bytes = decodeImageDataUrl(input.image);
  const stored = await encodeForStorage(bytes);
  const reading = await deps.receiptReader.read(bytes, { locale: receiptLocale(owner, input.locale) });
  const { fields } = reading;
  const receiptId = await insertReceipt(deps.db, {
    userId: owner.id,
    contentType: stored.contentType,
    image: stored.image,
    thumbnail: stored.thumbnail,
    now: deps.clock.now(),
  });
  // The person's own rules beat every guess from history or the receipt's words (docs/rules.md).
  const category =
    (await receiptCategoryByRule(deps.db, owner.id, fields)) ??
    (fields.amountCents !== null || fields.title !== null
      ? await suggestCategory(deps.db, owner.id, fields.title, reading.text)
      : null);
  return {
    receiptId,
    draft: {
      title: fields.title,
      type: 'EXPENSE',
      amount: fields.amountCents === null ? null : fromCents(fields.amountCents),
      date: fields.date,
      category,
      paymentMethod: fields.paymentMethod,
      description: fields.description,
    },
    confidence: reading.confidence,
    text: reading.text,
  };
}

const receiptNotFound = () => new AppError('NOT_FOUND', 'Receipt not found');

/**
 * Attaches the owner's receipt to their transaction (in the caller's database transaction), in place of
 * any receipt it held; `null` detaches. Another user's receipt is NOT_FOUND; a receipt already attached to
 * another transaction is a CONFLICT. A detached receipt is pruned a day later like an unattached scan.
 */
export async function setTransactionReceipt(
  tx: Db,
  ownerId: string,
  transactionId: string,
  receiptId: string | null,
  now: Date,
): Promise<string | null> {
  if (receiptId === null) {
    await unlinkTransactionReceipt(tx, ownerId, transactionId, now);
    return null;
  }
  const receipt = await findReceiptForAttach(tx, ownerId, receiptId);
  if (!receipt) throw receiptNotFound();
  if (receipt.transactionId === transactionId) return receiptId;
  if (receipt.transactionId !== null) {
    throw new AppError('CONFLICT', 'This receipt is already attached to another transaction');
  }
  await unlinkTransactionReceipt(tx, ownerId, transactionId, now);
  await linkReceipt(tx, receiptId, transactionId);
  return receiptId;
}
