// Shown when a screen throws while rendering or its code cannot be loaded (a new version was
// deployed and the old chunk is gone): the words, and a way out.
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { Button } from '@/components/ui';

export function RouteError() {
  const err = useRouteError();
  const message = isRouteErrorResponse(err)
    ? `${err.status} ${err.statusText}`
    : err instanceof Error
      ? err.message
      : 'Something went wrong.';
  return (
    <div role="alert" className="flex min-h-dvh flex-col items-center justify-center gap-4 bg-chat p-6 text-center text-normal">
      <h1 className="text-2xl font-bold text-heading">This page hit a problem</h1>
      <p className="max-w-md text-muted">{message}</p>
      <Button onClick={() => window.location.reload()}>Reload OpenChat</Button>
    </div>
  );
}
