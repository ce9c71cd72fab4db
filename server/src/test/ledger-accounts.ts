import type { Database } from '../db/client';
import { ManualClock } from '../lib/clock';
import { createTestCaller } from './caller';
import { createUser } from './factories';

/**
 * A new user signed in on 10 March 2026 with three ledger accounts: the default one every user gets,
 * a savings account and a credit card, both opened at zero. For tests that move money between accounts.
 */
export async function signedInWithAccounts(database: Database) {
  const user = await createUser(database.db);
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const { caller } = await createTestCaller({ database, user, clock });
  const [main] = await caller.account.list();
  if (!main) throw new Error('no default account');
  const savings = await caller.account.create({ name: 'Savings', kind: 'SAVINGS', openingBalance: 0 });
  const card = await caller.account.create({ name: 'Card', kind: 'CREDIT_CARD', openingBalance: 0 });
  return { user, caller, clock, main, savings, card };
}
