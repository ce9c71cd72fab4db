import { loginSchema, TWO_FACTOR_MESSAGES, verifyTwoFactorSchema } from '@finailytics/shared';
import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useZodForm } from '../../lib/forms';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';
import { PasswordField } from './PasswordField';
import { useStartSession } from './session-hooks';
import { signedOutNoticeOf } from './signed-out-notice';

/** The second sign-in step, when the account has two-factor sign-in on. */
function TwoFactorStep({ challenge, onRestart }: { challenge: string; onRestart: (message: string) => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const form = useZodForm(verifyTwoFactorSchema);
  const startSession = useStartSession();
  const verify = trpc.auth.verifyTwoFactor.useMutation({
    onSuccess: (result) => startSession(result),
    onError: (error) => {
      if (error.message === TWO_FACTOR_MESSAGES.challengeExpired) onRestart(error.message);
      else form.showServerError(error);
    },
  });
  const field = useRecovery ? 'recoveryCode' : 'code';
  return (
    <form
      className="form-grid"
      noValidate
      onSubmit={form.handleSubmit({ challenge, [field]: code }, (input) => verify.mutate(input))}
    >
      <Alert kind="info">
        {useRecovery
          ? 'Enter one of the recovery codes you saved when you turned on two-factor sign-in.'
          : TWO_FACTOR_MESSAGES.codeRequired}
      </Alert>
      {form.formError ? <Alert>{form.formError}</Alert> : null}
      <Field label={useRecovery ? 'Recovery code' : 'Authentication code'} error={form.errors[field]}>
        <input
          className="input num"
          name={field}
          autoComplete="one-time-code"
          inputMode={useRecovery ? 'text' : 'numeric'}
          placeholder={useRecovery ? 'ABCDE-12345' : '123 456'}
          value={code}
          // biome-ignore lint/a11y/noAutofocus: the only field of this step, shown right after the password.
          autoFocus
          onChange={(event) => {
            setCode(event.target.value);
            form.clearField(field);
          }}
        />
      </Field>
      <Button type="submit" variant="primary" block loading={verify.isPending}>
        Verify and sign in
      </Button>
      <Button
        variant="ghost"
        block
        onClick={() => {
          setUseRecovery(!useRecovery);
          setCode('');
          form.reset();
        }}
      >
        {useRecovery ? 'Use a code from your app instead' : 'Use a recovery code instead'}
      </Button>
    </form>
  );
}

export default function SignInPage() {
  usePageTitle('Sign in');
  const [params] = useSearchParams();
  const [values, setValues] = useState({ email: params.get('email') ?? '', password: '' });
  const [challenge, setChallenge] = useState<string | null>(null);
  const form = useZodForm(loginSchema);
  const startSession = useStartSession();
  const login = trpc.auth.login.useMutation({
    onSuccess: (result) => {
      if (result.twoFactorRequired) setChallenge(result.challenge);
      else startSession(result);
    },
    onError: (error) => form.showServerError(error),
  });
  const next = params.get('next');
  const notice = signedOutNoticeOf(useLocation().state);

  if (challenge) {
    return (
      <AuthLayout title="Two-step verification" subtitle="One more step to keep your account safe.">
        <TwoFactorStep
          challenge={challenge}
          onRestart={(message) => {
            setChallenge(null);
            setValues({ ...values, password: '' });
            form.showMessage(message);
          }}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Welcome back"
      subtitle={next ? 'Sign in to continue where you left off.' : 'Sign in to your FinAIlytics account.'}
    >
      <form className="form-grid" noValidate onSubmit={form.handleSubmit(values, (input) => login.mutate(input))}>
        {notice ? <Alert kind="info">{notice}</Alert> : null}
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
        <PasswordField
          label="Password"
          name="password"
          value={values.password}
          error={form.errors.password}
          onChange={(password) => {
            setValues({ ...values, password });
            form.clearField('password');
          }}
        />
        <p style={{ marginTop: -8, textAlign: 'right', fontSize: '0.88rem' }}>
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
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
