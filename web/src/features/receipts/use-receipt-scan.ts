import { useEffect, useRef, useState } from 'react';
import { describeError, formatWait } from '../../lib/errors';
import { userLocale } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import type { ReceiptScan } from './receipt-draft';
import { readReceiptFile } from './receipt-file';

export type ScanState =
  | { status: 'idle'; error: string | null }
  /** The file is being checked, and shrunk if it is a large photo. */
  | { status: 'preparing'; preview: string | null }
  /** The image is on its way to the server and being read there. */
  | { status: 'reading'; preview: string | null; resized: boolean };

/** What a failed scan says, in words a person can act on. */
export function scanErrorMessage(error: unknown): string {
  const { code, message, fieldErrors, retryAfterSeconds } = describeError(error);
  switch (code) {
    case 'TOO_MANY_REQUESTS':
      return retryAfterSeconds !== null
        ? `The scanner is busy. Try again in ${formatWait(retryAfterSeconds)}.`
        : 'The scanner is busy. Try again in a moment.';
    case 'PAYLOAD_TOO_LARGE':
      return 'This image is too large to send. Choose a photo under 5 MB.';
    case 'SERVICE_UNAVAILABLE':
    case 'INTERNAL_SERVER_ERROR':
      return 'The scanner is not available right now. Try again in a moment, or fill in the transaction yourself.';
    case 'BAD_REQUEST':
      // The server checks the bytes again; a refusal of the image field reads better than "correct the fields".
      return fieldErrors.image ?? message;
    default:
      return message;
  }
}

/**
 * Checks a chosen file, sends it to `transaction.scanReceipt` and reports the answer through
 * `onScanned`. While it works it shows a preview of the photo; Cancel abandons the request (the
 * server's unattached scan is pruned later). Only the latest scan counts.
 */
export function useReceiptScan(onScanned: (scan: ReceiptScan) => void, locale: string = userLocale()) {
  const utils = trpc.useUtils();
  const [state, setState] = useState<ScanState>({ status: 'idle', error: null });
  const latest = useRef(0);
  const abort = useRef<AbortController | null>(null);
  const onScannedRef = useRef(onScanned);
  useEffect(() => {
    onScannedRef.current = onScanned;
  });
  const preview = state.status === 'idle' ? null : state.preview;

  useEffect(() => {
    if (!preview) return;
    return () => URL.revokeObjectURL(preview);
  }, [preview]);
  useEffect(() => () => abort.current?.abort(), []);

  const scan = async (file: File) => {
    const request = ++latest.current;
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const previewUrl = file.type.startsWith('image/') ? URL.createObjectURL(file) : null;
    setState({ status: 'preparing', preview: previewUrl });
    const checked = await readReceiptFile(file);
    if (request !== latest.current) return;
    if (!checked.ok) {
      setState({ status: 'idle', error: checked.message });
      return;
    }
    setState({ status: 'reading', preview: previewUrl, resized: checked.resized });
    try {
      const answer = await utils.client.transaction.scanReceipt.mutate(
        // The locale decides how the server reads 03/04/2026 and decimal commas on the receipt.
        { image: checked.dataUrl, locale },
        { signal: controller.signal },
      );
      if (request !== latest.current) return;
      setState({ status: 'idle', error: null });
      onScannedRef.current(answer);
    } catch (error) {
      if (request !== latest.current) return;
      setState({ status: 'idle', error: scanErrorMessage(error) });
    }
  };

  const cancel = () => {
    latest.current++;
    abort.current?.abort();
    setState({ status: 'idle', error: null });
  };

  return { state, scan, cancel };
}
