import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../../deps';
import { verifyAccessToken } from '../auth/tokens';
import { findUserBySession } from '../user/user.repository';
import { findReceiptImage } from './receipt.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in user's id from the Bearer header (the access token, checked like a procedure's), or null. */
async function bearerUserId(deps: Pick<AppDeps, 'db' | 'env' | 'clock'>, header: string | undefined) {
  const token = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (!token) return null;
  const now = deps.clock.now();
  const claims = verifyAccessToken(deps.env, token, now);
  if (!claims) return null;
  const row = await findUserBySession(deps.db, claims.userId, claims.sid, now);
  return row ? claims.userId : null;
}

/**
 * Serves receipt images at /api/receipts/:receiptId (`?size=thumb` for the thumbnail) to their owner only,
 * authenticated by the access token in the Authorization header: never by a token in the URL, which
 * would end up in logs and browser history. Anyone else's receipt, or an unknown one, is a 404 so ids
 * reveal nothing; a missing or expired token is a 401. The web fetches the image and shows it as a blob.
 */
export const receiptImagesPlugin = fp(async (app: FastifyInstance, deps: AppDeps) => {
  app.get<{ Params: { receiptId: string }; Querystring: { size?: string } }>(
    '/api/receipts/:receiptId',
    async (request, reply) => {
      const userId = await bearerUserId(deps, request.headers.authorization);
      if (!userId) {
        return reply
          .code(401)
          .header('WWW-Authenticate', 'Bearer')
          .header('Cache-Control', 'no-store')
          .send({ error: 'Unauthorized', message: 'Not authenticated' });
      }
      const { receiptId } = request.params;
      const size = request.query.size === 'thumb' ? 'thumb' : 'full';
      const image = UUID.test(receiptId) ? await findReceiptImage(deps.db, userId, receiptId, size) : undefined;
      if (!image) {
        return reply
          .code(404)
          .header('Cache-Control', 'no-store')
          .send({ error: 'Not Found', message: 'Receipt not found' });
      }
      return (
        reply
          .header('Content-Type', image.contentType)
          // Private: only the owner's browser may keep it, never a shared cache; it varies by who asks.
          .header('Cache-Control', 'private, max-age=3600')
          .header('Vary', 'Authorization')
          .header('Last-Modified', image.createdAt.toUTCString())
          // The bytes were re-encoded by the server; nothing in them may run or be sniffed as something else.
          .header('Content-Security-Policy', "default-src 'none'; sandbox")
          .header('X-Content-Type-Options', 'nosniff')
          .send(Buffer.from(image.data))
      );
    },
  );
});
