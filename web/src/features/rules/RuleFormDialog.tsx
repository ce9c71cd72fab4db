import {
  type Category,
  PAYMENT_METHODS,
  type PaymentMethod,
  parseAmountInput,
  RULE_FIELDS,
  RULE_OPERATORS,
  type Rule,
  type RuleField,
  type RuleInput,
  type RuleOperator,
  ruleInputSchema,
  type TransactionType,
} from '@finailytics/shared';
import { useState } from 'react';
import { FormDialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { userLocale } from '../../lib/format';
import { useZodForm } from '../../lib/forms';
import { trpc } from '../../lib/trpc';
import { useDebounced } from '../../lib/use-debounced';
import { type CategoryChoice, CategoryPicker } from '../categories/CategoryPicker';
import { PAYMENT_METHOD_LABELS } from '../transactions/labels';
import { FIELD_LABELS, OPERATOR_LABELS } from './rule-labels';

interface RuleFormValues {
  field: RuleField;
  operator: RuleOperator;
  pattern: string;
  categoryId: string;
  amountMin: string;
  amountMax: string;
  transactionType: TransactionType | '';
  setTitle: string;
  setPaymentMethod: PaymentMethod | '';
}

function initialValues(rule: Rule | null, locale: string): RuleFormValues {
  const amount = (value: number | null) =>
    value === null ? '' : value.toLocaleString(locale, { minimumFractionDigits: 2, useGrouping: false });
  return {
    field: rule?.field ?? 'TITLE',
    operator: rule?.operator ?? 'CONTAINS',
    pattern: rule?.pattern ?? '',
    categoryId: rule?.categoryId ?? '',
    amountMin: amount(rule?.amountMin ?? null),
    amountMax: amount(rule?.amountMax ?? null),
    transactionType: rule?.transactionType ?? '',
    setTitle: rule?.setTitle ?? '',
    setPaymentMethod: rule?.setPaymentMethod ?? '',
  };
}

/** The form's strings as the API's input; an amount that does not read goes on as NaN, which the schema refuses. */
function toRuleInput(values: RuleFormValues, locale: string): RuleInput {
  const amount = (text: string) => {
    if (text.trim() === '') return null;
    const parsed = parseAmountInput(text, locale);
    return parsed.ok ? parsed.amount : Number.NaN;
  };
  return {
    field: values.field,
    operator: values.operator,
    pattern: values.pattern,
    categoryId: values.categoryId,
    amountMin: amount(values.amountMin),
    amountMax: amount(values.amountMax),
    transactionType: values.transactionType || null,
    setTitle: values.setTitle.trim() ? values.setTitle : null,
    setPaymentMethod: values.setPaymentMethod || null,
  };
}

/** A category as the rule's picker offers it, with the id the rule stores. */
interface RuleCategoryChoice extends CategoryChoice {
  id: string;
}

/**
 * Every category, of either kind (a rule's category sets the kind of the transactions it fits): a
 * name both kinds have is told apart by its kind, as the picker knows a choice by its name only.
 */
export function ruleCategoryChoices(categories: readonly Category[]): RuleCategoryChoice[] {
  const key = (name: string) => name.trim().toLowerCase();
  const kindsOf = new Map<string, Set<TransactionType>>();
  for (const category of categories) {
    kindsOf.set(key(category.name), (kindsOf.get(key(category.name)) ?? new Set()).add(category.kind));
  }
  return categories.map((category) => ({
    id: category.id,
    colour: category.colour,
    name:
      (kindsOf.get(key(category.name))?.size ?? 0) > 1
        ? `${category.name} (${category.kind === 'INCOME' ? 'income' : 'expense'})`
        : category.name,
  }));
}

interface RuleFormDialogProps {
  open: boolean;
  /** The rule being edited; null to add one. */
  rule: Rule | null;
  categories: Category[];
  onClose: () => void;
}

export function RuleFormDialog(props: RuleFormDialogProps) {
  return <RuleForm key={`${props.open}-${props.rule?.id ?? 'new'}`} {...props} />;
}

function RuleForm({ open, rule, categories, onClose }: RuleFormDialogProps) {
  const locale = userLocale();
  const toast = useToast();
  const utils = trpc.useUtils();
  const [values, setValues] = useState(() => initialValues(rule, locale));
  const form = useZodForm(ruleInputSchema);
  const set = <K extends keyof RuleFormValues>(field: K, value: RuleFormValues[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    form.clearField(field);
  };
  const onSaved = (message: string) => {
    void utils.rule.invalidate();
    toast.success(message);
    onClose();
  };
  const create = trpc.rule.create.useMutation({
    onSuccess: () => onSaved('Rule added'),
    onError: (error) => form.showServerError(error),
  });
  const update = trpc.rule.update.useMutation({
    onSuccess: () => onSaved('Rule saved'),
    onError: (error) => form.showServerError(error),
  });
  // How many existing transactions the rule as typed would change; asked once typing settles.
  const draft = useDebounced(ruleInputSchema.safeParse(toRuleInput(values, locale)), 400);
  const preview = trpc.rule.preview.useQuery(draft.success ? { rule: draft.data } : { id: '' }, {
    enabled: open && draft.success,
  });
  // Expense categories first, as most rules sort spending.
  const choices = ruleCategoryChoices([
    ...categories.filter((category) => category.kind === 'EXPENSE'),
    ...categories.filter((category) => category.kind === 'INCOME'),
  ]);
  const chosen = choices.find((choice) => choice.id === values.categoryId);

  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={rule ? 'Edit rule' : 'New rule'}
      submitLabel="Save rule"
      pending={create.isPending || update.isPending}
      onSubmit={() => {
        const input = toRuleInput(values, locale);
        if (!form.validate(input)) return;
        if (rule) update.mutate({ id: rule.id, ...input });
        else create.mutate(input);
      }}
    >
      {form.formError ? <Alert>{form.formError}</Alert> : null}
      <div className="form-row">
        <Field label="When" error={form.errors.field}>
          <select className="select" value={values.field} onChange={(e) => set('field', e.target.value as RuleField)}>
            {RULE_FIELDS.map((field) => (
              <option key={field} value={field}>
                {FIELD_LABELS[field]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Comparison" error={form.errors.operator}>
          <select
            className="select"
            value={values.operator}
            onChange={(e) => set('operator', e.target.value as RuleOperator)}
          >
            {RULE_OPERATORS.map((operator) => (
              <option key={operator} value={operator}>
                {OPERATOR_LABELS[operator]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Text" error={form.errors.pattern} hint="Compared as plain text, ignoring upper and lower case.">
        <input className="input" value={values.pattern} onChange={(e) => set('pattern', e.target.value)} />
      </Field>
      <Field label="Category" error={form.errors.categoryId}>
        <CategoryPicker
          mode="choose"
          placeholder="Choose a category"
          value={chosen?.name ?? ''}
          options={choices}
          onChange={(name) => set('categoryId', choices.find((choice) => choice.name === name)?.id ?? '')}
        />
      </Field>
      <div className="form-row">
        <Field label="Smallest amount (optional)" error={form.errors.amountMin}>
          <input
            className="input num"
            inputMode="decimal"
            value={values.amountMin}
            onChange={(e) => set('amountMin', e.target.value)}
          />
        </Field>
        <Field label="Largest amount (optional)" error={form.errors.amountMax}>
          <input
            className="input num"
            inputMode="decimal"
            value={values.amountMax}
            onChange={(e) => set('amountMax', e.target.value)}
          />
        </Field>
      </div>
      <div className="form-row">
        <Field label="Rename to (optional)" error={form.errors.setTitle}>
          <input className="input" value={values.setTitle} onChange={(e) => set('setTitle', e.target.value)} />
        </Field>
        <Field label="Payment method (optional)" error={form.errors.setPaymentMethod}>
          <select
            className="select"
            value={values.setPaymentMethod}
            onChange={(e) => set('setPaymentMethod', e.target.value as PaymentMethod | '')}
          >
            <option value="">Leave as it is</option>
            {PAYMENT_METHODS.map((method) => (
              <option key={method} value={method}>
                {PAYMENT_METHOD_LABELS[method]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p className="field-hint" role="status" data-testid="rule-form-preview">
        {draft.success && preview.data
          ? `Would change ${preview.data.count} of your existing transactions${preview.data.truncated ? ` (of the ${preview.data.scanned.toLocaleString()} most recent)` : ''}. Saving changes none of them; use Apply for that.`
          : 'Fill in the text and category to see how many existing transactions this rule matches.'}
      </p>
    </FormDialog>
  );
}
