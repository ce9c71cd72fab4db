import type { Rule, RulePreview } from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/Dialog';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { SettingsSection } from '../settings/SettingsSection';
import { PAYMENT_METHOD_LABELS } from '../transactions/labels';
import { useLedgerChanged } from '../transactions/use-ledger-changed';
import { RuleFormDialog } from './RuleFormDialog';
import { describeCondition } from './rule-labels';

/** One rule, or every rule, to apply to existing transactions, with what the preview found. */
type Applying = { rule: Rule | null; preview: RulePreview };

function moved(ids: string[], from: number, to: number): string[] {
  const next = [...ids];
  const [id] = next.splice(from, 1);
  if (id !== undefined) next.splice(to, 0, id);
  return next;
}

function applyMessage({ rule, preview }: Applying): string {
  const which = rule ? `the rule ‘${rule.pattern}’` : 'your rules, each transaction taking the first that matches';
  const note = preview.truncated
    ? ` Only your ${preview.scanned.toLocaleString()} most recent transactions are looked at; older ones stay as they are.`
    : '';
  return `${preview.count} existing ${preview.count === 1 ? 'transaction changes' : 'transactions change'} to ${which}. Categories they have now are replaced.${note}`;
}

/** Settings → Rules: the ordered list, the form, reordering, and applying rules to existing transactions. */
export function RulesSection() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const ledgerChanged = useLedgerChanged();
  const rules = trpc.rule.list.useQuery();
  const categories = trpc.category.list.useQuery();
  const [editing, setEditing] = useState<{ rule: Rule | null } | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [applying, setApplying] = useState<Applying | null>(null);
  const [previewing, setPreviewing] = useState<string | null>(null);

  const reorder = trpc.rule.reorder.useMutation({
    onSuccess: (next) => utils.rule.list.setData(undefined, next),
    onError: (error) => toast.error(error),
    onSettled: () => void utils.rule.invalidate(),
  });
  const remove = trpc.rule.delete.useMutation({
    onSuccess: () => {
      toast.success('Rule deleted');
      setDeleting(null);
      void utils.rule.invalidate();
    },
    onError: (error) => toast.error(error),
  });
  const onApplied = (result: { changed: number }) => {
    toast.success(`${result.changed} ${result.changed === 1 ? 'transaction' : 'transactions'} updated`);
    setApplying(null);
    ledgerChanged();
    void utils.rule.invalidate();
  };
  const applyOne = trpc.rule.applyToExisting.useMutation({ onSuccess: onApplied, onError: (e) => toast.error(e) });
  const applyAll = trpc.rule.applyAll.useMutation({ onSuccess: onApplied, onError: (e) => toast.error(e) });

  const askToApply = async (rule: Rule | null) => {
    setPreviewing(rule?.id ?? 'all');
    try {
      const preview = rule ? await utils.rule.preview.fetch({ id: rule.id }) : await utils.rule.previewAll.fetch();
      if (preview.count === 0) toast.success('No existing transaction would change');
      else setApplying({ rule, preview });
    } catch (error) {
      toast.error(error);
    } finally {
      setPreviewing(null);
    }
  };

  const list = rules.data ?? [];
  const ids = list.map((rule) => rule.id);
  return (
    <SettingsSection
      title="Rules"
      description="Categorise transactions by what their title or description says. The first rule that matches wins; rules fill in the category of new and imported transactions left without one."
    >
      {rules.isLoading ? (
        <Skeleton height={120} />
      ) : rules.error ? (
        <Alert>{errorMessage(rules.error)}</Alert>
      ) : list.length === 0 ? (
        <p className="muted">No rules yet. Add one, or choose “Always do this” on a suggestion in a transaction.</p>
      ) : (
        <ol className="list card" aria-label="Rules, first tried first">
          {list.map((rule, index) => (
            <li key={rule.id} className="list-row list-row-wrap" data-testid="rule-row">
              <div className="grow">
                <div className="title">
                  {describeCondition(rule)} → {rule.category}
                </div>
                {rule.setTitle || rule.setPaymentMethod ? (
                  <div className="sub">
                    {[
                      rule.setTitle ? `renames to “${rule.setTitle}”` : null,
                      rule.setPaymentMethod ? `payment method ${PAYMENT_METHOD_LABELS[rule.setPaymentMethod]}` : null,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </div>
                ) : null}
              </div>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Move rule ‘${rule.pattern}’ up`}
                disabled={index === 0 || reorder.isPending}
                onClick={() => reorder.mutate({ ids: moved(ids, index, index - 1) })}
              >
                ↑
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Move rule ‘${rule.pattern}’ down`}
                disabled={index === list.length - 1 || reorder.isPending}
                onClick={() => reorder.mutate({ ids: moved(ids, index, index + 1) })}
              >
                ↓
              </Button>
              <Button size="sm" onClick={() => setEditing({ rule })}>
                Edit
              </Button>
              <Button size="sm" loading={previewing === rule.id} onClick={() => void askToApply(rule)}>
                Apply…
              </Button>
              <Button size="sm" variant="danger" onClick={() => setDeleting(rule)}>
                Delete
              </Button>
            </li>
          ))}
        </ol>
      )}
      <div className="toolbar">
        <Button variant="primary" onClick={() => setEditing({ rule: null })} disabled={!categories.data}>
          Add rule
        </Button>
        {list.length > 0 ? (
          <Button loading={previewing === 'all'} onClick={() => void askToApply(null)}>
            Apply all rules to existing transactions…
          </Button>
        ) : null}
      </div>
      <RuleFormDialog
        open={editing !== null}
        rule={editing?.rule ?? null}
        categories={categories.data ?? []}
        onClose={() => setEditing(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete rule?"
        message={`The rule ‘${deleting?.pattern ?? ''}’ is removed. Transactions it categorised keep their category.`}
        confirmLabel="Delete rule"
        loading={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onClose={() => setDeleting(null)}
      />
      <ConfirmDialog
        open={applying !== null}
        title="Apply to existing transactions?"
        message={applying ? applyMessage(applying) : ''}
        confirmLabel={`Change ${applying?.preview.count ?? 0}`}
        loading={applyOne.isPending || applyAll.isPending}
        onConfirm={() => {
          if (!applying) return;
          if (applying.rule) applyOne.mutate({ id: applying.rule.id });
          else applyAll.mutate({});
        }}
        onClose={() => setApplying(null)}
      />
    </SettingsSection>
  );
}
