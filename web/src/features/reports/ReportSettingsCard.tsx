import type { ReportFrequency } from '@finailytics/shared';
import { QueryView } from '../../components/ui/QueryView';
import { useToast } from '../../components/ui/Toast';
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
  return (
    <section className="card" aria-labelledby="schedule-heading">
      <div className="card-header">
        <h2 id="schedule-heading">Schedule</h2>
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
          )}
        </QueryView>
      </div>
    </section>
  );
}
