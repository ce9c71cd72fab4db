import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { ReportView } from './ReportView';
import { STATUS } from './report-status';

/** A report from the history, opened at /reports/:reportId so the address can be shared or reloaded. */
export function StoredReportDialog({ reportId }: { reportId: string }) {
  const navigate = useNavigate();
  const report = trpc.report.get.useQuery({ id: reportId }, { retry: false });
  const close = () => navigate('/reports');
  return (
    <Dialog open onClose={close} variant="modal-wide" title="Report" footer={<Button onClick={close}>Close</Button>}>
      {report.isLoading ? (
        <Skeleton height={240} />
      ) : report.error ? (
        <Alert>{errorMessage(report.error)}</Alert>
      ) : report.data ? (
        <>
          <div className="toolbar">
            <span className={STATUS[report.data.status].className}>{STATUS[report.data.status].label}</span>
            <span className="muted">
              {report.data.sentAt
                ? `Sent ${formatDateTime(report.data.sentAt)}`
                : `Created ${formatDateTime(report.data.createdAt)}`}
            </span>
          </div>
          <ReportView content={report.data.content} />
        </>
      ) : null}
    </Dialog>
  );
}
