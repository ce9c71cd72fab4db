import { loginSchema } from '@finailytics/shared';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useZodForm } from '../../lib/forms';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';
import { useStartSession } from './session-hooks';

export default function SignInPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const [values, setValues] = useState({ email: params.get('email') ?? '', password: '' });
  const form = useZodForm(loginSchema);
  const startSession = useStartSession();
  const login = trpc.auth.login.useMutation({
    onSuccess: (result) => startSession(result),
    onError: (error) => form.showServerError(error),
  });
  const next = params.get('next');

  return (
    <AuthLayout
      title="Welcome back"
      subtitle={next ? 'Sign in to continue where you left off.' : 'Sign in to your FinAIlytics account.'}
    >
      <form
        className="form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const input = form.validate(values);
          if (input) login.mutate(input);
        }}
      >
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <Field label="Email" error={form.errors.email}>
          <input
            className="input"
            type="email"
            name="email"
            autoComplete="email"
            value={values.email}
            onChange={(event) => {
              setValues({ ...values, email: event.target.value });
              form.clearField('email');
            }}
          />
        </Field>
        <Field label="Password" error={form.errors.password}>
          <input
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            value={values.password}
            onChange={(event) => {
              setValues({ ...values, password: event.target.value });
              form.clearField('password');
            }}
          />
        </Field>
        <Button type="submit" variant="primary" block loading={login.isPending}>
          Sign in
        </Button>
        <p className="muted" style={{ textAlign: 'center' }}>
          New to FinAIlytics?{' '}
          <Link to={next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>Create an account</Link>
        </p>
      </form>
    </AuthLayout>
  );
}
