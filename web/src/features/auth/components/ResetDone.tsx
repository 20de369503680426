// After a password reset: the server signed out every session of the account (this browser's
// too), so the cached user is dropped and the way on is logging in again.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryKeys } from '@/features/live/queryKeys';
import { paths } from '@/app/paths';
import { AuthButtonLink } from './AuthLayout';
import { FormNotice } from './FormAlert';

/** Forgets the signed-in user and everything cached for them, as signing out does. */
export function useForgetSession(): () => void {
  const qc = useQueryClient();
  return useCallback(() => {
    qc.clear();
    qc.setQueryData(queryKeys.me, null);
  }, [qc]);
}

export function ResetDone() {
  return (
    <div className="flex flex-col gap-4">
      <FormNotice>
        Your password is changed. For your safety, every session of your account was signed out, on all your
        devices. Log in with your new password.
      </FormNotice>
      <AuthButtonLink to={paths.login}>Log in</AuthButtonLink>
    </div>
  );
}
