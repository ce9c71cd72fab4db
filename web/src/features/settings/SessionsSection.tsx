import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/ui/Button';
import { Alert, Skeleton } from '../../components/ui/Feedback';
import { useToast } from '../../components/ui/Toast';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { trpc } from '../../lib/trpc';
import { endSessionEverywhere } from '../auth/session-hooks';
import { describeAgent } from './describe-agent';
import { SettingsSection } from './SettingsSection';

export function SessionsSection() {
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
    <SettingsSection
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
    </SettingsSection>
  );
}
