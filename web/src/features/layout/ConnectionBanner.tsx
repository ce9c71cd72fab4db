import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { Icon } from '../../components/ui/Icon';
import { type ConnectionStatus, connection } from '../../lib/connection';

/** The first check after the banner appears; each later one waits twice as long, up to the cap. */
export const PROBE_FIRST_MS = 5_000;
export const PROBE_MAX_MS = 30_000;

/**
 * One banner for the whole app while the server cannot answer, gone with the next call that succeeds.
 * Queries give up after a few retries, so while it shows it asks the pages' queries again, backing
 * off, both to notice the server is back and to bring the pages' data back with it.
 */
export function ConnectionBanner({ status = connection }: { status?: ConnectionStatus }) {
  const failing = useSyncExternalStore(status.subscribe, status.failing, status.failing);
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!failing) return;
    let delay = PROBE_FIRST_MS;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(() => {
        // cancelRefetch: false leaves a query that is already retrying to its own back-off.
        void queryClient.refetchQueries({ type: 'active' }, { cancelRefetch: false });
        delay = Math.min(PROBE_MAX_MS, delay * 2);
        schedule();
      }, delay);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [failing, queryClient]);
  if (!failing) return null;
  return (
    <div className="banner banner-connection" role="status">
      <Icon name="alert" />
      <p className="banner-text">Connection problem — changes may not be saved. Retrying…</p>
    </div>
  );
}
