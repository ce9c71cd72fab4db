import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Icon } from '../../components/ui/Icon';
import { useToast } from '../../components/ui/Toast';
import { todayIn } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import type { TransactionFilterState } from './use-transaction-filters';

function downloadText(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Downloads a CSV of every transaction matching the filters on screen, not just this page. */
export function ExportButton({ query, timezone }: { query: TransactionFilterState['query']; timezone: string }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [exporting, setExporting] = useState(false);
  return (
    <Button
      loading={exporting}
      // The word is hidden on a phone, where the icon alone shows.
      aria-label="Export"
      onClick={async () => {
        setExporting(true);
        try {
          const csv = await utils.transaction.exportCsv.fetch(query, { staleTime: 0 });
          downloadText(csv, `transactions-${todayIn(timezone)}.csv`);
        } catch (error) {
          toast.error(error);
        } finally {
          setExporting(false);
        }
      }}
    >
      <Icon name="download" /> <span className="hide-sm">Export</span>
    </Button>
  );
}
