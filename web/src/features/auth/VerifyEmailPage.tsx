import { ACCOUNT_MESSAGES } from '@finailytics/shared';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../components/ui/Feedback';
import { errorMessage } from '../../lib/errors';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { AuthLayout } from './AuthLayout';
import { Splash } from './AuthProvider';
import { useLinkToken } from './link-token';
import { useSessionStatus } from './session-hooks';

export default function VerifyEmailPage() {
  usePageTitle('Verify your e-mail');
  const token = useLinkToken();
  const status = useSessionStatus();
  const utils = trpc.useUtils();
  const verify = trpc.auth.verifyEmail.useMutation({ onSuccess: () => utils.user.me.invalidate() });
  const sent = useRef(false);
  useEffect(() => {
    // Once per page load, even under StrictMode's double effects: the token is single-use.
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate({ token });
    }
  }, [token, verify]);

  if (status === 'unknown' || (token && (verify.isIdle || verify.isPending))) return <Splash />;
  const next = status === 'signed-in' ? { to: '/', label: 'Go to your overview' } : { to: '/signin', label: 'Sign in' };
  return (
    <AuthLayout title="Verify your e-mail" subtitle="Confirming the address your reports go to.">
      {verify.isSuccess ? (
        <Alert kind="info">{ACCOUNT_MESSAGES.emailVerified}</Alert>
      ) : (
        <Alert>{token ? errorMessage(verify.error) : ACCOUNT_MESSAGES.invalidLink}</Alert>
      )}
      <Link to={next.to} className="btn btn-primary btn-block">
        {next.label}
      </Link>
    </AuthLayout>
  );
}
