import type { BenchRun } from '../context';
import { formatRows } from './ledger';

const MB = 1024 * 1024;
const CATEGORIES = ['Groceries', 'Dining', 'Transport', 'Utilities', 'Entertainment', 'Health'];

/** A CSV in the layout exportCsv writes, `rows` transactions long. */
export function importCsv(rows: number): string {
  const lines = ['Title,Type,Amount,Category,Description,Date,PaymentMethod'];
  for (let row = 0; row < rows; row++) {
    const day = String(1 + (row % 28)).padStart(2, '0');
    const month = String(1 + (row % 12)).padStart(2, '0');
    const type = row % 10 === 0 ? 'INCOME' : 'EXPENSE';
    const amount = (1 + ((row * 7919) % 500_000) / 100).toFixed(2);
    const description = row % 4 === 0 ? '"Paid, with a comma"' : '';
    lines.push(
      `Imported ${row},${type},${amount},${CATEGORIES[row % CATEGORIES.length]},${description},2025-${month}-${day},CARD`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Scenario 5: transaction.importCsv of a 10,000-row file (a user of its own, so the ledger tiers keep
 * their exact sizes): the time per import against the same number of rows inserted by one bulk
 * INSERT … SELECT in the same database, and the server's peak memory against its memory before.
 */
export async function importScenario(run: BenchRun, bulkInsertMs: number): Promise<void> {
  const { rows, repeats } = run.settings.import;
  const { importer } = run.accounts;
  const server = run.server;
  const body = JSON.stringify({ csv: importCsv(rows) });

  const restingRss = server.rssBytes();
  const peakReset = server.resetPeakRss();
  const imports = await run.primary.load(
    {
      origin: server.origin,
      request: {
        kind: 'post',
        path: '/api/trpc/transaction.importCsv',
        body,
        headers: { authorization: `Bearer ${importer.accessToken}` },
        expect: `"importedCount":${rows}`,
      },
      connections: 1,
      amount: repeats,
    },
    'transaction.importCsv',
  );
  const peakRss = server.peakRssBytes();

  const scenario = '5 Import';
  run.add({
    scenario,
    measure: `importCsv, ${formatRows(rows)} rows (${(body.length / MB).toFixed(1)} MB), median of ${repeats}`,
    value: imports.latency.p50,
    unit: 'ms',
    baseline: { label: 'bulk SQL insert, same rows', value: bulkInsertMs },
  });
  if (peakRss !== null && restingRss !== null && peakReset) {
    run.add({
      scenario,
      measure: 'server peak RSS during the imports',
      value: peakRss / MB,
      unit: 'MB',
      baseline: { label: 'RSS before', value: restingRss / MB },
    });
  }
  run.details.import = { rows, repeats, bodyBytes: body.length, imports, bulkInsertMs, restingRss, peakRss };
}
