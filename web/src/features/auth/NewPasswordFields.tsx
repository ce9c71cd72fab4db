import { useState } from 'react';
import { NewPasswordField, PasswordField } from './PasswordField';

const MISMATCH = 'The passwords do not match';

/** A chosen password typed twice: its value, its repetition and whether they match. */
export function useNewPassword() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [confirmError, setConfirmError] = useState<string | undefined>();
  return {
    password,
    confirm,
    confirmError,
    setPassword,
    setConfirm,
    /** Shows a mismatch beside the repetition; true when the two agree. */
    confirmed(): boolean {
      const mismatch = confirm !== password ? MISMATCH : undefined;
      setConfirmError(mismatch);
      return !mismatch;
    },
    clear() {
      setPassword('');
      setConfirm('');
    },
  };
}

/** "New password" with its strength meter and "Confirm new password" below or beside it. */
export function NewPasswordFields({
  fields,
  error,
}: {
  fields: ReturnType<typeof useNewPassword>;
  /** The schema's or the server's word on the new password. */
  error: string | undefined;
}) {
  return (
    <>
      <NewPasswordField label="New password" value={fields.password} error={error} onChange={fields.setPassword} />
      <PasswordField
        label="Confirm new password"
        autoComplete="new-password"
        value={fields.confirm}
        error={fields.confirmError}
        onChange={fields.setConfirm}
      />
    </>
  );
}
