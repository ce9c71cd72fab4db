import { useState } from 'react';

/**
 * Reads the one-time token from an e-mailed link (/page#token=…) once, then drops it from the
 * address bar and history: the fragment never reached a server, and it should not linger either.
 */
export function useLinkToken(): string {
  const [token] = useState(() => {
    const value = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
    return value;
  });
  return token;
}
