import { render, renderHook, waitFor } from '@testing-library/react';
import { lazy, StrictMode, Suspense } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLinkToken } from './link-token';

const TOKEN = 'a'.repeat(43);

/** A lazily loaded part: the page's first render suspends on it and is thrown away. */
const LoadedLater = lazy(async () => ({ default: () => <span> loaded</span> }));

function Page({ seen }: { seen: string[] }) {
  const token = useLinkToken();
  seen.push(token);
  return (
    <p>
      {token}
      <LoadedLater />
    </p>
  );
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

describe('useLinkToken', () => {
  it('reads the token and then drops it from the address bar', () => {
    window.history.replaceState(null, '', `/verify-email#token=${TOKEN}`);
    const { result } = renderHook(() => useLinkToken());
    expect(result.current).toBe(TOKEN);
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/verify-email');
  });

  it('keeps the token when React renders the page twice before showing it', () => {
    window.history.replaceState(null, '', `/verify-email#token=${TOKEN}`);
    const { result } = renderHook(() => useLinkToken(), { wrapper: StrictMode });
    expect(result.current).toBe(TOKEN);
    expect(window.location.hash).toBe('');
  });

  it('keeps the token when a first render is thrown away (part of the page is still loading)', async () => {
    window.history.replaceState(null, '', `/verify-email#token=${TOKEN}`);
    const seen: string[] = [];
    const view = render(
      <Suspense fallback={null}>
        <Page seen={seen} />
      </Suspense>,
    );
    await waitFor(() => expect(view.container.textContent).toBe(`${TOKEN} loaded`));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((token) => token === TOKEN)).toBe(true);
    // Dropped by an effect after the page is shown, which may run just after the text appears.
    await waitFor(() => expect(window.location.hash).toBe(''));
  });
});
