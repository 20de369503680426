// "Continue with <provider>": shown only when the server has sign-in with an OpenID provider
// on (GET /auth/oidc). It is a browser navigation, not a fetch: the server answers with
// redirects to the provider and back.
import { useQuery } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { Button } from '@/components/ui';
import { safeNext } from '@/app/paths';
import type { OidcConfig } from '../api';
import { useAuthApi } from './AuthApi';

/** Not a live-updated resource, so it keeps its own key outside queryKeys. */
export const oidcConfigKey = ['auth', 'oidc'] as const;

/** The provider's name when sign-in with it is on; null when off, unknown yet, or unreachable. */
export function useOidcProvider(): string | null {
  const auth = useAuthApi();
  const q = useQuery<OidcConfig>({
    queryKey: oidcConfigKey,
    queryFn: () => auth.oidcConfig(),
    staleTime: 5 * 60_000,
    retry: false,
  });
  return q.data?.enabled ? q.data.name || 'your provider' : null;
}

/**
 * The path the server may send the browser back to: it accepts only "/" and printable ASCII
 * without spaces or "\", at most 512 characters; anything else would end on a JSON error page.
 */
export function oidcRedirect(next: string | null | undefined): string {
  const path = safeNext(next);
  return /^\/[\x21-\x5b\x5d-\x7e]*$/.test(path) && path.length <= 512 ? path : safeNext(null);
}

/** Replaced in tests: jsdom cannot navigate. */
export const browser = {
  go(url: string) {
    window.location.assign(url);
  },
};

export function OidcButton({ next }: { next: string | null }) {
  const name = useOidcProvider();
  const auth = useAuthApi();
  if (!name) return null;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-3 text-xs font-semibold uppercase text-faint" aria-hidden>
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      <Button
        variant="secondary"
        size="lg"
        className="w-full"
        onClick={() => browser.go(auth.oidcStartUrl(oidcRedirect(next)))}
      >
        <KeyRound aria-hidden className="size-4" />
        Continue with {name}
      </Button>
    </div>
  );
}
