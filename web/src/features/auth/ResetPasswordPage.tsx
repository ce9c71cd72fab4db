import { ACCOUNT_MESSAGES, resetPasswordSchema } from '@finailytics/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { useZodForm } from '../../lib/forms';
import { usePageTitle } from '../../lib/page-title';
import { session, trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';
import { useLinkToken } from './link-token';
import { NewPasswordFields, useNewPassword } from './NewPasswordFields';
import { endSessionEverywhere } from './session-hooks';

const schema = resetPasswordSchema();

export default function ResetPasswordPage() {
  usePageTitle('Choose a new password');
  const token = useLinkToken();
  const queryClient = useQueryClient();
  const newPassword = useNewPassword();
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
          onSubmit={form.handleSubmit(
            { token, newPassword: newPassword.password },
            (input) => reset.mutate(input),
            newPassword.confirmed,
          )}
        >
          {form.formError || form.errors.token ? <Alert>{form.formError ?? form.errors.token}</Alert> : null}
          <NewPasswordFields fields={newPassword} error={form.errors.newPassword} />
          <Button type="submit" variant="primary" block loading={reset.isPending}>
            Set new password
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
