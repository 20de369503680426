// "/": where the verification link and plain visits land. Says how e-mail verification went
// (the server puts the outcome in the query) and moves on to the right screen.
import { useEffect } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { toast } from '@/components/ui';
import { queryKeys } from '@/features/live/queryKeys';
import { queryClient } from './api';
import { PageSpinner } from './PageSpinner';
import { paths } from './paths';
import { useMe } from './session';

const VERIFY_ERRORS: Record<string, string> = {
  invalid_token: 'That verification link is not valid. Ask for a new one.',
  token_expired: 'That verification link has expired. Ask for a new one.',
  server_error: 'The server could not verify your e-mail just now. Try the link again.',
};

export function RootRedirect() {
  const [params] = useSearchParams();
  const verified = params.get('email_verified');
  const verifyError = params.get('email_verify_error');
  useEffect(() => {
    if (verified) {
      toast.success('Your e-mail address is verified.');
      void queryClient.invalidateQueries({ queryKey: queryKeys.me });
    } else if (verifyError) {
      toast.error(VERIFY_ERRORS[verifyError] ?? `E-mail verification failed (${verifyError}).`);
    }
  }, [verified, verifyError]);
  const { me } = useMe();
  if (me === undefined) return <PageSpinner />;
  if (me === null) return <Navigate to={paths.login} replace />;
  return <Navigate to={me.email_verified ? paths.friends : paths.verify} replace />;
}
