import { PAYMENT_METHODS } from '@finailytics/shared';
import { PAYMENT_METHOD_LABELS } from './labels';

/** Every payment method as a <select>'s options, in the ledger's order and words. */
export function PaymentMethodOptions() {
  return (
    <>
      {PAYMENT_METHODS.map((method) => (
        <option key={method} value={method}>
          {PAYMENT_METHOD_LABELS[method]}
        </option>
      ))}
    </>
  );
}
