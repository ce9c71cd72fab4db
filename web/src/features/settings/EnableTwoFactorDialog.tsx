import { enableTwoFactorSchema, setupTwoFactorSchema } from '@finailytics/shared';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog, FormDialog } from '../../components/ui/Dialog';
import { Alert } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { useToast } from '../../components/ui/Toast';
import { useZodForm } from '../../lib/forms';
import { type RouterOutputs, trpc } from '../../lib/trpc';
import { PasswordField } from '../auth/PasswordField';

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
export function EnableTwoFactorDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
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
      <FormDialog
        open={open}
        onClose={close}
        title="Scan with your authenticator app"
        onSubmit={codeForm.handleSubmit({ code }, (input) => enable.mutate(input))}
        submitLabel="Turn on"
        pending={enable.isPending}
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
      </FormDialog>
    );
  }

  return (
    <FormDialog
      open={open}
      onClose={close}
      title="Turn on two-factor sign-in"
      onSubmit={passwordForm.handleSubmit({ password }, (input) => start.mutate(input))}
      submitLabel="Continue"
      pending={start.isPending}
    >
      <p>After your password, signing in will ask for a code from an authenticator app on your phone.</p>
      {passwordForm.formError ? <Alert>{passwordForm.formError}</Alert> : null}
      <PasswordField label="Password" value={password} error={passwordForm.errors.password} onChange={setPassword} />
    </FormDialog>
  );
}
