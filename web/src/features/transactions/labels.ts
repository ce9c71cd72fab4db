import type { PaymentMethod, RecurringInterval } from '@finailytics/shared';

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  CARD: 'Card',
  BANK_TRANSFER: 'Bank transfer',
  MOBILE_PAYMENT: 'Mobile payment',
  AUTO_DEBIT: 'Auto debit',
  CASH: 'Cash',
  OTHER: 'Other',
};

export const INTERVAL_LABELS: Record<RecurringInterval, string> = {
  DAILY: 'Daily',
  WEEKLY: 'Weekly',
  MONTHLY: 'Monthly',
  YEARLY: 'Yearly',
};
