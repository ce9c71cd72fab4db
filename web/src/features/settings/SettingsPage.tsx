import { changePasswordSchema, deleteUserSchema, updateUserSchema } from '@finailytics/shared';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Alert, Avatar, Skeleton } from '../../components/ui/Feedback';
import { Field } from '../../components/ui/Field';
import { ThemeSwitch } from '../../components/ui/ThemeSwitch';
import { useToast } from '../../components/ui/Toast';
import { CURRENCIES } from '../../lib/currencies';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useZodForm } from '../../lib/forms';
import { usePageTitle } from '../../lib/page-title';
import { trpc } from '../../lib/trpc';
import { NewPasswordField, PasswordField } from '../auth/PasswordField';
import { endSessionEverywhere, useCurrentUser } from '../auth/session-hooks';
import { readAvatarFile } from './avatar-file';
import { TwoFactorStatusPanel } from './TwoFactorSection';
import { timeZones } from './time-zones';

function Section({
  title,
  description,
  children,
  danger,
}: {
  title: string;
  description: string;
  children: ReactNode;
  danger?: boolean;
}) {
  return (
    <section className={`card settings-section${danger ? ' danger-zone' : ''}`} aria-labelledby={`${title}-heading`}>
      <header>
        <h2 id={`${title}-heading`}>{title}</h2>
        <p>{description}</p>
      </header>
      <div className="form-grid">{children}</div>
    </section>
  );
}

type Me = NonNullable<ReturnType<typeof useCurrentUser>['data']>;

function ProfileSection({ user }: { user: Me }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const zones = useMemo(timeZones, []);
  const [values, setValues] = useState({ name: user.name, timezone: user.timezone, currency: user.currency });
  const form = useZodForm(updateUserSchema);
  const fileInput = useRef<HTMLInputElement>(null);
  const [pictureError, setPictureError] = useState<string | null>(null);

  const onSaved = (updated: Me) => utils.user.me.setData(undefined, updated);
  const update = trpc.user.update.useMutation({
    onSuccess: (updated) => {
      onSaved(updated);
      toast.success('Profile saved');
    },
    onError: (error) => form.showServerError(error),
  });
  const upload = trpc.user.uploadAvatar.useMutation({
    onSuccess: (updated) => {
      onSaved(updated);
      toast.success('Profile picture updated');
    },
    onError: (error) => toast.error(error),
  });
  const removePicture = trpc.user.update.useMutation({
    onSuccess: (updated) => {
      onSaved(updated);
      toast.success('Profile picture removed');
    },
    onError: (error) => toast.error(error),
  });

  return (
    <Section title="Profile" description="Your name, picture, and how amounts and dates are shown.">
      <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
        <Avatar name={user.name} src={user.profilePicture} large />
        <div style={{ display: 'grid', gap: 6 }}>
          <div className="toolbar">
            <Button onClick={() => fileInput.current?.click()} loading={upload.isPending}>
              Upload picture
            </Button>
            {user.profilePicture ? (
              <Button variant="ghost" onClick={() => removePicture.mutate({ profilePicture: null })}>
                Remove
              </Button>
            ) : null}
          </div>
          <span className="field-hint">PNG, JPEG or WebP, up to 2 MB.</span>
          {pictureError ? <span className="field-error">{pictureError}</span> : null}
        </div>
        <input
          ref={fileInput}
          type="file"
          accept="image/png,image/jpeg,image/webp"
          aria-label="Profile picture file"
          hidden
          onChange={async (event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (!file) return;
            const checked = await readAvatarFile(file);
            setPictureError(checked.ok ? null : checked.message);
            if (checked.ok) upload.mutate({ data: checked.base64 });
          }}
        />
      </div>
      <form
        className="form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const input = form.validate(values);
          if (input) update.mutate(input);
        }}
      >
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <Field label="Full name" error={form.errors.name}>
          <input
            className="input"
            value={values.name}
            onChange={(event) => setValues({ ...values, name: event.target.value })}
          />
        </Field>
        <Field label="Email" hint="Your sign-in address cannot be changed here.">
          <input className="input" value={user.email} readOnly />
        </Field>
        <div className="form-row">
          <Field label="Time zone" error={form.errors.timezone}>
            <select
              className="select"
              value={values.timezone}
              onChange={(event) => setValues({ ...values, timezone: event.target.value })}
            >
              {(zones.includes(values.timezone) ? zones : [values.timezone, ...zones]).map((zone) => (
                <option key={zone}>{zone}</option>
              ))}
            </select>
          </Field>
          <Field label="Currency" error={form.errors.currency}>
            <select
              className="select"
              value={values.currency}
              onChange={(event) => setValues({ ...values, currency: event.target.value })}
            >
              {(CURRENCIES as readonly string[]).includes(values.currency) ? null : <option>{values.currency}</option>}
              {CURRENCIES.map((code) => (
                <option key={code}>{code}</option>
              ))}
            </select>
          </Field>
        </div>
        <div>
          <Button type="submit" variant="primary" loading={update.isPending}>
            Save profile
          </Button>
        </div>
      </form>
    </Section>
  );
}

const passwordChange = changePasswordSchema();

function PasswordSection() {
  const toast = useToast();
  const empty = { currentPassword: '', newPassword: '', confirm: '' };
  const [values, setValues] = useState(empty);
  const form = useZodForm(passwordChange);
  const [confirmError, setConfirmError] = useState<string | undefined>();
  const change = trpc.user.changePassword.useMutation({
    onSuccess: (result) => {
      setValues(empty);
      toast.success(
        result.revokedSessions > 0
          ? `Password changed. ${result.revokedSessions} other session${result.revokedSessions === 1 ? ' was' : 's were'} signed out.`
          : 'Password changed.',
      );
    },
    onError: (error) => form.showServerError(error),
  });
  return (
    <Section title="Password" description="Changing it signs out every other device.">
      <form
        className="form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const input = form.validate(values);
          const mismatch = values.confirm !== values.newPassword ? 'The passwords do not match' : undefined;
          setConfirmError(mismatch);
          if (input && !mismatch) change.mutate(input);
        }}
      >
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <PasswordField
          label="Current password"
          value={values.currentPassword}
          error={form.errors.currentPassword}
          onChange={(currentPassword) => setValues({ ...values, currentPassword })}
        />
        <div className="form-row">
          <NewPasswordField
            label="New password"
            value={values.newPassword}
            error={form.errors.newPassword}
            onChange={(newPassword) => setValues({ ...values, newPassword })}
          />
          <PasswordField
            label="Confirm new password"
            autoComplete="new-password"
            value={values.confirm}
            error={confirmError}
            onChange={(confirm) => setValues({ ...values, confirm })}
          />
        </div>
        <div>
          <Button type="submit" variant="primary" loading={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Section>
  );
}

function describeAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Chrome\//.test(userAgent)
      ? 'Chrome'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

function SessionsSection() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const utils = trpc.useUtils();
  const sessions = trpc.auth.sessions.useQuery();
  const revoke = trpc.auth.revokeSession.useMutation({
    onSuccess: (_result, input) => {
      if (sessions.data?.find((item) => item.id === input.sessionId)?.current) endSessionEverywhere(queryClient);
      else {
        toast.success('Device signed out');
        void utils.auth.sessions.invalidate();
      }
    },
    onError: (error) => toast.error(error),
  });
  const logoutAll = trpc.auth.logoutAll.useMutation({
    onSuccess: () => endSessionEverywhere(queryClient),
    onError: (error) => toast.error(error),
  });
  return (
    <Section
      title="Active sessions"
      description="Devices signed in to your account. Sign out any you do not recognise."
    >
      {sessions.isLoading ? (
        <Skeleton height={120} />
      ) : sessions.error ? (
        <Alert>{errorMessage(sessions.error)}</Alert>
      ) : (
        <ul className="list card">
          {sessions.data?.map((item) => (
            <li key={item.id} className="list-row list-row-wrap">
              <div className="grow">
                <div className="title">
                  {describeAgent(item.userAgent)}{' '}
                  {item.current ? <span className="badge badge-primary">This device</span> : null}
                </div>
                <div className="sub">
                  {item.ip} · last active {formatDateTime(item.lastUsedAt)} · signed in {formatDateTime(item.createdAt)}
                </div>
              </div>
              <Button size="sm" onClick={() => revoke.mutate({ sessionId: item.id })} disabled={revoke.isPending}>
                {item.current ? 'Sign out this device' : 'Sign out'}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <Button variant="danger" onClick={() => logoutAll.mutate()} loading={logoutAll.isPending}>
          Sign out everywhere
        </Button>
      </div>
    </Section>
  );
}

function DeleteAccountSection() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const form = useZodForm(deleteUserSchema);
  const remove = trpc.user.delete.useMutation({
    onSuccess: () => endSessionEverywhere(queryClient),
    onError: (error) => form.showServerError(error),
  });
  const close = () => {
    setOpen(false);
    setPassword('');
    form.reset();
  };
  return (
    <Section title="Delete account" description="Removes your account, transactions and reports for good." danger>
      <div>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete my account
        </Button>
      </div>
      <Dialog
        open={open}
        onClose={close}
        title="Delete your account?"
        onSubmit={() => {
          const input = form.validate({ password });
          if (input) remove.mutate(input);
        }}
        footer={
          <>
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="danger" loading={remove.isPending}>
              Delete permanently
            </Button>
          </>
        }
      >
        <p>
          This cannot be undone. Every transaction, report and session goes with it. Enter your password to confirm.
        </p>
        {form.formError ? <Alert>{form.formError}</Alert> : null}
        <PasswordField label="Password" value={password} error={form.errors.password} onChange={setPassword} />
      </Dialog>
    </Section>
  );
}

export default function SettingsPage() {
  usePageTitle('Settings');
  const user = useCurrentUser();
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p>Manage your profile, security and sessions.</p>
        </div>
      </div>
      <div className="settings-grid">
        {user.data ? <ProfileSection user={user.data} /> : <Skeleton height={260} />}
        <Section title="Appearance" description="Light, dark, or follow this device.">
          <ThemeSwitch />
        </Section>
        <PasswordSection />
        <Section title="Two-factor sign-in" description="A code from an authenticator app, asked after your password.">
          <TwoFactorStatusPanel />
        </Section>
        <SessionsSection />
        <DeleteAccountSection />
      </div>
    </div>
  );
}
