// /reset-password?token=…: the link in the reset mail, open signed in or out. Without a token
// (a link cut short, or typed by hand) it takes the address and the code from the mail.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { paths } from '@/app/paths';
import { AuthLayout, AuthLink } from '../components/AuthLayout';
import { ResetDone, useForgetSession } from '../components/ResetDone';
import { ResetPasswordForm } from '../components/ResetPasswordForm';

export default function ResetPasswordScreen() {
  const [params] = useSearchParams();
  const token = params.get('token')?.trim() || undefined;
  const [done, setDone] = useState(false);
  const forgetSession = useForgetSession();

  if (done)
    return (
      <AuthLayout title="Password changed">
        <ResetDone />
      </AuthLayout>
    );

  return (
    <AuthLayout
      title="Choose a new password"
      subtitle={
        token
          ? 'Pick a password you do not use anywhere else.'
          : 'Enter your e-mail address and the 6-digit code from the reset mail, then your new password.'
      }
      footer={
        <>
          <p>
            {token ? 'Link expired or not working?' : 'No reset mail?'}{' '}
            <AuthLink to={paths.forgot}>Ask for a new reset e-mail</AuthLink>
          </p>
          <p>
            <AuthLink to={paths.login}>Back to Log in</AuthLink>
          </p>
        </>
      }
    >
      <ResetPasswordForm
        token={token}
        onDone={() => {
          forgetSession();
          setDone(true);
        }}
      />
    </AuthLayout>
  );
}
