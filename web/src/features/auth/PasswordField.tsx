import type { ReactNode } from 'react';
import { Field } from '../../components/ui/Field';
import { passwordStrength } from './password-strength';

interface PasswordFieldProps {
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/**
 * A password input: `current-password` for one the user types to prove who they are, `new-password`
 * for one they choose (so password managers offer to fill, or to generate and save, accordingly).
 */
export function PasswordField({
  label,
  value,
  error,
  onChange,
  autoComplete = 'current-password',
  name,
  hint,
}: PasswordFieldProps & {
  autoComplete?: 'current-password' | 'new-password';
  name?: string;
  hint?: ReactNode;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      <input
        className="input"
        type="password"
        name={name}
        autoComplete={autoComplete}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}

/** A new-password input with the strength meter every password field shows. */
export function NewPasswordField({ label, value, error, onChange }: PasswordFieldProps) {
  const strength = passwordStrength(value);
  return (
    <PasswordField
      label={label}
      value={value}
      error={error}
      onChange={onChange}
      autoComplete="new-password"
      hint={
        <>
          <span className="strength" data-score={strength.score} aria-hidden="true">
            <i />
            <i />
            <i />
            <i />
          </span>
          <span>{value ? `Strength: ${strength.label}. ` : ''}At least 8 characters; a long passphrase is best.</span>
        </>
      }
    />
  );
}
