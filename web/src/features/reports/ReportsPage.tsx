import { useParams } from 'react-router';
import { usePageTitle } from '../../lib/page-title';
import { HistoryCard } from './HistoryCard';
import { PreviewCard } from './PreviewCard';
import { ReportSettingsCard } from './ReportSettingsCard';
import { StoredReportDialog } from './StoredReportDialog';

export default function ReportsPage() {
  usePageTitle('Reports');
  const { reportId } = useParams();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Reports</h1>
          <p>A summary of your finances in your inbox, weekly or monthly.</p>
        </div>
      </div>
      <div className="charts reports-layout">
        <ReportSettingsCard />
        <PreviewCard />
      </div>
      <HistoryCard />
      {reportId ? <StoredReportDialog reportId={reportId} /> : null}
    </div>
  );
}
