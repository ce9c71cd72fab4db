import type { ReportStatus } from '@finailytics/shared';

/** How a report's delivery reads in the history and in a stored report. */
export const STATUS: Record<ReportStatus, { label: string; className: string }> = {
  SENT: { label: 'Sent', className: 'badge badge-income' },
  PENDING: { label: 'Sending', className: 'badge badge-primary' },
  FAILED: { label: 'Failed, will retry', className: 'badge badge-expense' },
  NO_ACTIVITY: { label: 'No activity', className: 'badge' },
};
