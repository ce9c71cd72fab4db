import {
  type QifDateOrder,
  STATEMENT_IMPORT_MESSAGES,
  type StatementImportPreview,
  type StatementImportResult,
  type StatementPreviewRow,
} from '@finailytics/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { describeError } from '../../lib/errors';
import { formatDate, formatMoney } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { CategorisationNote } from '../rules/CategorisationNote';
import { useLedgerChanged } from '../transactions/use-ledger-changed';
import { readStatementFile, STATEMENT_FILE_ACCEPT } from './statement-file';

interface StatementImportDialogProps {
  accountId: string;
  accountName: string;
  open: boolean;
  onClose: () => void;
}

const STATUS_BADGE: Record<StatementPreviewRow['status'], string> = {
  new: 'badge badge-income',
  'already imported': 'badge',
  'possible duplicate': 'badge badge-warning',
  error: 'badge badge-expense',
};

interface ChosenFile {
  fileName: string;
  contentBase64: string;
}

/**
 * Choose a bank statement file → preview each row against the account (new, already imported, possible
 * duplicate) → import the new rows and the duplicates ticked Keep → summary. The server reads the file
 * both times, so what the preview shows is what the import stores.
 */
export function StatementImportDialog({ accountId, accountName, open, onClose }: StatementImportDialogProps) {
  const ledgerChanged = useLedgerChanged();
  const utils = trpc.useUtils();
  const dateOrderName = useId();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [needsDateOrder, setNeedsDateOrder] = useState(false);
  const [dateOrder, setDateOrder] = useState<QifDateOrder | null>(null);
  const [preview, setPreview] = useState<StatementImportPreview | null>(null);
  const [kept, setKept] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<StatementImportResult | null>(null);
  const latest = useRef(0);

  const previewImport = trpc.account.previewStatementImport.useMutation();
  const importStatement = trpc.account.importStatement.useMutation();

  useEffect(() => {
    if (open) return;
    latest.current++;
    setFile(null);
    setError(null);
    setNeedsDateOrder(false);
    setDateOrder(null);
    setPreview(null);
    setKept(new Set());
    setResult(null);
  }, [open]);

  const runPreview = async (chosen: ChosenFile, order: QifDateOrder | null) => {
    const request = ++latest.current;
    setError(null);
    setPreview(null);
    try {
      const answer = await previewImport.mutateAsync({
        accountId,
        ...chosen,
        ...(order ? { qifDateOrder: order } : {}),
      });
      if (request !== latest.current) return;
      setPreview(answer);
      setKept(new Set());
    } catch (caught) {
      if (request !== latest.current) return;
      const message = describeError(caught).message;
      if (message === STATEMENT_IMPORT_MESSAGES.chooseDateOrder) {
        setNeedsDateOrder(true);
        return;
      }
      setError(message);
    }
  };

  const chooseFile = async (chosen: File) => {
    setNeedsDateOrder(false);
    setDateOrder(null);
    setResult(null);
    const read = await readStatementFile(chosen);
    if (!read.ok) {
      setFile(null);
      setPreview(null);
      setError(read.message);
      return;
    }
    const next = { fileName: chosen.name, contentBase64: read.contentBase64 };
    setFile(next);
    await runPreview(next, null);
  };

  const runImport = async () => {
    if (!file || !preview) return;
    setError(null);
    try {
      const answer = await importStatement.mutateAsync({
        accountId,
        ...file,
        ...(dateOrder ? { qifDateOrder: dateOrder } : {}),
        keepDuplicates: [...kept],
      });
      setResult(answer);
      ledgerChanged();
      // The account's balance moved with its new rows.
      void utils.account.invalidate();
    } catch (caught) {
      setError(describeError(caught).message);
    }
  };

  const toggleKeep = (sourceId: string, keep: boolean) => {
    setKept((current) => {
      const next = new Set(current);
      if (keep) next.add(sourceId);
      else next.delete(sourceId);
      return next;
    });
  };

  // A file with a row that cannot be stored is refused whole, so there is nothing to import.
  const toImport = preview && !preview.counts.errors ? preview.counts.new + kept.size : 0;
  const footer = result ? (
    <Button variant="primary" onClick={onClose}>
      Done
    </Button>
  ) : (
    <>
      <Button onClick={onClose}>Cancel</Button>
      <Button
        variant="primary"
        disabled={!preview || toImport === 0}
        loading={importStatement.isPending}
        onClick={() => void runImport()}
      >
        {`Import ${toImport} ${toImport === 1 ? 'transaction' : 'transactions'}`}
      </Button>
    </>
  );

  return (
    <Dialog
      open={open}
      onClose={onClose}
      variant="modal-wide"
      title={`Import a statement into ${accountName}`}
      footer={footer}
    >
      {result ? (
        <ImportSummary result={result} accountName={accountName} />
      ) : (
        <div style={{ display: 'grid', gap: 12 }}>
          <div className="dropzone">
            <label htmlFor={`${dateOrderName}-file`}>
              <strong>Statement file (OFX, QFX or QIF)</strong>
            </label>
            <span className="muted">Up to 5 MB. Rows already in this account are recognised and not added twice.</span>
            <input
              id={`${dateOrderName}-file`}
              type="file"
              accept={STATEMENT_FILE_ACCEPT}
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                event.target.value = '';
                if (chosen) void chooseFile(chosen);
              }}
            />
          </div>

          {needsDateOrder && file ? (
            <fieldset className="field">
              <legend>{STATEMENT_IMPORT_MESSAGES.chooseDateOrder}.</legend>
              {(
                [
                  ['MDY', 'Month first (03/04 is March 4)'],
                  ['DMY', 'Day first (03/04 is 3 April)'],
                ] as const
              ).map(([order, label]) => (
                <label key={order} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                  <input
                    type="radio"
                    name={dateOrderName}
                    value={order}
                    checked={dateOrder === order}
                    onChange={() => {
                      setDateOrder(order);
                      void runPreview(file, order);
                    }}
                  />
                  {label}
                </label>
              ))}
            </fieldset>
          ) : null}

          {error ? <Alert>{error}</Alert> : null}
          {previewImport.isPending ? (
            <p role="status" className="muted">
              Reading the statement…
            </p>
          ) : null}
          {preview ? <PreviewTable preview={preview} kept={kept} onKeep={toggleKeep} /> : null}
        </div>
      )}
    </Dialog>
  );
}

function formatAmount(amount: number, currency: string | null): string {
  if (currency) return formatMoney(amount, currency, { signed: true });
  return `${amount > 0 ? '+' : ''}${amount.toFixed(2)}`;
}

function PreviewTable({
  preview,
  kept,
  onKeep,
}: {
  preview: StatementImportPreview;
  kept: ReadonlySet<string>;
  onKeep: (sourceId: string, keep: boolean) => void;
}) {
  // The server lists the first rows, every possible duplicate (for its Keep box) and every error.
  const { counts, info, rows: listed, unlisted } = preview;
  return (
    <>
      {counts.errors ? (
        <Alert>{`${counts.errors} ${counts.errors === 1 ? 'row' : 'rows'} of this file cannot be stored, so nothing can be imported from it.`}</Alert>
      ) : null}
      <p role="status" data-testid="statement-counts">
        {`${counts.total} ${counts.total === 1 ? 'transaction' : 'transactions'} in ${preview.fileName}`}
        {preview.firstDate && preview.lastDate
          ? ` (${formatDate(preview.firstDate)} – ${formatDate(preview.lastDate)})`
          : ''}
        {`: ${counts.new} new, ${counts.alreadyImported} already imported, ${counts.possibleDuplicates} possible ${
          counts.possibleDuplicates === 1 ? 'duplicate' : 'duplicates'
        }${counts.errors ? `, ${counts.errors} ${counts.errors === 1 ? 'error' : 'errors'}` : ''}.`}
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Statement rows</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Payee</th>
              <th scope="col">Amount</th>
              <th scope="col">Category</th>
              <th scope="col">Status</th>
              <th scope="col">Keep</th>
            </tr>
          </thead>
          <tbody>
            {listed.map((row) => (
              <tr key={row.sourceId} data-testid={`statement-row-${row.sourceId}`}>
                <td>{formatDate(row.date)}</td>
                <td>
                  {row.title}
                  {row.memo && row.memo !== row.title ? <div className="muted">{row.memo}</div> : null}
                </td>
                <td>{formatAmount(row.amount, info.currency)}</td>
                <td>
                  {row.category}
                  <CategorisationNote categorisation={row.categorisation} />
                </td>
                <td>
                  <span className={STATUS_BADGE[row.status]}>{row.status}</span>
                  {row.duplicateOf ? (
                    <div className="muted">
                      matches “{row.duplicateOf.title}” on {formatDate(row.duplicateOf.date)}
                    </div>
                  ) : null}
                  {row.error ? <div className="muted">{row.error}</div> : null}
                </td>
                <td>
                  {row.status === 'possible duplicate' ? (
                    <input
                      type="checkbox"
                      aria-label={`Keep ${row.title} on ${formatDate(row.date)} anyway`}
                      checked={kept.has(row.sourceId)}
                      onChange={(event) => onKeep(row.sourceId, event.target.checked)}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {unlisted.total ? (
        <p className="muted" data-testid="statement-unlisted">
          {unlistedNote(unlisted)}
        </p>
      ) : null}
    </>
  );
}

function unlistedNote(unlisted: StatementImportPreview['unlisted']): string {
  const rows = `${unlisted.total} more ${unlisted.total === 1 ? 'row is' : 'rows are'} not listed`;
  if (!unlisted.possibleDuplicates && !unlisted.errors) return `${rows}.`;
  return `${rows}, among them ${unlisted.possibleDuplicates} possible duplicates (skipped) and ${unlisted.errors} errors.`;
}

function ImportSummary({ result, accountName }: { result: StatementImportResult; accountName: string }) {
  return (
    <div className="empty" role="status">
      <div className="empty-icon" aria-hidden="true">
        ✓
      </div>
      <h3>{`Imported ${result.imported} ${result.imported === 1 ? 'transaction' : 'transactions'} into ${accountName}`}</h3>
      <p className="muted">
        {`Skipped ${result.skippedAlreadyImported} already imported and ${result.skippedPossibleDuplicates} possible ${
          result.skippedPossibleDuplicates === 1 ? 'duplicate' : 'duplicates'
        }.`}
      </p>
    </div>
  );
}
