import type { CsvImportPreview, ImportRowError } from '@finailytics/shared';
import { Alert } from '../../components/ui/Feedback';
import { CategorisationNote } from '../rules/CategorisationNote';
import { alreadyImportedNote, skippedLinesNote } from './import-options';
import { PAYMENT_METHOD_LABELS } from './labels';

const PROBLEMS_SHOWN = 50;
const ROWS_SHOWN = 5;

export function ProblemTable({ problems, total }: { problems: ImportRowError[]; total?: number }) {
  const more = (total ?? problems.length) - Math.min(problems.length, PROBLEMS_SHOWN);
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
      {more > 0 ? (
        <p className="muted" style={{ padding: '8px 14px' }}>
          …and {more} more.
        </p>
      ) : null}
    </div>
  );
}

/**
 * The server's reading of the file: how many rows are valid, every problem, how many the account holds
 * from an earlier import (skipped), and the first rows as they will be stored, those marked.
 */
export function ImportPreviewStep({
  preview,
  serverProblems,
}: {
  preview: CsvImportPreview;
  serverProblems: ImportRowError[];
}) {
  return (
    <>
      <div className="toolbar">
        <span className="badge badge-income">{preview.validCount} valid</span>
        {preview.invalidRowCount > 0 ? (
          <span className="badge badge-expense">{preview.invalidRowCount} with problems</span>
        ) : null}
        {preview.skippedLines > 0 ? <span className="muted">{skippedLinesNote(preview.skippedLines)}</span> : null}
      </div>
      {preview.alreadyImportedCount > 0 ? (
        <Alert kind="info">
          {alreadyImportedNote(preview.alreadyImportedCount)}
          {preview.alreadyImportedCount === preview.validCount && preview.errorCount === 0
            ? ' There is nothing new to import into this account.'
            : null}
        </Alert>
      ) : null}
      {serverProblems.length > 0 ? (
        <>
          <Alert>The server refused these rows, so nothing was imported.</Alert>
          <ProblemTable problems={serverProblems} />
        </>
      ) : null}
      {preview.errorCount > 0 ? (
        <>
          <Alert kind="warning">
            An import is all or nothing: fix these rows in the file, or go back and change the separator, columns, date
            format or decimal separator.
          </Alert>
          <ProblemTable problems={preview.errors} total={preview.errorCount} />
        </>
      ) : null}
      {preview.rows.length > 0 ? (
        <div className="table-wrap card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Title</th>
                <th scope="col">Category</th>
                <th scope="col">Type</th>
                <th scope="col">Payment</th>
                <th scope="col" className="right">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.slice(0, ROWS_SHOWN).map((row) => (
                <tr key={row.row} className={row.alreadyImported ? 'muted' : undefined}>
                  <td className="num">{row.date}</td>
                  <td>
                    {row.title}
                    {row.alreadyImported ? (
                      <>
                        {' '}
                        <span className="badge">imported before</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {row.category}
                    <CategorisationNote categorisation={row.categorisation} />
                  </td>
                  <td>{row.type === 'INCOME' ? 'Income' : 'Expense'}</td>
                  <td>{PAYMENT_METHOD_LABELS[row.paymentMethod]}</td>
                  <td className="right num">{row.amount.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Alert>No row can be imported. Go back and check the columns, date format and decimal separator.</Alert>
      )}
    </>
  );
}
