import { registerSchema } from '@finailytics/shared';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { CURRENCIES } from '../../lib/currencies';
import { detectTimeZone } from '../../lib/format';
import { useZodForm } from '../../lib/forms';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';
import { NewPasswordField } from './PasswordField';
import { useStartSession } from './session-hooks';

const schema = registerSchema();

export default function SignUpPage() {
  usePageTitle('Create your account');
  const [params] = useSearchParams();
  const timezone = useMemo(detectTimeZone, []);
  const [values, setValues] = useState({ name: '', email: '', password: '', currency: 'USD' });
  const form = useZodForm(schema);
  const startSession = useStartSession();
  const login = trpc.auth.login.useMutation({
    // A new account has no second factor yet, so signing in completes at once.
    onSuccess: (result) => {
      if ('accessToken' in result) startSession(result);
    },
    onError: (error) => form.showServerError(error),
  });
  const register = trpc.auth.register.useMutation({
    // Sign-up creates the account; signing in with the same credentials starts the session.
    onSuccess: (_result, input) => login.mutate({ email: input.email, password: input.password }),
    onError: (error) => form.showServerError(error),
  });
  const update = (field: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues({ ...values, [field]: event.target.value });
    form.clearField(field);
  };
  const next = params.get('next');

  return (
    <AuthLayout title="Create your account" subtitle="Start tracking income and expenses in under a minute.">
      <form
        className="form-grid"
        noValidate
        onSubmit={form.handleSubmit({ ...values, timezone }, (input) => register.mutate(input))}
      >
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <Field label="Full name" error={form.errors.name}>
          <input className="input" name="name" autoComplete="name" value={values.name} onChange={update('name')} />
        </Field>
        <Field label="Email" error={form.errors.email}>
          <input
            className="input"
            type="email"
            name="email"
            autoComplete="email"
            value={values.email}
            onChange={update('email')}
          />
        </Field>
        <NewPasswordField
          label="Password"
          value={values.password}
          error={form.errors.password}
          onChange={(password) => {
            setValues({ ...values, password });
            form.clearField('password');
          }}
        />
        <div className="form-row">
          <Field label="Currency" error={form.errors.currency}>
            <select className="select" name="currency" value={values.currency} onChange={update('currency')}>
              {CURRENCIES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Time zone" error={form.errors.timezone} hint="Detected from this device">
            <input className="input" name="timezone" value={timezone} readOnly />
          </Field>
        </div>
        <Button type="submit" variant="primary" block loading={register.isPending || login.isPending}>
          Create account
        </Button>
        <p className="muted" style={{ textAlign: 'center' }}>
          Already have an account?{' '}
          <Link to={next ? `/signin?next=${encodeURIComponent(next)}` : '/signin'}>Sign in</Link>
        </p>
      </form>
    </AuthLayout>
  );
}
