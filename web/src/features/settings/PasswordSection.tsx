import { changePasswordSchema } from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { useToast } from '../../components/ui/Toast';
import { useZodForm } from '../../lib/forms';
import { trpc } from '../../lib/trpc';
import { NewPasswordFields, useNewPassword } from '../auth/NewPasswordFields';
import { PasswordField } from '../auth/PasswordField';
import { SettingsSection } from './SettingsSection';

const passwordChange = changePasswordSchema();

export function PasswordSection() {
  const toast = useToast();
  const [currentPassword, setCurrentPassword] = useState('');
  const newPassword = useNewPassword();
  const form = useZodForm(passwordChange);
  const change = trpc.user.changePassword.useMutation({
    onSuccess: (result) => {
      setCurrentPassword('');
      newPassword.clear();
      toast.success(
        result.revokedSessions > 0
          ? `Password changed. ${result.revokedSessions} other session${result.revokedSessions === 1 ? ' was' : 's were'} signed out.`
          : 'Password changed.',
      );
    },
    onError: (error) => form.showServerError(error),
  });
  return (
    <SettingsSection title="Password" description="Changing it signs out every other device.">
      <form
        className="form-grid"
        noValidate
        onSubmit={form.handleSubmit(
          { currentPassword, newPassword: newPassword.password },
          (input) => change.mutate(input),
          newPassword.confirmed,
        )}
      >
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <PasswordField
          label="Current password"
          value={currentPassword}
          error={form.errors.currentPassword}
          onChange={setCurrentPassword}
        />
        <div className="form-row">
          <NewPasswordFields fields={newPassword} error={form.errors.newPassword} />
        </div>
        <div>
          <Button type="submit" variant="primary" loading={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </SettingsSection>
  );
}
