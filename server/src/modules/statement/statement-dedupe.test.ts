import { normaliseMerchant, type StatementPreviewRow, type User } from '@finailytics/shared';
import { and, asc, between, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { addDays, daysBetween } from '../../lib/calendar';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import { seededRandom } from '../../test/random';
import { base64, type OfxRow, ofx } from '../../test/statement-files';
import { tooManyComparedRows } from './statement-dedupe';
import { findAccountRowBatch } from './statement-import.repository';
import { previewStatementImport } from './statement-import.service';

const database = useTestDatabase();
const clock = new ManualClock('2026-04-10T12:00:00.000Z');
const deps = () => ({ db: database.db, clock });

async function signedIn() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock });
  const [account] = await caller.account.list();
  if (!account) throw new Error('no default account');
  return { user, caller, accountId: account.id };
}

const PAYEES = ['CORNER CAFE', 'Corner Cafe 0042', 'GROCER', 'Grocer Ltd', 'BOOKSHOP', 'POWER CO'];

/**
 * The statuses as the import decides them, from every row of the account in the file's window read
 * by one unbounded query (as before the rows were read in batches) and the rules written out plainly.
 */
async function statusesReadInOneQuery(user: User, accountId: string, file: OfxRow[]) {
  const dates = file.map((row) => row.date).sort();
  const existing = await database.db
    .select({
      id: transactions.id,
      title: transactions.title,
      date: transactions.date,
      type: transactions.type,
      amountCents: transactions.amountCents,
      sourceId: transactions.sourceId,
    })
    .from(transactions)
    .where(
      and(
        eq(transactions.userId, user.id),
        eq(transactions.accountId, accountId),
        between(transactions.date, addDays(dates[0] as string, -3), addDays(dates.at(-1) as string, 3)),
      ),
    )
    .orderBy(asc(transactions.date), asc(transactions.id));
  const known = new Set(existing.flatMap((row) => (row.sourceId ? [row.sourceId] : [])));
  const similar = (a: string, b: string) => {
    const [left, right] = [normaliseMerchant(a), normaliseMerchant(b)];
    return left !== '' && right !== '' && (left === right || left.includes(right) || right.includes(left));
  };
  const taken = new Set<string>();
  const seen = new Set<string>();
  return file.map((row) => {
    const sourceId = `fitid:${row.fitId}`;
    if (known.has(sourceId) || seen.has(sourceId)) return { status: 'already imported', duplicateOf: null };
    seen.add(sourceId);
    const cents = Math.round(Number(row.amount) * 100);
    const type = cents > 0 ? 'INCOME' : 'EXPENSE';
    const match = existing
      // Two rows that each carry the bank's own id are two movements; any other row may be this one.
      .filter((candidate) => !candidate.sourceId?.startsWith('fitid:') && !taken.has(candidate.id))
      .filter((candidate) => candidate.type === type && candidate.amountCents === Math.abs(cents))
      .map((candidate) => ({ candidate, distance: Math.abs(daysBetween(candidate.date, row.date)) }))
      .filter(({ candidate, distance }) => distance <= 3 && similar(candidate.title, row.name))
      .sort((a, b) => a.distance - b.distance)[0]?.candidate;
    if (!match) return { status: 'new', duplicateOf: null };
    taken.add(match.id);
    return { status: 'possible duplicate', duplicateOf: { id: match.id, title: match.title, date: match.date } };
  });
}

const statusesOf = (rows: StatementPreviewRow[]) =>
  rows.map((row) => ({ status: row.status, duplicateOf: row.duplicateOf }));

describe('statement import: comparing the file with the account', () => {
  it('decides every status as one unbounded read did, whatever the batch size', async () => {
    for (const seed of [3, 1999]) {
      const rng = seededRandom(seed);
      const { user, caller, accountId } = await signedIn();
      const day = () => addDays('2026-03-01', rng.below(20));
      const amount = () => rng.pick([350, 1250, 6000, 120000]);
      // Crowded on purpose: few amounts and payees, so many rows compete for the same manual entries.
      const manual = Array.from({ length: 120 }, (_, index) => ({
        userId: user.id,
        accountId,
        title: `${rng.pick(PAYEES)}`,
        type: rng.below(5) === 0 ? ('INCOME' as const) : ('EXPENSE' as const),
        amountCents: amount(),
        category: 'Other',
        date: day(),
        // Some imported from another OFX file (the bank's id), some from a CSV export or QIF (a hash).
        sourceId: [`fitid:S${index}`, `hash:csv${index}`, null, null, null, null][rng.below(6)] ?? null,
      }));
      await database.db.insert(transactions).values(manual);
      const file: OfxRow[] = Array.from({ length: 150 }, (_, index) => {
        const cents = amount();
        return {
          date: day(),
          amount: `${rng.below(5) === 0 ? '' : '-'}${(cents / 100).toFixed(2)}`,
          name: rng.pick(PAYEES),
          // Some rows repeat an id the account holds, or one earlier in the file.
          fitId: rng.below(3) === 0 ? `S${rng.below(120)}` : `F${index}`,
        };
      });
      const input = { accountId, fileName: 'x.ofx', contentBase64: base64(ofx(file)) };
      const expected = await statusesReadInOneQuery(user, accountId, file);
      expect(expected.filter((row) => row.status === 'possible duplicate').length).toBeGreaterThan(10);
      expect(expected.filter((row) => row.status === 'already imported').length).toBeGreaterThan(5);
      const byCaller = await caller.account.previewStatementImport(input);
      expect(statusesOf(byCaller.rows), `seed ${seed}`).toEqual(expected);
      for (const batchRows of [1, 7, 50]) {
        const preview = await previewStatementImport(deps(), user.id, input, { batchRows, maxRows: 10_000 });
        expect(statusesOf(preview.rows), `seed ${seed}, batches of ${batchRows}`).toEqual(expected);
      }
    }
  }, 60_000);

  it('reads one batch in one statement: at most its limit of rows, answering only those that can match', async () => {
    const { user, accountId } = await signedIn();
    await database.db.insert(transactions).values(
      Array.from({ length: 300 }, (_, index) => ({
        userId: user.id,
        accountId,
        title: `Row ${index}`,
        type: 'EXPENSE' as const,
        amountCents: index % 3 === 0 ? 999 : 100 + index,
        category: 'Other',
        date: addDays('2026-01-01', index % 30),
        sourceId: index % 50 === 0 ? `fitid:${index}` : null,
      })),
    );
    const range = { from: '2026-01-01', to: '2026-01-30' };
    const first = await findAccountRowBatch(database.db, user.id, accountId, range, [999], null, 100);
    expect(first.scanned).toBe(100);
    // The first ten days hold the first 100 rows; 40 of them have the amount, two of those a source id.
    expect(first.rows.every((row) => row.sourceId !== null || row.amountCents === 999)).toBe(true);
    expect(first.rows).toHaveLength(40);
    expect(first.rows.filter((row) => row.sourceId !== null)).toHaveLength(2);
    // Only a row with the file's amount can be a possible duplicate, so only those come with a title.
    expect(first.rows.every((row) => (row.title !== null) === (row.amountCents === 999))).toBe(true);
    let after = first.last;
    let scanned = first.scanned;
    const seen = new Set(first.rows.map((row) => row.id));
    for (let batch = 0; batch < 5 && after; batch++) {
      const next = await findAccountRowBatch(database.db, user.id, accountId, range, [999], after, 100);
      expect(next.scanned).toBeLessThanOrEqual(100);
      for (const row of next.rows) {
        expect(seen.has(row.id)).toBe(false);
        seen.add(row.id);
      }
      scanned += next.scanned;
      if (next.scanned < 100) break;
      after = next.last;
    }
    expect(scanned).toBe(300);
    expect(seen.size).toBe(100 + 6 - 2);
  });

  it('gives the event loop a turn between batches, and refuses an account past the cap', async () => {
    const { user, accountId } = await signedIn();
    await database.db.insert(transactions).values(
      Array.from({ length: 1_200 }, (_, index) => ({
        userId: user.id,
        accountId,
        title: `Row ${index}`,
        type: 'EXPENSE' as const,
        amountCents: 100 + (index % 7),
        category: 'Other',
        // Every row within the file's window, 2 to 8 March.
        date: addDays('2026-03-02', index % 7),
      })),
    );
    const input = {
      accountId,
      fileName: 'x.ofx',
      contentBase64: base64(ofx([{ date: '2026-03-05', amount: '-1.03', name: 'ROW', fitId: 'A' }])),
    };
    let turns = 0;
    let running = true;
    const other = () => {
      turns++;
      if (running) setImmediate(other);
    };
    setImmediate(other);
    const preview = await previewStatementImport(deps(), user.id, input, { batchRows: 100, maxRows: 1_200 });
    running = false;
    expect(preview.counts.possibleDuplicates).toBe(1);
    // Twelve full batches and an empty thirteenth, with a turn before each after the first.
    expect(turns).toBeGreaterThanOrEqual(12);

    await expect(
      previewStatementImport(deps(), user.id, input, { batchRows: 100, maxRows: 1_199 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: tooManyComparedRows(1_199, '2026-03-02', '2026-03-08') });
  });
});
