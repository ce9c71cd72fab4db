import {
  ANALYTICS_PRESETS,
  type AnalyticsPreset,
  PRESET_LABELS,
  REPORT_MESSAGES,
  type ReportContent,
  type ReportFrequency,
  type ReportStatus,
} from '@finailytics/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatDateTime, formatMoney, formatPercent } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { ResendVerificationButton } from '../auth/ResendVerificationButton';
import { useCurrentUser } from '../auth/session-hooks';

const STATUS: Record<ReportStatus, { label: string; className: string }> = {
  SENT: { label: 'Sent', className: 'badge badge-income' },
  PENDING: { label: 'Sending', className: 'badge badge-primary' },
  FAILED: { label: 'Failed, will retry', className: 'badge badge-expense' },
  NO_ACTIVITY: { label: 'No activity', className: 'badge' },
};

export function ReportView({ content }: { content: ReportContent }) {
  const { summary, currency } = content;
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <div>
        <h3>{content.period.label}</h3>
        <p className="muted">
          {formatDate(content.period.from)} – {formatDate(content.period.to)}
        </p>
      </div>
      <div className="stats" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))' }}>
        <div className="card stat">
          <span className="stat-label">Income</span>
          <span className="stat-value income">{formatMoney(summary.income, currency)}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">Expenses</span>
          <span className="stat-value expense">{formatMoney(summary.expenses, currency)}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">Balance</span>
          <span className="stat-value">{formatMoney(summary.balance, currency)}</span>
        </div>
        <div className="card stat">
          <span className="stat-label">Savings rate</span>
          <span className="stat-value">{summary.savingsRate === null ? '—' : formatPercent(summary.savingsRate)}</span>
        </div>
      </div>
      {summary.topCategories.length > 0 ? (
        <div>
          <h3 style={{ marginBottom: 8 }}>Top spending categories</h3>
          <ul className="legend">
            {summary.topCategories.map((category) => (
              <li key={category.name}>
                <i className="legend-swatch" style={{ background: 'var(--primary)' }} />
                <span>{category.name}</span>
                <span className="num muted">
                  {formatMoney(category.amount, currency)} · {category.percent}%
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {content.insights.length > 0 ? (
        <div>
          <h3 style={{ marginBottom: 8 }}>Insights</h3>
          <ul style={{ margin: 0, paddingLeft: 18, display: 'grid', gap: 6 }}>
            {content.insights.map((insight) => (
              <li key={insight}>{insight}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function ReportSettingsCard() {
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

function PreviewCard() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [preset, setPreset] = useState<AnalyticsPreset>('lastMonth');
  const preview = trpc.report.generate.useQuery({ preset }, { placeholderData: keepPreviousData });
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
          <select
            className="select"
            style={{ width: 'auto' }}
            aria-label="Report period"
            value={preset}
            onChange={(event) => setPreset(event.target.value as AnalyticsPreset)}
          >
            {ANALYTICS_PRESETS.map((value) => (
              <option key={value} value={value}>
                {PRESET_LABELS[value]}
              </option>
            ))}
          </select>
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

function HistoryCard() {
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const list = trpc.report.list.useQuery({ page, pageSize: 10 }, { placeholderData: keepPreviousData });
  const items = list.data?.items ?? [];
  const pagination = list.data?.pagination;
  return (
    <section className="card" aria-labelledby="history-heading">
      <div className="card-header">
        <h2 id="history-heading">History</h2>
      </div>
      {list.isLoading ? (
        <div className="card-body">
          <Skeleton height={120} />
        </div>
      ) : list.error ? (
        <div className="card-body">
          <Alert>{errorMessage(list.error)}</Alert>
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<Icon name="mail" size={22} />} title="No reports yet">
          Scheduled reports and the ones you send appear here.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col" className="hide-sm">
                  Sent
                </th>
                <th scope="col" className="right">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <div className="cell-title">{item.period.label}</div>
                    <div className="cell-sub">
                      {formatDate(item.period.from)} – {formatDate(item.period.to)}
                    </div>
                  </td>
                  <td>
                    <span className={STATUS[item.status].className}>{STATUS[item.status].label}</span>
                  </td>
                  <td className="hide-sm muted">{item.sentAt ? formatDateTime(item.sentAt) : '—'}</td>
                  <td className="right">
                    <Button
                      size="sm"
                      onClick={() => navigate(`/reports/${item.id}`)}
                      aria-label={`View report for ${item.period.label}`}
                    >
                      <Icon name="eye" size={15} /> View
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pagination && pagination.totalPages > 1 ? (
        <nav className="pagination" aria-label="Report pages">
          <span>
            Page {pagination.page} of {pagination.totalPages}
          </span>
          <div className="toolbar">
            <Button size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </Button>
            <Button size="sm" disabled={page >= pagination.totalPages} onClick={() => setPage(page + 1)}>
              Next
            </Button>
          </div>
        </nav>
      ) : null}
    </section>
  );
}

function StoredReportDialog({ reportId }: { reportId: string }) {
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
      <div className="charts" style={{ gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 2fr)' }}>
        <ReportSettingsCard />
        <PreviewCard />
      </div>
      <HistoryCard />
      {reportId ? <StoredReportDialog reportId={reportId} /> : null}
    </div>
  );
}
