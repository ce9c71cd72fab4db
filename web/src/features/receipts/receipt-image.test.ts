import { describe, expect, it, vi } from 'vitest';
import { fetchReceiptImage, type ReceiptImageDeps, ReceiptImageError, receiptImageUrl } from './receipt-image';

const RECEIPT_ID = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

/** A server that serves the image only to `validToken`, recording each request's URL and header. */
function setup(options: { token: string; validToken: () => string; refreshed?: string | null; status?: number }) {
  let current: string | null = options.token;
  const requests: { url: string; authorization: string | null }[] = [];
  const refresh = vi.fn(async () => {
    current = options.refreshed ?? null;
    return current ? { accessToken: current, expiresAt: new Date(Date.now() + 300_000).toISOString() } : null;
  });
  const deps: ReceiptImageDeps = {
    auth: { tokenForRequest: async () => current, refresh },
    currentToken: () => current,
    base: '/api',
    fetch: async (input, init) => {
      const authorization = new Headers(init?.headers).get('Authorization');
      requests.push({ url: String(input), authorization });
      if (options.status) return new Response('nope', { status: options.status });
      return authorization === `Bearer ${options.validToken()}`
        ? new Response(pngBytes, { status: 200, headers: { 'Content-Type': 'image/png' } })
        : new Response('{"message":"Not authenticated"}', { status: 401 });
    },
  };
  return { deps, requests, refresh, setCurrent: (token: string) => (current = token) };
}

describe('fetchReceiptImage', () => {
  it('sends the access token in the Authorization header, never in the URL', async () => {
    const { deps, requests } = setup({ token: 'token-1', validToken: () => 'token-1' });
    const blob = await fetchReceiptImage(RECEIPT_ID, 'thumb', undefined, deps);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(pngBytes);
    expect(requests).toEqual([{ url: `/api/receipts/${RECEIPT_ID}?size=thumb`, authorization: 'Bearer token-1' }]);
  });

  it('on a 401 refreshes once and retries with the new token', async () => {
    const { deps, requests, refresh } = setup({ token: 'expired', validToken: () => 'token-2', refreshed: 'token-2' });
    await fetchReceiptImage(RECEIPT_ID, 'full', undefined, deps);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(requests.map((request) => request.authorization)).toEqual(['Bearer expired', 'Bearer token-2']);
    expect(requests[1]?.url).toBe(`/api/receipts/${RECEIPT_ID}`);
  });

  it('gives up after one retry instead of refreshing again', async () => {
    const { deps, requests, refresh } = setup({ token: 'expired', validToken: () => 'never', refreshed: 'token-2' });
    await expect(fetchReceiptImage(RECEIPT_ID, 'thumb', undefined, deps)).rejects.toEqual(new ReceiptImageError(401));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(requests).toHaveLength(2);
  });

  it('does not retry when the session is over (the refresh is refused)', async () => {
    const { deps, requests } = setup({ token: 'expired', validToken: () => 'token-2', refreshed: null });
    await expect(fetchReceiptImage(RECEIPT_ID, 'thumb', undefined, deps)).rejects.toBeInstanceOf(ReceiptImageError);
    expect(requests).toHaveLength(1);
  });

  it('retries with a token another call refreshed meanwhile, without a second refresh', async () => {
    const context = setup({ token: 'expired', validToken: () => 'token-3' });
    const fetchOnce = context.deps.fetch;
    context.deps.fetch = async (input, init) => {
      const response = await fetchOnce(input, init);
      context.setCurrent('token-3');
      return response;
    };
    await fetchReceiptImage(RECEIPT_ID, 'thumb', undefined, context.deps);
    expect(context.refresh).not.toHaveBeenCalled();
    expect(context.requests.map((request) => request.authorization)).toEqual(['Bearer expired', 'Bearer token-3']);
  });

  it('says a receipt that is gone is no longer available', async () => {
    const { deps } = setup({ token: 't', validToken: () => 't', status: 404 });
    await expect(fetchReceiptImage(RECEIPT_ID, 'full', undefined, deps)).rejects.toThrow(
      'This receipt image is no longer available.',
    );
  });
});

describe('receiptImageUrl', () => {
  it('escapes the id so it stays one path segment', () => {
    expect(receiptImageUrl('../x?y', 'full', '/api')).toBe('/api/receipts/..%2Fx%3Fy');
  });
});
