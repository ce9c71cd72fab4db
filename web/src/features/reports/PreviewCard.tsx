import { type AnalyticsPreset, REPORT_MESSAGES } from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { PeriodSelect } from '../../components/ui/PeriodSelect';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { trpc } from '../../lib/trpc';
import { ResendVerificationButton } from '../auth/ResendVerificationButton';
import { useCurrentUser } from '../auth/session-hooks';
import { ReportView } from './ReportView';

/** The report for a chosen period as it would be sent, with "Send now". */
export function PreviewCard() {
  const toast = useToast();
  const utils = trpc.useUtils();
  // Until a period is picked, the preview shows what the next report will cover: last week for a
  // weekly report, last month for a monthly one.
  const settings = trpc.report.getSettings.useQuery();
  const [picked, setPreset] = useState<AnalyticsPreset | null>(null);
  const preset: AnalyticsPreset = picked ?? (settings.data?.frequency === 'WEEKLY' ? 'lastWeek' : 'lastMonth');
  const preview = trpc.report.generate.useQuery(
    { preset },
    { placeholderData: keepPreviousData, enabled: picked !== null || !settings.isPending },
  );
  // The server refuses an unverified address too; saying so here spares the user a failed click.
  const unverified = useCurrentUser().data?.emailVerified === false;
  const send = trpc.report.sendNow.useMutation({
    onSuccess: (report) => {
      toast.success(
        report.status === 'NO_ACTIVITY' ? 'Nothing to send: no activity in that period' : 'Report sent to your e-mail',
      );
      void utils.report.list.invalidate();
    },
    onError: (error) => toast.error(error),
  });
  return (
    <section className="card" aria-labelledby="preview-heading">
      <div className="card-header">
        <h2 id="preview-heading">Preview</h2>
        <div className="toolbar">
          <PeriodSelect label="Report period" value={preset} onChange={setPreset} />
          <Button
            variant="primary"
            loading={send.isPending}
            disabled={unverified}
            aria-describedby={unverified ? 'send-now-hint' : undefined}
            onClick={() => send.mutate({ preset })}
          >
            <Icon name="mail" /> Send now
          </Button>
        </div>
      </div>
      {unverified ? (
        <div className="card-body toolbar" style={{ paddingBottom: 0 }}>
          <span className="field-hint" id="send-now-hint">
            {REPORT_MESSAGES.emailNotVerified}
          </span>
          <ResendVerificationButton />
        </div>
      ) : null}
      <div className="card-body">
        {preview.isLoading ? (
          <Skeleton height={200} />
        ) : preview.error ? (
          <Alert>{errorMessage(preview.error)}</Alert>
        ) : preview.data ? (
          <ReportView content={preview.data} />
        ) : null}
      </div>
    </section>
  );
}
