import {
  CSV_COLUMNS,
  type CsvImportPreview,
  IMPORT_FIELDS,
  type ImportRowError,
  parseImportRowErrors,
  TRANSACTION_LIMITS,
} from '@finailytics/shared';
import { TRPCClientError } from '@trpc/client';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { useToast } from '../../components/ui/Toast';
import { describeError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useLedgerAccounts } from '../accounts/use-ledger-accounts';
import { ImportAccountField } from './ImportAccountField';
import { ImportColumnsStep } from './ImportColumnsStep';
import { ImportPreviewStep } from './ImportPreviewStep';
import {
  DEFAULT_IMPORT_OPTIONS,
  type ImportOptions,
  importCsvInput,
  importResultMessage,
  importTargetAccount,
  readCsvFile,
} from './import-options';
import { useLedgerChanged } from './use-ledger-changed';

type Step = 'upload' | 'mapping' | 'preview' | 'importing' | 'result';
const STEPS: { id: Step; label: string }[] = [
  { id: 'upload', label: 'Upload' },
  { id: 'mapping', label: 'Map columns' },
  { id: 'preview', label: 'Preview' },
  { id: 'importing', label: 'Import' },
  { id: 'result', label: 'Result' },
];

/**
 * Upload → map columns → preview → import (all or nothing) → result. The server reads the file
 * (transaction.importCsv): the wizard shows its dry run and imports with the same options and into
 * the same account, so what the preview calls valid is exactly what is stored, and the rows it says
 * were imported before are the ones skipped. The account starts as the one the list shows
 * (`accountId`), else the default.
 */
export function ImportWizard({
  open,
  onClose,
  accountId,
}: {
  open: boolean;
  onClose: () => void;
  accountId?: string | undefined;
}) {
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const accounts = useLedgerAccounts();
  const [chosenAccountId, setChosenAccountId] = useState<string | null>(null);
  const targetAccountId = importTargetAccount(accounts.list, chosenAccountId ?? accountId)?.id;
  const [step, setStep] = useState<Step>('upload');
  const [fileName, setFileName] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [csv, setCsv] = useState('');
  const [options, setOptions] = useState<ImportOptions>(DEFAULT_IMPORT_OPTIONS);
  const [preview, setPreview] = useState<CsvImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [serverProblems, setServerProblems] = useState<ImportRowError[]>([]);
  const [progress, setProgress] = useState(0);
  const [importedCount, setImportedCount] = useState(0);
  const [skippedCount, setSkippedCount] = useState(0);
  // Only the answer to the latest options counts; an earlier one arriving late is dropped.
  const latestPreview = useRef(0);
  // The account the latest dry run counted rows imported before in.
  const previewedAccount = useRef<string | undefined>(undefined);

  const previewCsv = trpc.transaction.importCsv.useMutation();
  const importCsv = trpc.transaction.importCsv.useMutation();

  useEffect(() => {
    if (!open) {
      latestPreview.current++;
      setStep('upload');
      setFileName('');
      setFileError(null);
      setCsv('');
      setPreview(null);
      setPreviewError(null);
      setServerProblems([]);
      setProgress(0);
      setChosenAccountId(null);
    }
  }, [open]);

  // One request keeps the import all-or-nothing; the bar eases towards the end while it runs.
  useEffect(() => {
    if (step !== 'importing') return;
    const timer = setInterval(() => setProgress((value) => Math.min(95, value + (95 - value) * 0.15)), 120);
    return () => clearInterval(timer);
  }, [step]);

  const runPreview = async (text: string, next: ImportOptions, account: string | undefined) => {
    const request = ++latestPreview.current;
    previewedAccount.current = account;
    setChecking(true);
    try {
      const answer = await previewCsv.mutateAsync(importCsvInput(text, next, true, account));
      if (request !== latestPreview.current || !('dryRun' in answer)) return;
      setPreview(answer);
      setPreviewError(null);
    } catch (error) {
      if (request !== latestPreview.current) return;
      setPreview(null);
      setPreviewError(describeError(error).message);
    } finally {
      if (request === latestPreview.current) setChecking(false);
    }
  };

  const changeOptions = (next: ImportOptions) => {
    setOptions(next);
    setServerProblems([]);
    void runPreview(csv, next, targetAccountId);
  };

  // Another account (chosen, or known only once the accounts arrive) holds other rows from earlier
  // imports, so the preview is asked for again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the target account asks again.
  useEffect(() => {
    if (csv === '' || previewedAccount.current === targetAccountId) return;
    setServerProblems([]);
    void runPreview(csv, options, targetAccountId);
  }, [targetAccountId]);

  const readFile = async (file: File) => {
    setFileError(null);
    if (file.size > TRANSACTION_LIMITS.csvMaxBytes) return setFileError('The file must be at most 5 MB.');
    const text = await readCsvFile(file);
    setFileName(file.name);
    setCsv(text);
    setOptions(DEFAULT_IMPORT_OPTIONS);
    setServerProblems([]);
    await runPreview(text, DEFAULT_IMPORT_OPTIONS, targetAccountId);
    setStep('mapping');
  };

  const runImport = async () => {
    if (!preview || preview.errorCount > 0) return;
    setStep('importing');
    setProgress(5);
    try {
      const result = await importCsv.mutateAsync(importCsvInput(csv, options, false, previewedAccount.current));
      setProgress(100);
      setImportedCount(result.importedCount);
      setSkippedCount(result.skippedCount);
      setStep('result');
      toast.success(importResultMessage(result));
      ledgerChanged();
    } catch (error) {
      const fieldErrors =
        error instanceof TRPCClientError
          ? (error.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)?.zodError?.fieldErrors
          : undefined;
      const problems = parseImportRowErrors(fieldErrors?.rows);
      setServerProblems(problems);
      setStep('preview');
      toast.error(problems.length > 0 ? 'Nothing was imported: some rows were refused.' : describeError(error).message);
    }
  };

  const readable = preview !== null && preview.missing.length === 0 && !checking;
  // Rows imported before are skipped, so only the others count as what this import adds.
  const newCount = preview ? preview.validCount - preview.alreadyImportedCount : 0;
  const importable = readable && preview.errorCount === 0 && newCount > 0;
  const stepIndex = STEPS.findIndex((item) => item.id === step);
  const footer = (() => {
    switch (step) {
      case 'upload':
        return <Button onClick={onClose}>Cancel</Button>;
      case 'mapping':
        return (
          <>
            <Button onClick={() => setStep('upload')}>Back</Button>
            <Button variant="primary" disabled={!readable} onClick={() => setStep('preview')}>
              Preview
            </Button>
          </>
        );
      case 'preview':
        return (
          <>
            <Button onClick={() => setStep('mapping')}>Back</Button>
            <Button variant="primary" disabled={!importable} onClick={() => void runImport()}>
              Import {newCount} transactions
            </Button>
          </>
        );
      case 'importing':
        return null;
      case 'result':
        return (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        );
    }
  })();

  return (
    <Dialog
      open={open}
      onClose={step === 'importing' ? () => {} : onClose}
      variant="modal-wide"
      title="Import transactions"
      footer={footer}
    >
      <ol className="steps" aria-label="Import steps">
        {STEPS.map((item, index) => (
          <li key={item.id} aria-current={index === stepIndex ? 'step' : undefined}>
            {item.label}
          </li>
        ))}
      </ol>

      {step === 'upload' ? (
        <>
          <div className="dropzone">
            <strong>Choose a CSV file</strong>
            <span className="muted">
              Up to 5 MB and {TRANSACTION_LIMITS.importRowsMax.toLocaleString('en-US')} rows: the app's own export (
              {IMPORT_FIELDS.map((field) => CSV_COLUMNS[field]).join(', ')}) or your bank's, with commas, semicolons or
              tabs.
            </span>
            <input
              type="file"
              accept=".csv,text/csv"
              aria-label="CSV file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void readFile(file);
              }}
            />
          </div>
          {fileError ? <Alert>{fileError}</Alert> : null}
        </>
      ) : null}

      {step === 'mapping' ? (
        <ImportColumnsStep
          fileName={fileName}
          options={options}
          preview={preview}
          error={previewError}
          checking={checking}
          onChange={changeOptions}
        />
      ) : null}

      {step === 'preview' && preview ? (
        <>
          <ImportAccountField
            accounts={accounts.list}
            value={targetAccountId ?? ''}
            onChange={(id) => setChosenAccountId(id)}
          />
          <ImportPreviewStep preview={preview} serverProblems={serverProblems} />
        </>
      ) : null}

      {step === 'importing' ? (
        <div style={{ display: 'grid', gap: 10 }} role="status">
          <strong>Importing {newCount} transactions…</strong>
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress)}
          >
            <span style={{ width: `${progress}%` }} />
          </div>
        </div>
      ) : null}

      {step === 'result' ? (
        <div className="empty" role="status">
          <div className="empty-icon" aria-hidden="true">
            ✓
          </div>
          <h3>Imported {importedCount} transactions</h3>
          {skippedCount > 0 ? <p className="muted">Skipped {skippedCount} imported before.</p> : null}
        </div>
      ) : null}
    </Dialog>
  );
}
