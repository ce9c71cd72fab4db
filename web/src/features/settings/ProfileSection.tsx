import { updateUserSchema } from '@finailytics/shared';
import { useMemo, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { CURRENCIES } from '../../lib/currencies';
import { useZodForm } from '../../lib/forms';
import { trpc } from '../../lib/trpc';
import type { Me } from './me';
import { ProfilePicture } from './ProfilePicture';
import { SettingsSection } from './SettingsSection';
import { timeZones } from './time-zones';

/** Amounts are stored as plain numbers; the currency is only the label they are shown with. */
export const CURRENCY_HINT = 'Changes the symbol only: amounts are not converted.';

export function ProfileSection({ user }: { user: Me }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const zones = useMemo(timeZones, []);
  const [values, setValues] = useState({ name: user.name, timezone: user.timezone, currency: user.currency });
  const form = useZodForm(updateUserSchema);
  const onSaved = (updated: Me) => utils.user.me.setData(undefined, updated);
  const update = trpc.user.update.useMutation({
    onSuccess: (updated) => {
      onSaved(updated);
      toast.success('Profile saved');
    },
    onError: (error) => form.showServerError(error),
  });

  return (
    <SettingsSection title="Profile" description="Your name, picture, and how amounts and dates are shown.">
      <ProfilePicture user={user} onSaved={onSaved} />
      <form className="form-grid" noValidate onSubmit={form.handleSubmit(values, (input) => update.mutate(input))}>
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <Field label="Full name" error={form.errors.name}>
          <input
            className="input"
            value={values.name}
            onChange={(event) => setValues({ ...values, name: event.target.value })}
          />
        </Field>
        <Field label="Email" hint="Your sign-in address cannot be changed here.">
          <input className="input" value={user.email} readOnly />
        </Field>
        <div className="form-row">
          <Field label="Time zone" error={form.errors.timezone}>
            <select
              className="select"
              value={values.timezone}
              onChange={(event) => setValues({ ...values, timezone: event.target.value })}
            >
              {(zones.includes(values.timezone) ? zones : [values.timezone, ...zones]).map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </select>
          </Field>
          <Field label="Currency" error={form.errors.currency} hint={CURRENCY_HINT}>
            <select
              className="select"
              value={values.currency}
              onChange={(event) => setValues({ ...values, currency: event.target.value })}
            >
              {(CURRENCIES as readonly string[]).includes(values.currency) ? null : <option>{values.currency}</option>}
              {CURRENCIES.map((code) => (
                <option key={code}>{code}</option>
              ))}
            </select>
          </Field>
        </div>
        <div>
          <Button type="submit" variant="primary" loading={update.isPending}>
            Save profile
          </Button>
        </div>
      </form>
    </SettingsSection>
  );
}
