// Deleting the account (DELETE /users/me): proven with the password, or, for an account that
// has none (the server says which it needs), with the username. Afterwards nothing of the
// account stays in memory and the page goes to the sign-in screen.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from '@/components/ui';
import { ApiError, errorMessage } from '@/lib/api/client';
import { useSession } from '@/app/session';
import { settingsApi } from '../api';
import { deleteAccountSchema } from '../schemas';
import { useForgetAccount } from './useLeaveSettings';

export function useDeleteAccount() {
  const { api } = useSession();
  const forget = useForgetAccount();
  const [withPassword, setWithPassword] = useState(true);
  const schema = useMemo(() => deleteAccountSchema(withPassword), [withPassword]);
  const form = useForm<{ secret: string }>({ resolver: zodResolver(schema), defaultValues: { secret: '' } });

  const submit = form.handleSubmit(async ({ secret }) => {
    try {
      await settingsApi(api).deleteAccount(withPassword ? { password: secret } : { confirm: secret });
    } catch (err) {
      if (err instanceof ApiError && err.field === 'confirm' && withPassword) {
        // This account signs in through a provider only: it confirms with the username.
        setWithPassword(false);
        form.reset({ secret: '' });
        form.setError('secret', { message: 'Your account has no password: type your username to confirm.' });
        return;
      }
      if (err instanceof ApiError && err.field === 'password' && !withPassword) setWithPassword(true);
      const fieldLevel =
        err instanceof ApiError &&
        (err.code === 'wrong_password' || err.code === 'confirmation_mismatch' || err.code === 'invalid_field');
      form.setError(fieldLevel ? 'secret' : 'root.server', { message: errorMessage(err) });
      return;
    }
    toast.success('Your account was deleted.');
    forget();
  });

  const reset = () => form.reset({ secret: '' });
  return { form, submit, withPassword, reset };
}
