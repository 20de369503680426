// /verify: a signed-in account whose address is not verified yet types the code from the
// mail (the link in it works too), asks for a new mail, or logs out.
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Button, Spinner, TextField, toast } from '@/components/ui';
import { queryKeys } from '@/features/live/queryKeys';
import { ApiError, errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import { signOut, useMe } from '@/app/session';
import { verifySchema } from '../schemas';
import { useAuthApi } from '../components/AuthApi';
import { AuthLayout } from '../components/AuthLayout';
import { formatWait } from '../components/errors';
import { FormAlert } from '../components/FormAlert';
import { useAuthForm } from '../components/useAuthForm';
import { useResendCode } from '../components/useResendCode';

/** Reloads the user from the server (now verified) and lets the route guards move them on. */
function useContinueVerified() {
  const auth = useAuthApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    await qc.fetchQuery({ queryKey: queryKeys.me, queryFn: () => auth.me(), staleTime: 0 }).catch(() => {
      // The server said verified; a failed reload should not keep the user on this screen.
      qc.setQueryData(queryKeys.me, (me: unknown) => (me ? { ...(me as object), email_verified: true } : me));
    });
    toast.success('Your e-mail address is verified. Welcome to OpenChat!');
    navigate(paths.friends, { replace: true });
  };
}

export default function VerifyEmailScreen() {
  const { me } = useMe();
  const auth = useAuthApi();
  const navigate = useNavigate();
  const continueVerified = useContinueVerified();
  const f = useAuthForm({
    schema: verifySchema,
    defaultValues: { code: '' },
    fields: ['code'],
    codeFields: { invalid_code: 'code' },
    submit: async ({ code }) => {
      try {
        await auth.verifyEmail(code);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'already_verified')) throw err;
      }
      await continueVerified();
    },
  });
  const resend = useResendCode(() => void continueVerified());

  async function logOut() {
    try {
      await signOut();
    } catch (err) {
      toast.error(errorMessage(err));
    }
    navigate(paths.login, { replace: true });
  }

  // The route guard shows this screen only with a user loaded; this covers the moment after logging out.
  if (!me)
    return (
      <div className="flex min-h-dvh items-center justify-center bg-rail">
        <Spinner size="lg" label="Loading…" />
      </div>
    );
  return (
    <AuthLayout
      title="Verify your e-mail"
      subtitle={
        <>
          We sent a 6-digit code to <strong className="wrap-anywhere text-heading">{me.email}</strong>.
        </>
      }
    >
      <div className="flex flex-col gap-4">
        <p className="text-sm text-muted">
          Enter the code below, or click the link in the mail: that works too. Check your spam folder if it has not
          arrived.
        </p>
        <form noValidate onSubmit={f.onSubmit} className="flex flex-col gap-4">
          {f.formError && <FormAlert>{f.formError}</FormAlert>}
          <TextField
            label="Verification code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={12}
            aria-required
            className="text-center font-mono text-lg tracking-[0.3em]"
            error={f.fieldError('code')}
            {...f.form.register('code')}
          />
          <Button type="submit" size="lg" className="w-full" loading={f.submitting}>
            Verify
          </Button>
        </form>
        <div className="flex flex-col gap-2">
          <Button
            variant="secondary"
            className="w-full"
            loading={resend.sending}
            disabled={resend.secondsLeft > 0}
            aria-describedby={resend.secondsLeft > 0 ? 'resend-wait' : undefined}
            onClick={() => void resend.resend()}
          >
            Send a new code
          </Button>
          {resend.secondsLeft > 0 && (
            <p id="resend-wait" role="status" className="text-center text-xs text-faint">
              You can ask for another code in {formatWait(resend.secondsLeft)}.
            </p>
          )}
        </div>
        <p className="text-center text-sm text-muted">
          Wrong address or account?{' '}
          <Button variant="link" onClick={() => void logOut()}>
            Log out
          </Button>
        </p>
      </div>
    </AuthLayout>
  );
}
