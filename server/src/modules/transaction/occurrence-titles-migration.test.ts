import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transactions } from '../../db/schema';
import { migrationsFolder } from '../../lib/paths';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';

const database = useTestDatabase();

/** The migration's statement, run again over rows written the way an earlier version wrote them. */
const statement = readFileSync(path.join(migrationsFolder(), '0011_occurrence_titles.sql'), 'utf8');

describe('the occurrence-titles migration', () => {
  it('drops the "Recurring - " prefix from occurrences only, once', async () => {
    const user = await createUser(database.db);
    const row = { userId: user.id, type: 'EXPENSE' as const, amountCents: 95_000, category: 'Housing' };
    const [template] = await database.db
      .insert(transactions)
      .values({
        ...row,
        title: 'Recurring - Rent',
        date: '2026-01-05',
        isRecurring: true,
        recurringInterval: 'MONTHLY',
      })
      .returning({ id: transactions.id });
    if (!template) throw new Error('no template');
    await database.db.insert(transactions).values([
      { ...row, templateId: template.id, title: 'Recurring - Recurring - Rent', date: '2026-02-05' },
      { ...row, templateId: template.id, title: 'Rent, already plain', date: '2026-03-05' },
      // A one-off the person titled this way themselves stays as typed.
      { ...row, title: 'Recurring - gym fee', date: '2026-03-06' },
    ]);

    await database.db.execute(sql.raw(statement));

    const titles = await database.db
      .select({ title: transactions.title, date: transactions.date })
      .from(transactions)
      .where(eq(transactions.userId, user.id))
      .orderBy(transactions.date);
    expect(titles).toEqual([
      { title: 'Recurring - Rent', date: '2026-01-05' },
      { title: 'Recurring - Rent', date: '2026-02-05' },
      { title: 'Rent, already plain', date: '2026-03-05' },
      { title: 'Recurring - gym fee', date: '2026-03-06' },
    ]);
  });
});
