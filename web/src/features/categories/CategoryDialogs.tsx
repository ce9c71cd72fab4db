import type { CategoryMergePreview, CategoryWithUsage } from '@finailytics/shared';
import { useState } from 'react';
import { FormDialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { useLedgerChanged } from '../transactions/use-ledger-changed';

const plural = (count: number, one: string) => `${count.toLocaleString()} ${one}${count === 1 ? '' : 's'}`;

/** "moves 12 transactions, 1 rule and 0 budgets", and what a kept budget drops. */
export function describeMove(preview: CategoryMergePreview): string {
  const moves = `Moves ${plural(preview.transactions, 'transaction')}, ${plural(preview.rules, 'rule')} and ${plural(preview.budgets, 'budget')}`;
  return preview.budgetsDropped > 0
    ? `${moves}; ${plural(preview.budgetsDropped, 'budget')} of the merged categories will be removed, as the target keeps its own.`
    : `${moves}.`;
}

/** Several categories of one kind folded into one of them, after a preview of what moves. */
export function MergeCategoriesDialog({
  categories,
  onClose,
}: {
  categories: CategoryWithUsage[];
  onClose: (merged: boolean) => void;
}) {
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const [intoId, setIntoId] = useState(categories[0]?.id ?? '');
  const input = { from: categories.filter((category) => category.id !== intoId).map((c) => c.id), into: intoId };
  const preview = trpc.category.mergePreview.useQuery(input, { enabled: input.from.length > 0 });
  const merge = trpc.category.merge.useMutation({
    onSuccess: (result) => {
      toast.success(`Merged into “${result.into.name}”`);
      ledgerChanged();
      onClose(true);
    },
  });
  return (
    <FormDialog
      open
      title="Merge categories"
      submitLabel="Merge"
      pending={merge.isPending}
      onClose={() => onClose(false)}
      onSubmit={() => merge.mutate(input)}
    >
      <p>{categories.map((category) => category.name).join(', ')} become one category.</p>
      <Field label="Merge into">
        <select className="select" value={intoId} onChange={(event) => setIntoId(event.target.value)}>
          {categories.map((category) => (
            <option key={category.id} value={category.id}>
              {category.name}
            </option>
          ))}
        </select>
      </Field>
      <p role="status" data-testid="merge-preview">
        {preview.data ? describeMove(preview.data) : preview.error ? '' : 'Counting what moves…'}
      </p>
      {preview.error ? <Alert>{errorMessage(preview.error)}</Alert> : null}
      {merge.error ? <Alert>{errorMessage(merge.error)}</Alert> : null}
    </FormDialog>
  );
}

/** Deletes a category; one in use needs another category of its kind to take what it holds. */
export function DeleteCategoryDialog({
  category,
  others,
  onClose,
}: {
  category: CategoryWithUsage;
  others: CategoryWithUsage[];
  onClose: () => void;
}) {
  const toast = useToast();
  const ledgerChanged = useLedgerChanged();
  const [reassignTo, setReassignTo] = useState('');
  const remove = trpc.category.delete.useMutation({
    onSuccess: () => {
      toast.success(`Category “${category.name}” deleted`);
      ledgerChanged();
      onClose();
    },
  });
  return (
    <FormDialog
      open
      danger
      title={`Delete “${category.name}”`}
      submitLabel="Delete"
      pending={remove.isPending}
      onClose={onClose}
      onSubmit={() => remove.mutate(reassignTo ? { id: category.id, reassignTo } : { id: category.id })}
    >
      <p>
        {category.transactionCount > 0
          ? `${plural(category.transactionCount, 'transaction')} use this category. Choose where they, and any rules and budgets on it, go.`
          : 'No transactions use this category. Rules or budgets on it go to the category you choose.'}
      </p>
      <Field label="Move to">
        <select className="select" value={reassignTo} onChange={(event) => setReassignTo(event.target.value)}>
          <option value="">Nowhere (only when nothing uses it)</option>
          {others.map((other) => (
            <option key={other.id} value={other.id}>
              {other.name}
            </option>
          ))}
        </select>
      </Field>
      {remove.error ? <Alert>{errorMessage(remove.error)}</Alert> : null}
    </FormDialog>
  );
}
