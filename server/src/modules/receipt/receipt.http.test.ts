import type { User } from '@finailytics/shared';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { createUser } from '../../test/factories';
import { dataUrl, receiptPng, SAMPLE_RECEIPT_LINES } from './fixtures/images';
import { encodeForStorage } from './receipt.image';
import { insertReceipt } from './receipt.repository';
import { createOfflineReceiptReader } from './receipt-reader';

const database = useTestDatabase();
// One recogniser and no queue: a second scan while one is read is turned away.
const reader = createOfflineReceiptReader({ workers: 1, queueLimit: 0 });
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ env: testEnv(), database, receiptReader: reader });
});
afterAll(async () => {
  await app.close();
  await reader.close();
});

async function signedIn(): Promise<{ user: User; token: string }> {
  const user = await createUser(database.db);
  const { ctx } = await createTestCaller({ database, user });
  return { user, token: ctx.accessToken as string };
}

async function storedReceipt(user: User): Promise<string> {
  const stored = await encodeForStorage(await receiptPng(SAMPLE_RECEIPT_LINES));
  return insertReceipt(database.db, { userId: user.id, ...stored, now: new Date() });
}

function scanRequest(token: string, image: string) {
  return {
    method: 'POST' as const,
    url: '/api/trpc/transaction.scanReceipt',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ image }),
  };
}

describe('GET /api/receipts/:receiptId', () => {
  it('serves the image to its owner as a private JPEG', async () => {
    const { user, token } = await signedIn();
    const receiptId = await storedReceipt(user);
    const response = await app.inject({
      method: 'GET',
      url: `/api/receipts/${receiptId}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/jpeg');
    expect(response.headers['cache-control']).toBe('private, max-age=3600');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const metadata = await sharp(response.rawPayload).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 420, 348]);
  });

  it('serves the thumbnail with ?size=thumb', async () => {
    const { user, token } = await signedIn();
    const receiptId = await storedReceipt(user);
    const response = await app.inject({
      method: 'GET',
      url: `/api/receipts/${receiptId}?size=thumb`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    const metadata = await sharp(response.rawPayload).metadata();
    expect(Math.max(metadata.width, metadata.height)).toBe(320);
  });

  it("answers 404 for another user's receipt", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const receiptId = await storedReceipt(owner.user);
    const response = await app.inject({
      method: 'GET',
      url: `/api/receipts/${receiptId}`,
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers 404 for an id that is no uuid', async () => {
    const { token } = await signedIn();
    const response = await app.inject({
      method: 'GET',
      url: '/api/receipts/not-an-id',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(404);
  });

  it('answers 401 without the Bearer header', async () => {
    const { user } = await signedIn();
    const receiptId = await storedReceipt(user);
    const response = await app.inject({ method: 'GET', url: `/api/receipts/${receiptId}` });
    expect(response.statusCode).toBe(401);
  });

  it('does not take a token from the URL', async () => {
    const { user, token } = await signedIn();
    const receiptId = await storedReceipt(user);
    for (const name of ['token', 'access_token', 'authorization']) {
      const response = await app.inject({ method: 'GET', url: `/api/receipts/${receiptId}?${name}=${token}` });
      expect(response.statusCode).toBe(401);
    }
  });

  it('answers 401 for a forged token', async () => {
    const { user, token } = await signedIn();
    const receiptId = await storedReceipt(user);
    const response = await app.inject({
      method: 'GET',
      url: `/api/receipts/${receiptId}`,
      headers: { authorization: `Bearer ${token.slice(0, -4)}AAAA` },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('transaction.scanReceipt over HTTP', () => {
  it('takes an image of nearly 5 MB within the body limit', async () => {
    const { token } = await signedIn();
    const png = await receiptPng(SAMPLE_RECEIPT_LINES);
    // A PNG decoder ignores what follows the end of the image: the request carries nearly 5 MB.
    const padded = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024 - png.length - 16)]);
    const response = await app.inject(scanRequest(token, dataUrl(padded)));
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.json().result.data.draft.amount).toBe(6.84);
  });

  it('turns a scan away with 429 and Retry-After when the queue is full', async () => {
    const { token } = await signedIn();
    const image = dataUrl(await receiptPng(SAMPLE_RECEIPT_LINES));
    const first = app.inject(scanRequest(token, image));
    // The second arrives while the only recogniser reads the first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await app.inject(scanRequest(token, image));
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(second.json().error.message).toBe('The receipt reader is busy. Please try again in a few seconds.');
    expect((await first).statusCode).toBe(200);
  });
});
