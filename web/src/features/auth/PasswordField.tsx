import { Field } from '../../components/ui/Field';
import { passwordStrength } from './password-strength';

/** A new-password input with the strength meter every password field shows. */
export function NewPasswordField({
  label,
  value,
  error,
  onChange,
}: {
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const strength = passwordStrength(value);
  return (
    <Field
      label={label}
      error={error}
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
    >
      <input
        className="input"
        type="password"
        autoComplete="new-password"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </Field>
  );
}
