import { useRouteError } from 'react-router';

/**
 * Shown when a page fails to render, most often because a page's code could not be downloaded
 * (offline, or a new version was deployed since this tab loaded).
 */
export function RouteError() {
  const error = useRouteError();
  const chunkFailed =
    error instanceof Error && /dynamically imported module|Importing a module script/i.test(error.message);
  return (
    <main className="not-found" id="main" role="alert">
      <h1>{chunkFailed ? 'FinAIlytics was updated' : 'Something went wrong'}</h1>
      <p className="muted">
        {chunkFailed
          ? 'Reload the page to get the latest version.'
          : 'This page could not be shown. Reloading usually helps; your data is safe.'}
      </p>
      <p>
        <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
          Reload
        </button>
      </p>
    </main>
  );
}
