// Setting a new password from a reset mail, with either of its secrets: the link's token, or
// the address and the 6-digit code. Used by /reset-password and by the forgot-password screen.
import { Button, TextField } from '@/components/ui';
import { PASSWORD_HINT, resetConfirmSchema } from '../schemas';
import { useAuthApi } from './AuthApi';
import { FormAlert } from './FormAlert';
import { useAuthForm } from './useAuthForm';

export interface ResetPasswordFormProps {
  /** The link's token: then only the new password is asked. */
  token?: string | undefined;
  /** The address the mail went to, when known: then it is not asked again. */
  email?: string | undefined;
  onDone(): void;
}

export function ResetPasswordForm({ token, email, onDone }: ResetPasswordFormProps) {
  const auth = useAuthApi();
  const askEmail = !token && !email;
  const askCode = !token;
  const f = useAuthForm({
    schema: resetConfirmSchema,
    defaultValues: { token: token ?? '', email: email ?? '', code: '', new_password: '', confirm: '' },
    // The token and a known address are not fields here: their refusals go to the form.
    fields: [...(askEmail ? (['email'] as const) : []), ...(askCode ? (['code'] as const) : []), 'new_password'],
    codeFields: askCode ? { invalid_code: 'code' } : {},
    submit: async (v) => {
      await auth.confirmReset(
        token
          ? { token, new_password: v.new_password }
          : { email: (v.email ?? '').trim().toLowerCase(), code: (v.code ?? '').trim(), new_password: v.new_password },
      );
      onDone();
    },
  });
  const { register } = f.form;
  return (
    <form noValidate onSubmit={f.onSubmit} className="flex flex-col gap-4">
      {f.formError && <FormAlert>{f.formError}</FormAlert>}
      {askEmail && (
        <TextField
          label="E-mail"
          type="email"
          autoComplete="email"
          aria-required
          error={f.fieldError('email')}
          {...register('email')}
        />
      )}
      {askCode && (
        <TextField
          label="Code"
          hint="The 6 digits from the mail."
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={12}
          aria-required
          error={f.fieldError('code')}
          {...register('code')}
        />
      )}
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={PASSWORD_HINT}
        aria-required
        error={f.fieldError('new_password')}
        {...register('new_password')}
      />
      <TextField
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        aria-required
        error={f.fieldError('confirm')}
        {...register('confirm')}
      />
      <Button type="submit" size="lg" className="w-full" loading={f.submitting}>
        Reset password
      </Button>
    </form>
  );
}
