// Route guards: signed-in screens need a verified account (the server refuses most actions
// before that), the verification screen needs a signed-in unverified one, and the sign-in
// screens send a signed-in user on to the app.
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useSearchParams } from 'react-router';
import { Button } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { PageSpinner } from './PageSpinner';
import { paths, safeNext } from './paths';
import { preloadSignedIn } from './screens';
import { SessionProvider, useMe } from './session';

function LoadFailed({ error }: { error: unknown }) {
  return (
    <div role="alert" className="flex min-h-dvh flex-col items-center justify-center gap-4 bg-chat p-6 text-center text-normal">
      <p className="max-w-md">{errorMessage(error)}</p>
      <Button onClick={() => window.location.reload()}>Try again</Button>
    </div>
  );
}

export function RequireAuth() {
  const { me, error } = useMe();
  const location = useLocation();
  if (me === undefined) return error ? <LoadFailed error={error} /> : <PageSpinner />;
  if (me === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`${paths.login}?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!me.email_verified) return <Navigate to={paths.verify} replace />;
  return (
    <SessionProvider me={me}>
      <Outlet />
    </SessionProvider>
  );
}

export function RequireUnverified() {
  const { me, error } = useMe();
  if (me === undefined) return error ? <LoadFailed error={error} /> : <PageSpinner />;
  if (me === null) return <Navigate to={paths.login} replace />;
  if (me.email_verified) return <Navigate to={paths.friends} replace />;
  return <Outlet />;
}

export function RequireSignedOut() {
  const { me, error } = useMe();
  const [params] = useSearchParams();
  useEffect(() => {
    if (me === null) preloadSignedIn();
  }, [me]);
  if (me === undefined) return error ? <LoadFailed error={error} /> : <PageSpinner />;
  if (me) return <Navigate to={me.email_verified ? safeNext(params.get('next')) : paths.verify} replace />;
  return <Outlet />;
}
