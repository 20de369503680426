// /register: a new account (e-mail, username, optional display name, password), or the
// OpenID provider. A new account is unverified, so it goes on to the verification screen.
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, TextField } from '@/components/ui';
import { queryKeys } from '@/features/live/queryKeys';
import { paths } from '@/app/paths';
import { PASSWORD_HINT, registerSchema } from '../schemas';
import { useAuthApi } from '../components/AuthApi';
import { AuthLayout, AuthLink } from '../components/AuthLayout';
import { FormAlert } from '../components/FormAlert';
import { withNext } from '../components/nextPath';
import { OidcButton } from '../components/OidcButton';
import { useAuthForm } from '../components/useAuthForm';

export default function RegisterScreen() {
  const [params] = useSearchParams();
  const next = params.get('next');
  const auth = useAuthApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const f = useAuthForm({
    schema: registerSchema,
    defaultValues: { email: '', username: '', display_name: '', password: '' },
    fields: ['email', 'username', 'display_name', 'password'],
    submit: async (body) => {
      const me = await auth.register(body);
      qc.setQueryData(queryKeys.me, me);
      navigate(paths.verify, { replace: true });
    },
  });
  const { register } = f.form;
  return (
    <AuthLayout
      title="Create an account"
      subtitle="Chat with your friends and groups."
      footer={
        <p>
          Already have an account? <AuthLink to={withNext(paths.login, next)}>Log in</AuthLink>
        </p>
      }
    >
      <div className="flex flex-col gap-4">
        <form noValidate onSubmit={f.onSubmit} className="flex flex-col gap-4">
          {f.formError && <FormAlert>{f.formError}</FormAlert>}
          <TextField
            label="E-mail"
            type="email"
            autoComplete="email"
            aria-required
            hint="We send a code to this address to confirm it is yours."
            error={f.fieldError('email')}
            {...register('email')}
          />
          <TextField
            label="Username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            aria-required
            hint='3 to 32 characters: letters a-z, digits, "_" and ".".'
            error={f.fieldError('username')}
            {...register('username')}
          />
          <TextField
            label="Display name"
            autoComplete="nickname"
            hint="Optional: how others see you. It defaults to your username."
            error={f.fieldError('display_name')}
            {...register('display_name')}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="new-password"
            aria-required
            hint={PASSWORD_HINT}
            error={f.fieldError('password')}
            {...register('password')}
          />
          <Button type="submit" size="lg" className="w-full" loading={f.submitting}>
            Create account
          </Button>
        </form>
        <OidcButton next={next} />
      </div>
    </AuthLayout>
  );
}
