import { CATEGORY_LIMITS, type Category, type Transaction, type TransactionType } from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog, FormDialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { trpc } from '../../lib/trpc';
import { CategoryPicker } from '../categories/CategoryPicker';
import { useLedgerChanged } from './use-ledger-changed';

interface BulkCategoryDialogProps {
  open: boolean;
  /** The selected transactions: their ids, and their types, which the new category must match. */
  transactions: ReadonlyArray<Pick<Transaction, 'id' | 'type'>>;
  categories: readonly Category[];
  /** Keeps only these of the selection (a mixed selection narrowed to one kind). */
  onNarrow: (ids: string[]) => void;
  /** The category was changed: the selection is done with. */
  onChanged: () => void;
  onClose: () => void;
}

const count = (n: number, kind: TransactionType) =>
  kind === 'INCOME'
    ? `${n} income ${n === 1 ? 'transaction' : 'transactions'}`
    : `${n} ${n === 1 ? 'expense' : 'expenses'}`;

/**
 * Moves the selected transactions to one category (`category.assign`, all or nothing). A category
 * is of one kind, so a selection of income and expenses together is narrowed to one kind first.
 */
export function BulkCategoryDialog(props: BulkCategoryDialogProps) {
  // A fresh picker each time the dialog opens.
  return <BulkCategoryForm key={String(props.open)} {...props} />;
}

function BulkCategoryForm({ open, transactions, categories, onNarrow, onChanged, onClose }: BulkCategoryDialogProps) {
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const assign = trpc.category.assign.useMutation({
    onSuccess: (result) => {
      const moved = result.updatedCount;
      toast.success(`${moved} ${moved === 1 ? 'transaction' : 'transactions'} moved to “${result.category.name}”`);
      ledgerChanged();
      onChanged();
    },
    onError: (error) => toast.error(error),
  });

  const expenses = transactions.filter((transaction) => transaction.type === 'EXPENSE');
  const income = transactions.filter((transaction) => transaction.type === 'INCOME');

  if (expenses.length > 0 && income.length > 0) {
    return (
      <Dialog open={open} onClose={onClose} title="Change category" footer={<Button onClick={onClose}>Cancel</Button>}>
        <Alert kind="warning">
          The selection holds {count(income.length, 'INCOME')} and {count(expenses.length, 'EXPENSE')}. A category is
          either an income or an expense category, so one change cannot cover both: keep only one kind selected.
        </Alert>
        <div className="toolbar">
          <Button onClick={() => onNarrow(expenses.map((transaction) => transaction.id))}>
            Only the {count(expenses.length, 'EXPENSE')}
          </Button>
          <Button onClick={() => onNarrow(income.map((transaction) => transaction.id))}>
            Only the {count(income.length, 'INCOME')}
          </Button>
        </div>
      </Dialog>
    );
  }

  const kind: TransactionType = income.length > 0 ? 'INCOME' : 'EXPENSE';
  const options = categories.filter((category) => category.kind === kind);
  const chosen = options.find((category) => category.name === name);
  const tooMany = transactions.length > CATEGORY_LIMITS.assignMax;
  const error = tried && !chosen ? 'Choose a category' : undefined;

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title="Change category"
      submitLabel="Change category"
      pending={assign.isPending}
      onSubmit={() => {
        setTried(true);
        if (!chosen || tooMany) return;
        assign.mutate({ transactionIds: transactions.map((transaction) => transaction.id), categoryId: chosen.id });
      }}
    >
      {tooMany ? (
        <Alert>At most {CATEGORY_LIMITS.assignMax} transactions can be re-categorised at once; select fewer.</Alert>
      ) : null}
      <Field
        label="New category"
        error={error}
        hint={`For the ${count(transactions.length, kind)} selected: ${kind === 'INCOME' ? 'income' : 'expense'} categories only.`}
      >
        <CategoryPicker
          mode="choose"
          placeholder="Choose a category"
          value={name}
          options={options}
          onChange={(picked) => {
            setName(picked);
            setTried(false);
          }}
        />
      </Field>
    </FormDialog>
  );
}
