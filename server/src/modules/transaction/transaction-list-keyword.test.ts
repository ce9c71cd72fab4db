import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

/*
 * Control characters in a list keyword: the search text joins title, category and description with
 * one (chr 31), so the keyword loses every control character before it is matched.
 */

const database = useTestDatabase();

async function ledger() {
  const user = await createUser(database.db);
  const { caller } = await createTestCaller({ database, user, clock: new ManualClock('2026-03-15T12:00:00.000Z') });
  await caller.transaction.create({
    title: 'Coffee',
    type: 'EXPENSE',
    amount: 3,
    category: 'Food',
    date: '2026-03-10',
  });
  await caller.transaction.create({
    title: 'Train',
    type: 'EXPENSE',
    amount: 12,
    category: 'Travel',
    date: '2026-03-11',
  });
  const titles = async (keyword: string) =>
    (await caller.transaction.list({ keyword })).items.map((item) => item.title);
  return { caller, titles };
}

describe('transaction.list keyword', () => {
  it('drops control characters from the keyword and matches what is left', async () => {
    const { titles } = await ledger();
    expect(await titles('Cof\u001ffee')).toEqual(['Coffee']);
    expect(await titles('\u0007tra\u0000in')).toEqual(['Train']);
  });

  it('never matches across two fields, even with the separator typed into the keyword', async () => {
    const { titles } = await ledger();
    expect(await titles('Coffee\u001fFood')).toEqual([]);
  });

  it('treats a keyword of control characters only as no keyword', async () => {
    const { caller, titles } = await ledger();
    expect(await titles('\u0001\u001f')).toEqual(['Train', 'Coffee']);
    expect((await caller.transaction.list({ keyword: '\u0001' })).pagination.totalCount).toBe(2);
  });
});
