import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API_URL, type AuthController, auth, session } from '../../lib/trpc';

export type ReceiptImageSize = 'thumb' | 'full';

/** The API's base (`/api` unless VITE_API_URL says otherwise): the tRPC endpoint without its `/trpc`. */
const API_BASE = API_URL.replace(/\/trpc$/, '');

export function receiptImageUrl(receiptId: string, size: ReceiptImageSize, base = API_BASE): string {
  return `${base}/receipts/${encodeURIComponent(receiptId)}${size === 'thumb' ? '?size=thumb' : ''}`;
}

/** A receipt image the server would not give: gone (404), not this person's, or the session is over. */
export class ReceiptImageError extends Error {
  constructor(readonly status: number) {
    super(status === 404 ? 'This receipt image is no longer available.' : 'The receipt image could not be loaded.');
  }
}

export interface ReceiptImageDeps {
  auth: Pick<AuthController, 'tokenForRequest' | 'refresh'>;
  /** The token the page holds now, to notice another call already refreshed it. */
  currentToken: () => string | null;
  fetch: typeof fetch;
  base?: string;
}

const appDeps: ReceiptImageDeps = {
  auth,
  currentToken: () => session.get()?.accessToken ?? null,
  fetch: (input, init) => fetch(input, init),
};

/**
 * Fetches a receipt image the way the tRPC auth link sends its calls: the in-memory access token in
 * the Authorization header (never in the URL, where it would land in logs and history), refreshed
 * first when it is about to expire, and on a 401 one shared refresh and one retry.
 */
export async function fetchReceiptImage(
  receiptId: string,
  size: ReceiptImageSize,
  signal?: AbortSignal,
  deps: ReceiptImageDeps = appDeps,
): Promise<Blob> {
  const url = receiptImageUrl(receiptId, size, deps.base);
  const send = (token: string | null) =>
    deps.fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: signal ?? null });
  const token = await deps.auth.tokenForRequest();
  let response = await send(token);
  if (response.status === 401) {
    const current = deps.currentToken();
    const fresh = current && current !== token ? current : ((await deps.auth.refresh())?.accessToken ?? null);
    if (fresh) response = await send(fresh);
  }
  if (!response.ok) throw new ReceiptImageError(response.status);
  return response.blob();
}

/**
 * A receipt image as an object URL for an <img>, or null while it loads. The bytes are cached with the
 * app's queries (cleared on sign-out) so the list, the drawer and the viewer fetch each size once; the
 * object URL belongs to the component and is revoked when it unmounts or the receipt changes.
 */
export function useReceiptImage(receiptId: string | null, size: ReceiptImageSize) {
  const query = useQuery({
    queryKey: ['receipt-image', receiptId, size],
    queryFn: ({ signal }) => fetchReceiptImage(receiptId ?? '', size, signal),
    enabled: receiptId !== null,
    // A stored receipt never changes; a new scan gets a new id.
    staleTime: Number.POSITIVE_INFINITY,
    retry: (failures, error) => failures < 2 && !(error instanceof ReceiptImageError && error.status < 500),
  });
  const url = useObjectUrl(query.data);
  return { url, type: query.data?.type ?? null, error: query.error };
}

export function useObjectUrl(blob: Blob | null | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!blob) {
      setUrl(null);
      return;
    }
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}
