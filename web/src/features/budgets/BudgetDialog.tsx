import {
  BUDGET_PERIODS,
  type Budget,
  type BudgetPeriod,
  formatAmountInput,
  parseAmountInput,
} from '@finailytics/shared';
import { useMemo, useState } from 'react';
import { FormDialog } from '../../components/ui/Dialog';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { userLocale } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { type CategoryChoice, CategoryPicker } from '../categories/CategoryPicker';
import { UNCATEGORISED_COLOUR } from '../categories/use-categories';

/** The overall budget's value in the category picker, and the name it shows. */
const OVERALL = 'overall';
const OVERALL_LABEL = 'All spending (overall budget)';

const PERIOD_LABELS: Record<BudgetPeriod, string> = { WEEKLY: 'Weekly (Monday to Sunday)', MONTHLY: 'Monthly' };

interface BudgetDialogProps {
  open: boolean;
  /** The budget being edited; null to set a new one. */
  budget: Budget | null;
  /** Categories that already have a budget (and whether an overall one exists), left out of the picker. */
  taken: { categoryIds: Set<string>; overall: boolean };
  currency: string;
  onClose: () => void;
}

/** Sets or edits a budget: what it covers (an expense category or all spending), period, amount, rollover. */
export function BudgetDialog({ open, budget, taken, currency, onClose }: BudgetDialogProps) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const locale = userLocale();
  const categories = trpc.category.list.useQuery(undefined, { enabled: open });
  // What a new budget may cover: all spending (once) and each expense category without a budget yet.
  const choices: Array<CategoryChoice & { id: string }> = [
    ...(taken.overall ? [] : [{ id: OVERALL, name: OVERALL_LABEL, colour: UNCATEGORISED_COLOUR }]),
    ...(categories.data ?? [])
      .filter((category) => category.kind === 'EXPENSE' && !taken.categoryIds.has(category.id))
      .map(({ id, name, colour }) => ({ id, name, colour })),
  ];
  const [target, setTarget] = useState<string>('');
  const [period, setPeriod] = useState<BudgetPeriod>(budget?.period ?? 'MONTHLY');
  const [amountText, setAmountText] = useState(budget ? formatAmountInput(budget.amount, locale) : '');
  const [rollover, setRollover] = useState(budget?.rollover ?? false);
  const [tried, setTried] = useState(false);
  const amount = useMemo(() => parseAmountInput(amountText, { locale, currency }), [amountText, locale, currency]);

  const saved = (message: string) => {
    void utils.budget.invalidate();
    toast.success(message);
    onClose();
  };
  const create = trpc.budget.create.useMutation({
    onSuccess: () => saved('Budget set'),
    onError: (error) => toast.error(error),
  });
  const update = trpc.budget.update.useMutation({
    onSuccess: () => saved('Budget saved'),
    onError: (error) => toast.error(error),
  });

  const targetError = tried && !budget && target === '' ? 'Choose what the budget covers' : undefined;
  const amountError = tried && !amount.ok ? amount.message : undefined;

  function submit() {
    setTried(true);
    if (!amount.ok || (!budget && target === '')) return;
    if (budget) update.mutate({ id: budget.id, period, amount: amount.amount, rollover });
    else create.mutate({ categoryId: target === OVERALL ? null : target, period, amount: amount.amount, rollover });
  }

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={budget ? `Edit ${budget.categoryName ?? 'overall'} budget` : 'Set a budget'}
      submitLabel={budget ? 'Save' : 'Set budget'}
      pending={create.isPending || update.isPending}
      onSubmit={submit}
    >
      <div className="form-grid">
        {budget ? null : (
          <Field label="Budget for" error={targetError}>
            <CategoryPicker
              mode="choose"
              placeholder="Choose…"
              value={choices.find((choice) => choice.id === target)?.name ?? ''}
              options={choices}
              onChange={(name) => setTarget(choices.find((choice) => choice.name === name)?.id ?? '')}
            />
          </Field>
        )}
        <Field label="Period" hint="Periods follow your time zone; weeks start on Monday.">
          <select value={period} onChange={(event) => setPeriod(event.target.value as BudgetPeriod)}>
            {BUDGET_PERIODS.map((value) => (
              <option key={value} value={value}>
                {PERIOD_LABELS[value]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={`Amount (${currency})`}
          error={amountError}
          hint={!amountError && amountText && !amount.ok ? amount.message : undefined}
        >
          <input
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onChange={(event) => setAmountText(event.target.value)}
          />
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={rollover} onChange={(event) => setRollover(event.target.checked)} />
          Roll over: carry what is left (or overspent) into the next period
        </label>
      </div>
    </FormDialog>
  );
}
