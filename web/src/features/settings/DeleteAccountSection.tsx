import { deleteUserSchema } from '@finailytics/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { FormDialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { useZodForm } from '../../lib/forms';
import { trpc } from '../../lib/trpc';
import { PasswordField } from '../auth/PasswordField';
import { endSessionEverywhere } from '../auth/session-hooks';
import { ACCOUNT_DELETED_NOTICE, signedOutState } from '../auth/signed-out-notice';
import { SettingsSection } from './SettingsSection';

export function DeleteAccountSection() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const form = useZodForm(deleteUserSchema);
  const remove = trpc.user.delete.useMutation({
    onSuccess: async () => {
      // The notice goes into this page's state first, committed at once (flushSync): when the session
      // ends just after, the guard of signed-in pages finds it and carries it to the sign-in page.
      await navigate('.', { replace: true, state: signedOutState(ACCOUNT_DELETED_NOTICE), flushSync: true });
      endSessionEverywhere(queryClient);
    },
    onError: (error) => form.showServerError(error),
  });
  const close = () => {
    setOpen(false);
    setPassword('');
    form.reset();
  };
  return (
    <SettingsSection
      title="Delete account"
      description="Removes your account, transactions and reports for good."
      danger
    >
      <div>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete my account
        </Button>
      </div>
      <FormDialog
        open={open}
        onClose={close}
        title="Delete your account?"
        onSubmit={form.handleSubmit({ password }, (input) => remove.mutate(input))}
        submitLabel="Delete permanently"
        danger
        pending={remove.isPending}
      >
        <p>
          This cannot be undone. Every transaction, report and session goes with it. Enter your password to confirm.
        </p>
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <PasswordField label="Password" value={password} error={form.errors.password} onChange={setPassword} />
      </FormDialog>
    </SettingsSection>
  );
}
