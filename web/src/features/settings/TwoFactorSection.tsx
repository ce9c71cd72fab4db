import {
  disableTwoFactorSchema,
  enableTwoFactorSchema,
  setupTwoFactorSchema,
  TWO_FACTOR_MESSAGES,
} from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useZodForm } from '../../lib/forms';
import { type RouterOutputs, trpc } from '../../lib/trpc';
import { PasswordField } from '../auth/PasswordField';
import { ResendVerificationButton } from '../auth/ResendVerificationButton';
import { useCurrentUser } from '../auth/session-hooks';

type Setup = RouterOutputs['user']['twoFactor']['setup'];

function downloadCodes(codes: string[]) {
  const text = `FinAIlytics recovery codes\nEach code signs you in once if you lose your authenticator.\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'finailytics-recovery-codes.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Password → scan the QR code (or type the key) → confirm a code → save the recovery codes. */
function EnableDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const passwordForm = useZodForm(setupTwoFactorSchema);
  const codeForm = useZodForm(enableTwoFactorSchema);
  const start = trpc.user.twoFactor.setup.useMutation({
    onSuccess: setSetup,
    onError: (error) => passwordForm.showServerError(error),
  });
  const enable = trpc.user.twoFactor.enable.useMutation({
    onSuccess: (result) => {
      setCodes(result.recoveryCodes);
      void utils.user.twoFactor.status.invalidate();
    },
    onError: (error) => codeForm.showServerError(error),
  });
  const close = () => {
    setPassword('');
    setCode('');
    setSetup(null);
    setCodes(null);
    passwordForm.reset();
    codeForm.reset();
    onClose();
  };

  if (codes) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title="Save your recovery codes"
        footer={
          <Button variant="primary" onClick={close}>
            I have saved them
          </Button>
        }
      >
        <Alert kind="warning">
          Each code signs you in once if you lose your phone. They are shown only now: keep them somewhere safe.
        </Alert>
        <ul className="recovery-codes num" aria-label="Recovery codes">
          {codes.map((value) => (
            <li key={value}>{value}</li>
          ))}
        </ul>
        <div className="toolbar">
          <Button
            onClick={() =>
              navigator.clipboard?.writeText(codes.join('\n')).then(
                () => toast.success('Recovery codes copied'),
                () => toast.error('Copying is not allowed here'),
              )
            }
          >
            Copy
          </Button>
          <Button onClick={() => downloadCodes(codes)}>Download</Button>
        </div>
      </Dialog>
    );
  }

  if (setup) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title="Scan with your authenticator app"
        onSubmit={() => {
          const input = codeForm.validate({ code });
          if (input) enable.mutate(input);
        }}
        footer={
          <>
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" loading={enable.isPending}>
              Turn on
            </Button>
          </>
        }
      >
        <div className="qr">
          <img src={setup.qrDataUrl} alt="QR code for your authenticator app" width={180} height={180} />
          <div>
            <p className="muted">Can't scan it? Enter this key in the app:</p>
            <code className="secret-key">{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </div>
        </div>
        {codeForm.formError ? <Alert>{codeForm.formError}</Alert> : null}
        <Field label="Code from the app" error={codeForm.errors.code}>
          <input
            className="input num"
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder="123 456"
            value={code}
            onChange={(event) => setCode(event.target.value)}
          />
        </Field>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Turn on two-factor sign-in"
      onSubmit={() => {
        const input = passwordForm.validate({ password });
        if (input) start.mutate(input);
      }}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" loading={start.isPending}>
            Continue
          </Button>
        </>
      }
    >
      <p>After your password, signing in will ask for a code from an authenticator app on your phone.</p>
      {passwordForm.formError ? <Alert>{passwordForm.formError}</Alert> : null}
      <PasswordField label="Password" value={password} error={passwordForm.errors.password} onChange={setPassword} />
    </Dialog>
  );
}

function DisableDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
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
    <Dialog
      open={open}
      onClose={close}
      title="Turn off two-factor sign-in?"
      onSubmit={() => {
        const input = form.validate({ password: values.password, [field]: values.code });
        if (input) disable.mutate(input);
      }}
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" loading={disable.isPending}>
            Turn off
          </Button>
        </>
      }
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
    </Dialog>
  );
}

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
      <EnableDialog open={dialog === 'enable'} onClose={() => setDialog(null)} />
      <DisableDialog open={dialog === 'disable'} onClose={() => setDialog(null)} />
    </>
  );
}
