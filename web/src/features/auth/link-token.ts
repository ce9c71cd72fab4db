import { useEffect, useState } from 'react';

/**
 * Reads the one-time token from an e-mailed link (/page#token=…), then drops it from the address
 * bar and history: the fragment never reached a server, and it should not linger either. It is
 * dropped after the page is shown, not while rendering: React may throw a first render away (a page
 * that suspends while mounting, an update arriving meanwhile) and render again, and that second
 * render must still find the token.
 */
export function useLinkToken(): string {
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  useEffect(() => {
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
  }, []);
  return token;
}
