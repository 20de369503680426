// /login: username or e-mail and password, or the OpenID provider. ?next= is where to go
// afterwards; ?oidc_error= is a failed provider sign-in, said in words.
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, TextField } from '@/components/ui';
import { queryKeys } from '@/features/live/queryKeys';
import { paths, safeNext } from '@/app/paths';
import { loginSchema } from '../schemas';
import { useAuthApi } from '../components/AuthApi';
import { AuthLayout, AuthLink } from '../components/AuthLayout';
import { FormAlert } from '../components/FormAlert';
import { withNext } from '../components/nextPath';
import { OidcButton } from '../components/OidcButton';
import { oidcErrorMessage } from '../components/oidcErrors';
import { useAuthForm } from '../components/useAuthForm';

export default function LoginScreen() {
  const [params] = useSearchParams();
  const next = params.get('next');
  const oidcError = params.get('oidc_error');
  const auth = useAuthApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const f = useAuthForm({
    schema: loginSchema,
    defaultValues: { login: '', password: '' },
    fields: ['login', 'password'],
    submit: async (body) => {
      const me = await auth.login(body);
      qc.setQueryData(queryKeys.me, me);
      navigate(me.email_verified ? safeNext(next) : paths.verify, { replace: true });
    },
  });
  const { register } = f.form;
  return (
    <AuthLayout
      title="Welcome back!"
      subtitle="Log in to OpenChat."
      footer={
        <p>
          Need an account? <AuthLink to={withNext(paths.register, next)}>Create an account</AuthLink>
        </p>
      }
    >
      <div className="flex flex-col gap-4">
        <form noValidate onSubmit={f.onSubmit} className="flex flex-col gap-4">
          {f.formError ? (
            <FormAlert>{f.formError}</FormAlert>
          ) : (
            oidcError && <FormAlert>{oidcErrorMessage(oidcError)}</FormAlert>
          )}
          <TextField
            label="Username or e-mail"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            aria-required
            error={f.fieldError('login')}
            {...register('login')}
          />
          <div className="flex flex-col gap-1">
            <TextField
              label="Password"
              type="password"
              autoComplete="current-password"
              aria-required
              error={f.fieldError('password')}
              {...register('password')}
            />
            <AuthLink to={paths.forgot} className="self-start text-sm">
              Forgot your password?
            </AuthLink>
          </div>
          <Button type="submit" size="lg" className="w-full" loading={f.submitting}>
            Log in
          </Button>
        </form>
        <OidcButton next={next} />
      </div>
    </AuthLayout>
  );
}
