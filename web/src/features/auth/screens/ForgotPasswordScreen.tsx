// /forgot-password: asks for a reset mail, then takes the code from it with the new password
// (the mail's link leads to /reset-password instead). The answer never says whether an
// account has the address.
import { useState } from 'react';
import { Button, TextField } from '@/components/ui';
import { paths } from '@/app/paths';
import { resetRequestSchema } from '../schemas';
import { useAuthApi } from '../components/AuthApi';
import { AuthLayout, AuthLink } from '../components/AuthLayout';
import { FormAlert, FormNotice } from '../components/FormAlert';
import { ResetDone, useForgetSession } from '../components/ResetDone';
import { ResetPasswordForm } from '../components/ResetPasswordForm';
import { useAuthForm } from '../components/useAuthForm';

type Step = { at: 'ask'; email: string } | { at: 'sent'; email: string } | { at: 'done' };

function AskForm({ email, onSent }: { email: string; onSent(email: string): void }) {
  const auth = useAuthApi();
  const f = useAuthForm({
    schema: resetRequestSchema,
    defaultValues: { email },
    fields: ['email'],
    submit: async (v) => {
      await auth.requestReset(v.email);
      onSent(v.email);
    },
  });
  return (
    <form noValidate onSubmit={f.onSubmit} className="flex flex-col gap-4">
      {f.formError && <FormAlert>{f.formError}</FormAlert>}
      <TextField
        label="E-mail"
        type="email"
        autoComplete="email"
        aria-required
        error={f.fieldError('email')}
        {...f.form.register('email')}
      />
      <Button type="submit" size="lg" className="w-full" loading={f.submitting}>
        Send reset e-mail
      </Button>
    </form>
  );
}

export default function ForgotPasswordScreen() {
  const [step, setStep] = useState<Step>({ at: 'ask', email: '' });
  const forgetSession = useForgetSession();
  const footer = (
    <p>
      Remembered it? <AuthLink to={paths.login}>Log in</AuthLink>
    </p>
  );

  if (step.at === 'done')
    return (
      <AuthLayout title="Password changed">
        <ResetDone />
      </AuthLayout>
    );

  if (step.at === 'sent')
    return (
      <AuthLayout title="Check your inbox" footer={footer}>
        <div className="flex flex-col gap-4">
          <FormNotice>
            If an OpenChat account uses <strong className="wrap-anywhere">{step.email}</strong>, we have sent it a mail
            with a link and a 6-digit code. Open the link, or enter the code here with your new password. Both
            expire in 1 hour.
          </FormNotice>
          <ResetPasswordForm
            email={step.email}
            onDone={() => {
              forgetSession();
              setStep({ at: 'done' });
            }}
          />
          <Button variant="link" className="self-center text-sm" onClick={() => setStep({ at: 'ask', email: step.email })}>
            No mail? Check the address or send it again
          </Button>
        </div>
      </AuthLayout>
    );

  return (
    <AuthLayout
      title="Forgot your password?"
      subtitle="Enter your account's e-mail address and we will send you a link and a code to choose a new one."
      footer={footer}
    >
      <AskForm email={step.email} onSent={(email) => setStep({ at: 'sent', email })} />
    </AuthLayout>
  );
}
