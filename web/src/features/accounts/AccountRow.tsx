import type { LedgerAccount } from '@finailytics/shared';
import { Button } from '../../components/ui/Button';
import { Icon } from '../../components/ui/Icon';
import { formatDate, formatMoney } from '../../lib/format';
import { ACCOUNT_KIND_LABELS } from './account-groups';

export interface AccountRowActions {
  /** A change is on its way: the buttons take no second click until it lands. */
  busy: boolean;
  onSelect: (account: LedgerAccount) => void;
  onEdit: (account: LedgerAccount) => void;
  onDelete: (account: LedgerAccount) => void;
  onArchive: (account: LedgerAccount, archived: boolean) => void;
  onSetDefault: (account: LedgerAccount) => void;
  onMove: (account: LedgerAccount, step: -1 | 1) => void;
}

interface AccountRowProps {
  account: LedgerAccount;
  /** Its transactions are shown below the lists. */
  selected: boolean;
  first: boolean;
  last: boolean;
  actions: AccountRowActions;
}

/** One account: name, type and balance, with its actions as named buttons (each reachable by keyboard). */
export function AccountRow({ account, selected, first, last, actions }: AccountRowProps) {
  const { name } = account;
  return (
    <li className="list-row list-row-wrap account-row" data-testid="account-row" data-selected={selected}>
      <div className="grow">
        <button
          type="button"
          className="account-name"
          aria-pressed={selected}
          title={`Show the transactions of ${name}`}
          onClick={() => actions.onSelect(account)}
        >
          {name}
        </button>
        <div className="sub">
          {ACCOUNT_KIND_LABELS[account.kind]} · opened {formatDate(account.openingDate)}
          {account.isDefault ? (
            <>
              {' '}
              · <span className="badge badge-primary">Default</span>
            </>
          ) : null}
        </div>
      </div>
      <span className="num account-balance" data-testid="account-balance">
        {formatMoney(account.balance, account.currency)}
      </span>
      <div className="account-actions">
        {account.isArchived ? null : (
          <>
            <Button
              variant="ghost"
              icon
              aria-label={`Move ${name} up`}
              disabled={first || actions.busy}
              onClick={() => actions.onMove(account, -1)}
            >
              <Icon name="sortUp" />
            </Button>
            <Button
              variant="ghost"
              icon
              aria-label={`Move ${name} down`}
              disabled={last || actions.busy}
              onClick={() => actions.onMove(account, 1)}
            >
              <Icon name="sortDown" />
            </Button>
          </>
        )}
        <Button variant="ghost" icon aria-label={`Edit ${name}`} onClick={() => actions.onEdit(account)}>
          <Icon name="edit" />
        </Button>
        {account.isDefault || account.isArchived ? null : (
          <Button size="sm" disabled={actions.busy} onClick={() => actions.onSetDefault(account)}>
            Make default<span className="visually-hidden"> for {name}</span>
          </Button>
        )}
        {account.isDefault ? null : (
          <Button size="sm" disabled={actions.busy} onClick={() => actions.onArchive(account, !account.isArchived)}>
            {account.isArchived ? 'Unarchive' : 'Archive'}
            <span className="visually-hidden"> {name}</span>
          </Button>
        )}
        {account.isDefault ? null : (
          <Button variant="ghost" icon aria-label={`Delete ${name}`} onClick={() => actions.onDelete(account)}>
            <Icon name="trash" />
          </Button>
        )}
      </div>
    </li>
  );
}
