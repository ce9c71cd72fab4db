import { formatAmountInput, type LedgerAccount, parseAmountInput } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { Icon } from '../../components/ui/Icon';
import { errorMessage } from '../../lib/errors';
import { formatMoney, userLocale } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { useDebounced } from '../../lib/use-debounced';
import { differenceInWords } from './reconcile-words';

/** Typing settles this long before the status is asked again. */
const STATEMENT_DEBOUNCE_MS = 300;

interface ReconcilePanelProps {
  account: LedgerAccount;
  /** Rows of the page on screen that are not cleared yet. */
  shownUnclearedIds: string[];
  shownCount: number;
  marking: boolean;
  onMarkShownCleared: (ids: string[]) => void;
  onClose: () => void;
}

/**
 * Compares the account with a bank statement: the statement's closing balance, typed in the person's
 * notation, against the opening balance plus the cleared rows. It sits inside the register, not in a
 * dialog, because reconciling means ticking rows while watching the difference move.
 */
export function ReconcilePanel({
  account,
  shownUnclearedIds,
  shownCount,
  marking,
  onMarkShownCleared,
  onClose,
}: ReconcilePanelProps) {
  const locale = userLocale();
  const { currency } = account;
  const [statementText, setStatementText] = useState('');
  const typed = statementText.trim() !== '';
  // A card or loan in debt shows a balance below zero on its statement.
  const parsed = useMemo(
    () => (typed ? parseAmountInput(statementText, { locale, currency, allowNegative: true, allowZero: true }) : null),
    [typed, statementText, locale, currency],
  );
  // Before a balance is typed the status is asked against zero, for the cleared balance and counts alone.
  const statementBalance = parsed === null ? 0 : parsed.ok ? parsed.amount : null;
  const asked = useDebounced(statementBalance, STATEMENT_DEBOUNCE_MS);
  const status = trpc.account.reconcileStatus.useQuery(
    { accountId: account.id, statementBalance: asked ?? 0 },
    { enabled: asked !== null, placeholderData: keepPreviousData },
  );
  const data = status.data;
  // The difference is shown only for the balance now in the field, never for one typed a moment ago.
  const compared = parsed?.ok && data && !status.isPlaceholderData && data.statementBalance === parsed.amount;

  const hint = !typed ? (
    'The closing balance on your statement; negative for a card or loan you owe on.'
  ) : parsed?.ok ? (
    <span data-testid="amount-preview">= {formatMoney(parsed.amount, currency, { locale })}</span>
  ) : (
    parsed?.message
  );

  return (
    <section className="reconcile-panel" id="reconcile-panel" aria-labelledby="reconcile-heading">
      <div className="reconcile-head">
        <h3 id="reconcile-heading">Reconcile with a statement</h3>
        <Button variant="ghost" size="sm" onClick={onClose}>
          Done
        </Button>
      </div>
      <p className="muted reconcile-intro">
        Tick the rows your statement shows, then type its closing balance: when the difference is zero the account
        agrees with the bank.
      </p>
      <div className="reconcile-grid">
        <Field label={`Statement balance (${currency})`} hint={hint}>
          <input
            className="input num"
            inputMode="decimal"
            autoComplete="off"
            value={statementText}
            placeholder={formatAmountInput(0, locale)}
            onChange={(event) => setStatementText(event.target.value)}
          />
        </Field>
        <dl className="reconcile-figures">
          <div>
            <dt>Cleared balance</dt>
            <dd className="num" data-testid="cleared-balance">
              {data ? formatMoney(data.clearedBalance, currency, { locale }) : '…'}
            </dd>
          </div>
          <div>
            <dt>Difference</dt>
            <dd className="num" data-testid="reconcile-difference">
              {compared ? formatMoney(data.difference, currency, { locale }) : '—'}
            </dd>
          </div>
          <div>
            <dt>Cleared</dt>
            <dd className="num" data-testid="cleared-count">
              {data ? data.clearedCount : '…'}
            </dd>
          </div>
          <div>
            <dt>Not cleared</dt>
            <dd className="num" data-testid="uncleared-count">
              {data ? data.unclearedCount : '…'}
            </dd>
          </div>
        </dl>
      </div>
      {status.error ? <Alert>{errorMessage(status.error)}</Alert> : null}
      <div
        className={`reconcile-result${compared && data.difference === 0 ? ' reconciled' : ''}`}
        role="status"
        data-testid="reconcile-result"
      >
        {compared ? (
          data.difference === 0 ? (
            <>
              <Icon name="check" size={16} />
              <strong>Reconciled.</strong> <span>{differenceInWords(0, currency, locale)}</span>
            </>
          ) : (
            differenceInWords(data.difference, currency, locale)
          )
        ) : typed && parsed?.ok ? (
          'Comparing…'
        ) : (
          'Type the statement balance to compare.'
        )}
      </div>
      <div className="reconcile-actions">
        <Button
          size="sm"
          disabled={shownUnclearedIds.length === 0}
          loading={marking}
          onClick={() => onMarkShownCleared(shownUnclearedIds)}
        >
          <Icon name="check" size={16} /> Mark all shown cleared
        </Button>
        <span className="muted">
          {shownCount === 0
            ? 'No rows on this page.'
            : shownUnclearedIds.length === 0
              ? 'Every row shown is cleared.'
              : `${shownUnclearedIds.length} of the ${shownCount} rows shown ${shownUnclearedIds.length === 1 ? 'is' : 'are'} not cleared.`}
        </span>
      </div>
    </section>
  );
}
