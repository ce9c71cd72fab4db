import {
  BUDGET_ALERT_THRESHOLD_RANGE,
  budgetAlertThresholdsSchema,
  MAX_BUDGET_ALERT_THRESHOLDS,
} from '@finailytics/shared';
import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { QueryView } from '../../components/ui/QueryView';
import { useToast } from '../../components/ui/Toast';
import { trpc } from '../../lib/trpc';

/** Whether budget alerts are e-mailed, and at which percentages of a budget. */
export function AlertSettingsCard() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const settings = trpc.budget.getAlertSettings.useQuery();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (settings.data) setText(settings.data.thresholds.join(', '));
  }, [settings.data]);
  const update = trpc.budget.updateAlertSettings.useMutation({
    onSuccess: (next) => {
      utils.budget.getAlertSettings.setData(undefined, next);
      toast.success(next.isEnabled ? 'Alert settings saved' : 'Budget alert e-mails turned off');
    },
    onError: (caught) => toast.error(caught),
  });

  function saveThresholds() {
    const values = text
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((part) => Number(part.replace('%', '')));
    const parsed = budgetAlertThresholdsSchema.safeParse(values);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Invalid thresholds');
      return;
    }
    setError(undefined);
    update.mutate({ thresholds: parsed.data });
  }

  return (
    <section className="card" aria-labelledby="budget-alerts-heading">
      <div className="card-header">
        <h2 id="budget-alerts-heading">Alerts</h2>
      </div>
      <div className="card-body form-grid">
        <QueryView query={settings} skeletonHeight={80}>
          {(data) => (
            <>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={data.isEnabled}
                  disabled={update.isPending}
                  onChange={(event) => update.mutate({ isEnabled: event.target.checked })}
                />
                E-mail me when spending reaches a threshold (to a verified address)
              </label>
              <div className="field">
                <label htmlFor="budget-thresholds">Thresholds (% of a budget)</label>
                <div className="threshold-inputs">
                  <input
                    id="budget-thresholds"
                    value={text}
                    onChange={(event) => setText(event.target.value)}
                    aria-describedby="budget-thresholds-hint"
                    aria-invalid={error ? true : undefined}
                    style={{ width: '14em' }}
                  />
                  <Button onClick={saveThresholds} loading={update.isPending}>
                    Save thresholds
                  </Button>
                </div>
                {error ? (
                  <span className="field-error" role="alert">
                    {error}
                  </span>
                ) : null}
                <span id="budget-thresholds-hint" className="field-hint">
                  Up to {MAX_BUDGET_ALERT_THRESHOLDS} whole percentages from {BUDGET_ALERT_THRESHOLD_RANGE.min} to{' '}
                  {BUDGET_ALERT_THRESHOLD_RANGE.max}, separated by commas. Each alerts once per budget and period;
                  alerts always show in the app.
                </span>
              </div>
            </>
          )}
        </QueryView>
      </div>
    </section>
  );
}
