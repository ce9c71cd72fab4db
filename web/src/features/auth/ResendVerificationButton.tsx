import { Button } from '../../components/ui/Button';
import { useToast } from '../../components/ui/Toast';
import { trpc } from '../../lib/trpc';

/** Asks for a new verification link; wherever an unverified address stops something, the way out is one click. */
export function ResendVerificationButton() {
  const toast = useToast();
  const resend = trpc.auth.resendVerification.useMutation({
    onSuccess: (result) => toast.success(result.message),
    onError: (error) => toast.error(error),
  });
  return (
    <Button size="sm" loading={resend.isPending} disabled={resend.isSuccess} onClick={() => resend.mutate()}>
      {resend.isSuccess ? 'Link sent' : 'Resend link'}
    </Button>
  );
}
