// The password change form (POST /auth/password). The server signs out every other session;
// an account that signs in only through a provider may set a first password without the
// current one.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { authApi, formErrorOf } from '@/features/auth/api';
import { passwordChangeSchema } from '@/features/auth/schemas';
import { ApiError } from '@/lib/api/client';
import { useSession } from '@/app/session';
import { sessionsKey } from '../api';

type Schema = ReturnType<typeof passwordChangeSchema>;

export function useChangePassword() {
  const { api } = useSession();
  const qc = useQueryClient();
  const [hasPassword, setHasPassword] = useState(true);
  const [done, setDone] = useState(false);
  const schema = useMemo(() => passwordChangeSchema(hasPassword), [hasPassword]);
  const form = useForm<z.input<Schema>, unknown, z.output<Schema>>({
    resolver: zodResolver(schema),
    defaultValues: { current_password: '', new_password: '', confirm: '' },
  });

  const submit = form.handleSubmit(async (v) => {
    setDone(false);
    try {
      await authApi(api).changePassword({
        ...(hasPassword && v.current_password ? { current_password: v.current_password } : {}),
        new_password: v.new_password,
      });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'wrong_password') {
        form.setError('current_password', { message: err.message });
        return;
      }
      const { field, message } = formErrorOf(err, ['current_password', 'new_password'] as const);
      if (field === 'current_password') setHasPassword(true);
      form.setError(field ?? 'root.server', { message });
      return;
    }
    form.reset();
    setDone(true);
    void qc.invalidateQueries({ queryKey: sessionsKey });
  });

  return { form, submit, done, hasPassword, setHasPassword };
}
