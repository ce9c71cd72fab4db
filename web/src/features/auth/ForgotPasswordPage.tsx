import { ACCOUNT_MESSAGES, requestPasswordResetSchema } from '@finailytics/shared';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useZodForm } from '../../lib/forms';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';

export default function ForgotPasswordPage() {
  usePageTitle('Reset your password');
  const [email, setEmail] = useState('');
  const form = useZodForm(requestPasswordResetSchema);
  const request = trpc.auth.requestPasswordReset.useMutation({ onError: (error) => form.showServerError(error) });
  return (
    <AuthLayout title="Reset your password" subtitle="We will e-mail you a link to choose a new one.">
      {request.isSuccess ? (
        <div className="form-grid">
          {/* The same answer whether or not the address has an account. */}
          <Alert kind="info">{ACCOUNT_MESSAGES.resetRequested}</Alert>
          <p className="muted">The link works once, for one hour. Check your spam folder if it does not arrive.</p>
          <Link to="/signin" className="btn btn-secondary btn-block">
            Back to sign in
          </Link>
        </div>
      ) : (
        <form
          className="form-grid"
          noValidate
          onSubmit={form.handleSubmit({ email }, (input) => request.mutate(input))}
        >
          {form.formError ? <Alert>{form.formError}</Alert> : null}
          <Field label="Email" error={form.errors.email}>
            <input
              className="input"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
                form.clearField('email');
              }}
            />
          </Field>
          <Button type="submit" variant="primary" block loading={request.isPending}>
            Send reset link
          </Button>
          <p className="muted" style={{ textAlign: 'center' }}>
            Remembered it? <Link to="/signin">Sign in</Link>
          </p>
        </form>
      )}
    </AuthLayout>
  );
}
