import { TWO_FACTOR_MESSAGES } from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { ResendVerificationButton } from '../auth/ResendVerificationButton';
import { useCurrentUser } from '../auth/session-hooks';
import { DisableTwoFactorDialog } from './DisableTwoFactorDialog';
import { EnableTwoFactorDialog } from './EnableTwoFactorDialog';

export function TwoFactorStatusPanel() {
  const status = trpc.user.twoFactor.status.useQuery();
  // The server refuses two-factor sign-in for an unverified address; say so before the dialog does.
  const unverified = useCurrentUser().data?.emailVerified === false;
  const [dialog, setDialog] = useState<'enable' | 'disable' | null>(null);
  if (status.isLoading) return <Skeleton height={60} />;
  if (status.error) return <Alert>{errorMessage(status.error)}</Alert>;
  const data = status.data;
  return (
    <>
      {data?.enabled ? (
        <>
          <p>
            <span className="badge badge-income">On</span>{' '}
            {data.enabledAt ? `since ${formatDateTime(data.enabledAt)}` : ''}. {data.recoveryCodesLeft} recovery code
            {data.recoveryCodesLeft === 1 ? '' : 's'} left.
          </p>
          {data.recoveryCodesLeft <= 3 ? (
            <Alert kind="warning">
              Few recovery codes are left. Turn two-factor sign-in off and on again for new ones.
            </Alert>
          ) : null}
          <div>
            <Button onClick={() => setDialog('disable')}>Turn off</Button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">Off. Turn it on so a stolen password alone cannot open your account.</p>
          <div>
            <Button
              variant="primary"
              disabled={unverified}
              aria-describedby={unverified ? 'two-factor-hint' : undefined}
              onClick={() => setDialog('enable')}
            >
              Turn on two-factor sign-in
            </Button>
          </div>
          {unverified ? (
            <div className="toolbar">
              <span className="field-hint" id="two-factor-hint">
                {TWO_FACTOR_MESSAGES.verifyEmailFirst}
              </span>
              <ResendVerificationButton />
            </div>
          ) : null}
        </>
      )}
      <EnableTwoFactorDialog open={dialog === 'enable'} onClose={() => setDialog(null)} />
      <DisableTwoFactorDialog open={dialog === 'disable'} onClose={() => setDialog(null)} />
    </>
  );
}
