import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client';
import { findAvatar } from '../modules/user/avatar.repository';

export interface AvatarsOptions {
  db: Db;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Serves profile pictures at /api/avatars/:userId. An <img> cannot send the Bearer token, so the
 * random user id is the key; the URL carries a version, so a response may be cached for good.
 */
export const avatarsPlugin = fp(async (app: FastifyInstance, options: AvatarsOptions) => {
  app.get<{ Params: { userId: string } }>('/api/avatars/:userId', async (request, reply) => {
    const { userId } = request.params;
    const avatar = UUID.test(userId) ? await findAvatar(options.db, userId) : undefined;
    if (!avatar) return reply.code(404).send({ error: 'Not Found', message: 'Picture not found' });
    return (
      reply
        .header('Content-Type', avatar.contentType)
        .header('Cache-Control', 'private, max-age=31536000, immutable')
        .header('Last-Modified', avatar.updatedAt.toUTCString())
        // The bytes were checked to be an image; nothing in them may run or be sniffed as something else.
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .header('X-Content-Type-Options', 'nosniff')
        .send(Buffer.from(avatar.data))
    );
  });
});
