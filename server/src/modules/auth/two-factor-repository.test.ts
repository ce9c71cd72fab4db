import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/database';
import { createUser } from '../../test/factories';
import {
  consumeChallenge,
  countUnusedRecoveryCodes,
  deleteRecoveryCodes,
  deleteTwoFactorSetUpBeforeVerification,
  findTwoFactorCredential,
  insertTwoFactorChallenge,
  markTwoFactorEnabled,
  replaceRecoveryCodes,
  savePendingTwoFactorSecret,
  takeChallengeAttempt,
} from './two-factor.repository';

/* The two-factor queries on their own: what each answers a second time, and what it leaves. */

const database = useTestDatabase();

const NOW = new Date('2026-06-01T10:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

async function userWithPendingSecret() {
  const user = await createUser(database.db, { now: NOW });
  expect(
    await savePendingTwoFactorSecret(database.db, { userId: user.id, secretEncrypted: 'v1.secret', now: NOW }),
  ).toBe(true);
  return user;
}

describe('markTwoFactorEnabled', () => {
  it('turns a pending credential on once; a second call answers false and keeps the first time', async () => {
    const user = await userWithPendingSecret();
    expect(await markTwoFactorEnabled(database.db, user.id, at(1))).toBe(true);
    expect(await markTwoFactorEnabled(database.db, user.id, at(2))).toBe(false);
    expect((await findTwoFactorCredential(database.db, user.id))?.enabledAt).toEqual(at(1));
  });
});

describe('deleteRecoveryCodes', () => {
  it("deletes every recovery code of the user and no one else's", async () => {
    const user = await createUser(database.db, { now: NOW });
    const other = await createUser(database.db, { now: NOW });
    await replaceRecoveryCodes(database.db, user.id, ['hash-a', 'hash-b'], NOW);
    await replaceRecoveryCodes(database.db, other.id, ['hash-c'], NOW);
    await deleteRecoveryCodes(database.db, user.id);
    expect(await countUnusedRecoveryCodes(database.db, user.id)).toBe(0);
    expect(await countUnusedRecoveryCodes(database.db, other.id)).toBe(1);
  });
});

describe('consumeChallenge', () => {
  it('consumes a challenge once; a second call answers false', async () => {
    const user = await createUser(database.db, { now: NOW });
    const tokenHash = `challenge-${user.id}`;
    await insertTwoFactorChallenge(database.db, { userId: user.id, tokenHash, now: NOW, expiresAt: at(5) });
    const challenge = await takeChallengeAttempt(database.db, tokenHash, at(1), 5);
    if (!challenge) throw new Error('the challenge was not taken');
    expect(await consumeChallenge(database.db, challenge.id, at(1))).toBe(true);
    expect(await consumeChallenge(database.db, challenge.id, at(2))).toBe(false);
    expect(await takeChallengeAttempt(database.db, tokenHash, at(2), 5)).toBeUndefined();
  });
});

describe('deleteTwoFactorSetUpBeforeVerification', () => {
  it('removes a pending setup with its recovery codes and answers that no enabled one went', async () => {
    const user = await userWithPendingSecret();
    await replaceRecoveryCodes(database.db, user.id, ['hash-a'], NOW);
    expect(await deleteTwoFactorSetUpBeforeVerification(database.db, user.id)).toBe(false);
    expect(await findTwoFactorCredential(database.db, user.id)).toBeUndefined();
    expect(await countUnusedRecoveryCodes(database.db, user.id)).toBe(0);
  });

  it('keeps a setup turned on after the address was verified, and answers false', async () => {
    const user = await userWithPendingSecret();
    await markTwoFactorEnabled(database.db, user.id, at(1));
    await replaceRecoveryCodes(database.db, user.id, ['hash-a'], NOW);
    expect(await deleteTwoFactorSetUpBeforeVerification(database.db, user.id)).toBe(false);
    expect((await findTwoFactorCredential(database.db, user.id))?.enabledAt).toEqual(at(1));
    expect(await countUnusedRecoveryCodes(database.db, user.id)).toBe(1);
  });

  it('removes a setup turned on before the address was verified, and answers true', async () => {
    const user = await createUser(database.db, { now: NOW, emailVerified: false });
    await savePendingTwoFactorSecret(database.db, { userId: user.id, secretEncrypted: 'v1.secret', now: NOW });
    await markTwoFactorEnabled(database.db, user.id, at(1));
    await replaceRecoveryCodes(database.db, user.id, ['hash-a'], NOW);
    expect(await deleteTwoFactorSetUpBeforeVerification(database.db, user.id)).toBe(true);
    expect(await findTwoFactorCredential(database.db, user.id)).toBeUndefined();
    expect(await countUnusedRecoveryCodes(database.db, user.id)).toBe(0);
  });
});
