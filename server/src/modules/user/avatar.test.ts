import { AVATAR_MAX_BYTES } from '@finailytics/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app';
import { ManualClock } from '../../lib/clock';
import { createTestCaller } from '../../test/caller';
import { useTestDatabase } from '../../test/database';
import { testEnv } from '../../test/env';
import { createUser } from '../../test/factories';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const WEBP = Buffer.from([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 9, 9]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');

const database = useTestDatabase();
let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ env: testEnv(), database });
});
afterAll(async () => {
  await app.close();
});

describe('user.uploadAvatar', () => {
  it('stores a PNG and points profilePicture at its versioned URL', async () => {
    const user = await createUser(database.db);
    const clock = new ManualClock(new Date('2026-03-01T10:00:00.000Z'));
    const { caller } = await createTestCaller({ database, user, clock });
    const updated = await caller.user.uploadAvatar({ data: PNG.toString('base64') });
    expect(updated.profilePicture).toBe(`/api/avatars/${user.id}?v=${Date.parse('2026-03-01T10:00:00.000Z')}`);
    expect((await caller.user.me()).profilePicture).toBe(updated.profilePicture);
  });

  it('reads the type from the bytes, whatever the data URL claims', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    await caller.user.uploadAvatar({ data: `data:image/png;base64,${WEBP.toString('base64')}` });
    const response = await app.inject({ method: 'GET', url: `/api/avatars/${user.id}` });
    expect(response.headers['content-type']).toBe('image/webp');
  });

  it('refuses a GIF labelled as a PNG', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    await expect(
      caller.user.uploadAvatar({ data: `data:image/png;base64,${GIF.toString('base64')}` }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Profile picture must be a PNG, JPEG or WebP image' });
  });

  it('refuses data that is not base64', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    await expect(caller.user.uploadAvatar({ data: 'not base64!' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuses a picture over 2 MB', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    // Just over the limit in bytes, yet within the schema's base64 length allowance.
    const big = Buffer.concat([PNG, Buffer.alloc(AVATAR_MAX_BYTES + 1 - PNG.length)]);
    await expect(caller.user.uploadAvatar({ data: big.toString('base64') })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});

describe('GET /api/avatars/:userId', () => {
  it('serves the stored bytes with their type and a long cache lifetime', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    const { profilePicture } = await caller.user.uploadAvatar({ data: PNG.toString('base64') });
    const response = await app.inject({ method: 'GET', url: profilePicture ?? '' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.rawPayload.equals(PNG)).toBe(true);
  });

  it('answers 404 once the user has cleared their picture', async () => {
    const user = await createUser(database.db);
    const { caller } = await createTestCaller({ database, user });
    await caller.user.uploadAvatar({ data: PNG.toString('base64') });
    await caller.user.update({ profilePicture: null });
    const response = await app.inject({ method: 'GET', url: `/api/avatars/${user.id}` });
    expect(response.statusCode).toBe(404);
  });

  it('answers 404 for an id that is not a UUID', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/avatars/..%2Fetc' });
    expect(response.statusCode).toBe(404);
  });
});
