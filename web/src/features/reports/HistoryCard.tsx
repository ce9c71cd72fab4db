import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert, EmptyState, Skeleton } from '../../components/ui/Feedback';
import { Icon } from '../../components/ui/Icon';
import { Pagination } from '../../components/ui/Pagination';
import { errorMessage } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { STATUS } from './report-status';

/** Every report sent or tried, newest first, ten to a page. */
export function HistoryCard() {
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
      <Pagination label="Report pages" pagination={pagination} requestedPage={page} onPageChange={setPage} />
    </section>
  );
}
