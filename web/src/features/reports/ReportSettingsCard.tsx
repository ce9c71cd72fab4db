import type { ReportFrequency } from '@finailytics/shared';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { trpc } from '../../lib/trpc';

/** Whether reports are e-mailed, weekly or monthly, and when the next one goes. */
export function ReportSettingsCard() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const settings = trpc.report.getSettings.useQuery();
  const update = trpc.report.updateSettings.useMutation({
    onSuccess: (next) => {
      utils.report.getSettings.setData(undefined, next);
      toast.success(next.isEnabled ? 'Report schedule saved' : 'Scheduled reports turned off');
    },
    onError: (error) => toast.error(error),
  });
  const data = settings.data;
  return (
    <section className="card" aria-labelledby="schedule-heading">
      <div className="card-header">
        <h2 id="schedule-heading">Schedule</h2>
      </div>
      <div className="card-body form-grid">
        {settings.isLoading ? (
          <Skeleton height={80} />
        ) : settings.error ? (
          <Alert>{errorMessage(settings.error)}</Alert>
        ) : data ? (
          <>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={data.isEnabled}
                disabled={update.isPending}
                onChange={(event) => update.mutate({ isEnabled: event.target.checked })}
              />
              E-mail me a report automatically
            </label>
            <fieldset className="segmented" aria-label="Frequency" style={{ width: 'fit-content' }}>
              {(['WEEKLY', 'MONTHLY'] as ReportFrequency[]).map((frequency) => (
                <button
                  key={frequency}
                  type="button"
                  aria-pressed={data.frequency === frequency}
                  disabled={update.isPending}
                  onClick={() => update.mutate({ frequency })}
                >
                  {frequency === 'WEEKLY' ? 'Weekly' : 'Monthly'}
                </button>
              ))}
            </fieldset>
            <p className="muted">
              {data.isEnabled && data.nextReportDate
                ? `Next report: ${formatDate(data.nextReportDate, { dateStyle: 'full' })}`
                : 'Scheduled reports are off.'}
            </p>
          </>
        ) : null}
      </div>
    </section>
  );
}
