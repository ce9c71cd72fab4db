/**
 * Router state for a page that ends the session on purpose: the guard of signed-in pages hands the
 * notice on to the sign-in page, which shows it. State, not the query string, so the words never sit
 * in a URL anyone can craft, copy or bookmark.
 */
export interface SignedOutState {
  signedOutNotice: string;
}

export const ACCOUNT_DELETED_NOTICE = 'Your account has been deleted.';

export function signedOutState(notice: string): SignedOutState {
  return { signedOutNotice: notice };
}

/** The notice in a location's state, if a page left one there. */
export function signedOutNoticeOf(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('signedOutNotice' in state)) return null;
  return typeof state.signedOutNotice === 'string' ? state.signedOutNotice : null;
}
