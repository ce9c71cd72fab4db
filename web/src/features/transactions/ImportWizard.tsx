import {
  CSV_COLUMNS,
  CSV_DATE_FORMATS,
  type CsvDateFormat,
  IMPORT_FIELDS,
  type ImportField,
  parseImportRowErrors,
  REQUIRED_IMPORT_FIELDS,
  TRANSACTION_LIMITS,
} from '@finailytics/shared';
import { TRPCClientError } from '@trpc/client';
import { useEffect, useMemo, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { describeError } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { type ColumnMapping, guessMapping, type ImportPreview, parseCsv, previewImport, type RowProblem } from './csv';

type Step = 'upload' | 'mapping' | 'preview' | 'importing' | 'result';
const STEPS: { id: Step; label: string }[] = [
  { id: 'upload', label: 'Upload' },
  { id: 'mapping', label: 'Map columns' },
  { id: 'preview', label: 'Preview' },
  { id: 'importing', label: 'Import' },
  { id: 'result', label: 'Result' },
];
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const FIELD_LABELS: Record<ImportField, string> = {
  title: 'Title',
  type: 'Type',
  amount: 'Amount',
  category: 'Category',
  description: 'Description',
  date: 'Date',
  paymentMethod: 'Payment method',
};
const PROBLEMS_SHOWN = 50;

function ProblemTable({ problems }: { problems: RowProblem[] }) {
  return (
    <div className="table-wrap card" style={{ maxHeight: 240, overflowY: 'auto' }}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Field</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.slice(0, PROBLEMS_SHOWN).map((problem) => (
            <tr key={`${problem.row}-${problem.field}-${problem.message}`}>
              <td className="num">{problem.row}</td>
              <td>{problem.field}</td>
              <td>{problem.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > PROBLEMS_SHOWN ? (
        <p className="muted" style={{ padding: '8px 14px' }}>
          …and {problems.length - PROBLEMS_SHOWN} more.
        </p>
      ) : null}
    </div>
  );
}

/** Upload → map columns → check every row → import (all or nothing) → result. */
export function ImportWizard({ open, onClose }: { open: boolean; onClose: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [step, setStep] = useState<Step>('upload');
  const [fileName, setFileName] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [header, setHeader] = useState<string[]>([]);
  const [rows, setRows] = useState<string[][]>([]);
  const [mapping, setMapping] = useState<ColumnMapping>(() => guessMapping([]));
  const [dateFormat, setDateFormat] = useState<CsvDateFormat>('YYYY-MM-DD');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [serverProblems, setServerProblems] = useState<RowProblem[]>([]);
  const [progress, setProgress] = useState(0);
  const [importedCount, setImportedCount] = useState(0);

  const importRows = trpc.transaction.import.useMutation();

  useEffect(() => {
    if (!open) {
      setStep('upload');
      setFileName('');
      setFileError(null);
      setPreview(null);
      setServerProblems([]);
      setProgress(0);
    }
  }, [open]);

  // One request keeps the import all-or-nothing; the bar eases towards the end while it runs.
  useEffect(() => {
    if (step !== 'importing') return;
    const timer = setInterval(() => setProgress((value) => Math.min(95, value + (95 - value) * 0.15)), 120);
    return () => clearInterval(timer);
  }, [step]);

  const missing = useMemo(() => REQUIRED_IMPORT_FIELDS.filter((field) => mapping[field] < 0), [mapping]);

  const readFile = async (file: File) => {
    setFileError(null);
    if (file.size > MAX_FILE_BYTES) return setFileError('The file must be at most 5 MB.');
    const parsed = parseCsv(await file.text());
    const [first, ...data] = parsed;
    if (!first || data.length === 0) return setFileError('The file has no rows under its header.');
    if (data.length > TRANSACTION_LIMITS.importRowsMax) {
      return setFileError(
        `At most ${TRANSACTION_LIMITS.importRowsMax.toLocaleString('en-US')} rows can be imported at once.`,
      );
    }
    setFileName(file.name);
    setHeader(first);
    setRows(data);
    setMapping(guessMapping(first));
    setStep('mapping');
  };

  const runImport = async () => {
    if (!preview || preview.valid.length === 0) return;
    setStep('importing');
    setProgress(5);
    try {
      const result = await importRows.mutateAsync({ rows: preview.valid });
      setProgress(100);
      setImportedCount(result.importedCount);
      setStep('result');
      void utils.transaction.invalidate();
      void utils.analytics.invalidate();
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

  const stepIndex = STEPS.findIndex((item) => item.id === step);
  const footer = (() => {
    switch (step) {
      case 'upload':
        return <Button onClick={onClose}>Cancel</Button>;
      case 'mapping':
        return (
          <>
            <Button onClick={() => setStep('upload')}>Back</Button>
            <Button
              variant="primary"
              disabled={missing.length > 0}
              onClick={() => {
                setServerProblems([]);
                setPreview(previewImport(rows, mapping, dateFormat));
                setStep('preview');
              }}
            >
              Preview
            </Button>
          </>
        );
      case 'preview':
        return (
          <>
            <Button onClick={() => setStep('mapping')}>Back</Button>
            <Button
              variant="primary"
              disabled={!preview || preview.valid.length === 0}
              onClick={() => void runImport()}
            >
              Import {preview?.valid.length ?? 0} transactions
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
              Up to 5 MB and {TRANSACTION_LIMITS.importRowsMax.toLocaleString('en-US')} rows. The export format (
              {IMPORT_FIELDS.map((field) => CSV_COLUMNS[field]).join(', ')}) maps itself.
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
        <>
          <h3>Map columns</h3>
          <p className="muted">
            {fileName}: {rows.length} rows. Choose which column fills each field.
          </p>
          <div className="form-row">
            {IMPORT_FIELDS.map((field: ImportField) => (
              <Field
                key={field}
                label={`${FIELD_LABELS[field]}${REQUIRED_IMPORT_FIELDS.includes(field) ? ' *' : ''}`}
                error={missing.includes(field) ? 'Choose a column' : undefined}
              >
                <select
                  className="select"
                  value={mapping[field]}
                  onChange={(event) => setMapping({ ...mapping, [field]: Number(event.target.value) })}
                >
                  <option value={-1}>
                    {REQUIRED_IMPORT_FIELDS.includes(field) ? '— choose —' : '— not in file —'}
                  </option>
                  {header.map((name, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are identified by position.
                    <option key={index} value={index}>
                      {name || `Column ${index + 1}`}
                    </option>
                  ))}
                </select>
              </Field>
            ))}
            <Field label="Date format">
              <select
                className="select"
                value={dateFormat}
                onChange={(event) => setDateFormat(event.target.value as CsvDateFormat)}
              >
                {CSV_DATE_FORMATS.map((format) => (
                  <option key={format}>{format}</option>
                ))}
              </select>
            </Field>
          </div>
        </>
      ) : null}

      {step === 'preview' && preview ? (
        <>
          <div className="toolbar">
            <span className="badge badge-income">{preview.valid.length} valid</span>
            {preview.invalidRows > 0 ? (
              <span className="badge badge-expense">{preview.invalidRows} with problems (skipped)</span>
            ) : null}
          </div>
          {serverProblems.length > 0 ? (
            <>
              <Alert>The server refused these rows, so nothing was imported.</Alert>
              <ProblemTable problems={serverProblems} />
            </>
          ) : null}
          {preview.problems.length > 0 ? <ProblemTable problems={preview.problems} /> : null}
          {preview.valid.length > 0 ? (
            <div className="table-wrap card">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Title</th>
                    <th scope="col">Category</th>
                    <th scope="col">Type</th>
                    <th scope="col" className="right">
                      Amount
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {preview.valid.slice(0, 5).map((row, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a static preview of the first rows.
                    <tr key={index}>
                      <td className="num">{row.date}</td>
                      <td>{row.title}</td>
                      <td>{row.category}</td>
                      <td>{row.type === 'INCOME' ? 'Income' : 'Expense'}</td>
                      <td className="right num">{row.amount.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Alert>No row can be imported. Go back and check the column mapping and date format.</Alert>
          )}
        </>
      ) : null}

      {step === 'importing' ? (
        <div style={{ display: 'grid', gap: 10 }} role="status">
          <strong>Importing {preview?.valid.length} transactions…</strong>
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
          {preview && preview.invalidRows > 0 ? <p>{preview.invalidRows} rows with problems were skipped.</p> : null}
        </div>
      ) : null}
    </Dialog>
  );
}
