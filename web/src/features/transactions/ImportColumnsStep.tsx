import {
  CSV_DATE_FORMATS,
  CSV_FIELDS,
  CSV_IGNORE,
  type CsvColumnTarget,
  type CsvDateFormat,
  type CsvDecimalOption,
  type CsvImportPreview,
  type CsvSeparatorOption,
  type PaymentMethod,
} from '@finailytics/shared';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { ProblemTable } from './ImportPreviewStep';
import { CSV_FIELD_LABELS, type ImportOptions, mappingWith, skippedLinesNote } from './import-options';
import { PaymentMethodOptions } from './PaymentMethodOptions';

const SEPARATOR_LABELS: Record<Exclude<CsvSeparatorOption, 'auto'>, string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
};
/** The first problems, shown while mapping so a wrong column is seen at once; the preview lists them all. */
const PROBLEMS_WHILE_MAPPING = 3;
const DECIMAL_LABELS = { '.': 'Point (1234.56)', ',': 'Comma (1234,56)' } as const;

interface ImportColumnsStepProps {
  fileName: string;
  options: ImportOptions;
  /** The server's reading with the current options; null while none succeeded. */
  preview: CsvImportPreview | null;
  error: string | null;
  checking: boolean;
  onChange: (options: ImportOptions) => void;
}

/** How to read the file (separator, dates, decimals, payment method) and what each column holds. */
export function ImportColumnsStep({ fileName, options, preview, error, checking, onChange }: ImportColumnsStepProps) {
  const detected = (text: string | null | undefined) => (text ? `Detect (${text})` : 'Detect');
  const names = new Set<string>();
  return (
    <>
      <h3>Map columns</h3>
      <p className="muted">
        {fileName}
        {preview ? `: ${preview.rowCount} rows.` : '.'} {preview ? skippedLinesNote(preview.skippedLines) : null} The
        file is read on the server exactly as it will be imported.
      </p>
      <div className="form-row">
        <Field label="Separator">
          <select
            className="select"
            value={options.separator}
            // Other columns come out of another separator, so the mapping starts over.
            onChange={(event) =>
              onChange({ ...options, separator: event.target.value as CsvSeparatorOption, mapping: undefined })
            }
          >
            <option value="auto">{detected(preview ? SEPARATOR_LABELS[preview.separator] : null)}</option>
            {Object.entries(SEPARATOR_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Date format">
          <select
            className="select"
            value={options.dateFormat}
            onChange={(event) => onChange({ ...options, dateFormat: event.target.value as CsvDateFormat | 'auto' })}
          >
            <option value="auto">{detected(preview?.dateFormat)}</option>
            {CSV_DATE_FORMATS.map((format) => (
              <option key={format}>{format}</option>
            ))}
          </select>
        </Field>
        <Field label="Decimal separator">
          <select
            className="select"
            value={options.decimal}
            onChange={(event) => onChange({ ...options, decimal: event.target.value as CsvDecimalOption })}
          >
            <option value="auto">{detected(preview?.decimal ? DECIMAL_LABELS[preview.decimal] : null)}</option>
            <option value=".">{DECIMAL_LABELS['.']}</option>
            <option value=",">{DECIMAL_LABELS[',']}</option>
          </select>
        </Field>
        <Field label="Payment method for rows without one">
          <select
            className="select"
            value={options.defaultPaymentMethod}
            onChange={(event) => onChange({ ...options, defaultPaymentMethod: event.target.value as PaymentMethod })}
          >
            <PaymentMethodOptions />
          </select>
        </Field>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {preview && preview.missing.length > 0 ? (
        <Alert>
          Choose a column for {preview.missing.map((field) => CSV_FIELD_LABELS[field]).join(', ')}
          {preview.columns.length === 1 ? ', or another separator' : ''}.
        </Alert>
      ) : null}
      {preview ? (
        <div className="form-row">
          {preview.columns.map((column, index) => {
            // A blank or repeated header cannot be named in a mapping, so it keeps what the server made of it.
            const nameable = column.name.trim() !== '' && !names.has(column.name);
            names.add(column.name);
            return (
              <Field
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are identified by position.
                key={index}
                label={column.name || `Column ${index + 1}`}
                hint={column.sample ? `e.g. ${column.sample}` : undefined}
              >
                <select
                  className="select"
                  value={column.field ?? CSV_IGNORE}
                  disabled={!nameable}
                  onChange={(event) =>
                    onChange({
                      ...options,
                      mapping: mappingWith(preview.columns, column.name, event.target.value as CsvColumnTarget),
                    })
                  }
                >
                  <option value={CSV_IGNORE}>— not read —</option>
                  {CSV_FIELDS.map((field) => (
                    <option key={field} value={field}>
                      {CSV_FIELD_LABELS[field]}
                    </option>
                  ))}
                </select>
              </Field>
            );
          })}
        </div>
      ) : null}
      <p className="muted" role="status">
        {checking
          ? 'Reading the file…'
          : preview && preview.missing.length === 0
            ? `${preview.validCount} of ${preview.rowCount} rows read without problems.`
            : ''}
      </p>
      {preview && !checking && preview.errorCount > 0 ? (
        <ProblemTable problems={preview.errors.slice(0, PROBLEMS_WHILE_MAPPING)} total={preview.errorCount} />
      ) : null}
    </>
  );
}
