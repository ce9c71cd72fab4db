import { disableTwoFactorSchema } from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { FormDialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { useZodForm } from '../../lib/forms';
import { trpc } from '../../lib/trpc';
import { PasswordField } from '../auth/PasswordField';

/** Password and a code from the app, or one recovery code instead. */
export function DisableTwoFactorDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [values, setValues] = useState({ password: '', code: '' });
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useZodForm(disableTwoFactorSchema);
  const close = () => {
    setValues({ password: '', code: '' });
    form.reset();
    onClose();
  };
  const disable = trpc.user.twoFactor.disable.useMutation({
    onSuccess: (result) => {
      toast.success(result.message);
      void utils.user.twoFactor.status.invalidate();
      close();
    },
    onError: (error) => form.showServerError(error),
  });
  const field = useRecovery ? 'recoveryCode' : 'code';
  return (
    <FormDialog
      open={open}
      onClose={close}
      title="Turn off two-factor sign-in?"
      onSubmit={form.handleSubmit({ password: values.password, [field]: values.code }, (input) =>
        disable.mutate(input),
      )}
      submitLabel="Turn off"
      danger
      pending={disable.isPending}
    >
      {form.formError ? <Alert>{form.formError}</Alert> : null}
      <PasswordField
        label="Password"
        value={values.password}
        error={form.errors.password}
        onChange={(password) => setValues({ ...values, password })}
      />
      <Field label={useRecovery ? 'Recovery code' : 'Code from the app'} error={form.errors[field]}>
        <input
          className="input num"
          autoComplete="one-time-code"
          value={values.code}
          onChange={(event) => setValues({ ...values, code: event.target.value })}
        />
      </Field>
      <Button variant="ghost" onClick={() => setUseRecovery(!useRecovery)}>
        {useRecovery ? 'Use a code from the app instead' : 'Use a recovery code instead'}
      </Button>
    </FormDialog>
  );
}
