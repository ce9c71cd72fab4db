import { ACCOUNT_MESSAGES, resetPasswordSchema } from '@finailytics/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { useZodForm } from '../../lib/forms';
import { usePageTitle } from '../../lib/page-title';
import { session, trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';
import { useLinkToken } from './link-token';
import { NewPasswordField, PasswordField } from './PasswordField';
import { endSessionEverywhere } from './session-hooks';

const schema = resetPasswordSchema();

export default function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const token = useLinkToken();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ newPassword: '', confirm: '' });
  const [confirmError, setConfirmError] = useState<string | undefined>();
  const form = useZodForm(schema);
  const reset = trpc.auth.resetPassword.useMutation({
    // Resetting ends every session of the account, this browser's included.
    onSuccess: () => {
      if (session.status() === 'signed-in') endSessionEverywhere(queryClient);
    },
    onError: (error) => form.showServerError(error),
  });

  if (!token) {
    return (
      <AuthLayout title="Choose a new password" subtitle="Open the link from the e-mail we sent you.">
        <Alert>{ACCOUNT_MESSAGES.invalidLink}</Alert>
        <Link to="/forgot-password" className="btn btn-primary btn-block">
          Ask for a new link
        </Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password" subtitle="You will be signed out everywhere, then sign in with it.">
      {reset.isSuccess ? (
        <div className="form-grid">
          <Alert kind="info">{ACCOUNT_MESSAGES.passwordReset}</Alert>
          <Link to="/signin" className="btn btn-primary btn-block">
            Sign in
          </Link>
        </div>
      ) : (
        <form
          className="form-grid"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const input = form.validate({ token, newPassword: values.newPassword });
            const mismatch = values.confirm !== values.newPassword ? 'The passwords do not match' : undefined;
            setConfirmError(mismatch);
            if (input && !mismatch) reset.mutate(input);
          }}
        >
          {form.formError || form.errors.token ? <Alert>{form.formError ?? form.errors.token}</Alert> : null}
          <NewPasswordField
            label="New password"
            value={values.newPassword}
            error={form.errors.newPassword}
            onChange={(newPassword) => setValues({ ...values, newPassword })}
          />
          <PasswordField
            label="Confirm new password"
            autoComplete="new-password"
            value={values.confirm}
            error={confirmError}
            onChange={(confirm) => setValues({ ...values, confirm })}
          />
          <Button type="submit" variant="primary" block loading={reset.isPending}>
            Set new password
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
