// Every screen as a lazy chunk: a first visit downloads only what the screen shown needs.
// The signed-in chunks most sessions open first are fetched and evaluated while the sign-in
// screen waits for the person to type, so pressing "Log in" does not wait for them. A screen
// whose module is already loaded renders straight away instead of suspending: a suspended
// route shows its fallback and React then holds the content back for a throttle interval
// (up to 300 ms), which is most of what signing in would otherwise wait for.
import { type ComponentType, createElement, lazy } from 'react';

type Loader = () => Promise<{ default: ComponentType }>;

export interface Screen {
  (): ReturnType<typeof createElement>;
  /** Fetches and evaluates the screen's chunk; resolves once it renders without suspending. */
  preload(): Promise<unknown>;
}

export function lazyScreen(load: Loader): Screen {
  let loaded: ComponentType | null = null;
  let pending: Promise<{ default: ComponentType }> | null = null;
  const once = () => {
    pending ??= load().then(
      (m) => {
        loaded = m.default;
        return m;
      },
      (err: unknown) => {
        pending = null; // a failed fetch (a flaky network, a new deployment) may be tried again
        throw err;
      },
    );
    return pending;
  };
  const Lazy = lazy(once);
  const render = () => createElement(loaded ?? Lazy);
  return Object.assign(render, { preload: once });
}

export const AppShell = lazyScreen(() => import('./shell/AppShell'));
export const FriendsScreen = lazyScreen(() => import('@/features/friends/screens/FriendsScreen'));
export const DmScreen = lazyScreen(() => import('@/features/chat/screens/DmScreen'));
export const ChannelScreen = lazyScreen(() => import('@/features/chat/screens/ChannelScreen'));
export const ZoneScreen = lazyScreen(() => import('@/features/zones/screens/ZoneScreen'));
export const LoginScreen = lazyScreen(() => import('@/features/auth/screens/LoginScreen'));
export const RegisterScreen = lazyScreen(() => import('@/features/auth/screens/RegisterScreen'));
export const VerifyEmailScreen = lazyScreen(() => import('@/features/auth/screens/VerifyEmailScreen'));
export const ForgotPasswordScreen = lazyScreen(() => import('@/features/auth/screens/ForgotPasswordScreen'));
export const ResetPasswordScreen = lazyScreen(() => import('@/features/auth/screens/ResetPasswordScreen'));
export const InviteScreen = lazyScreen(() => import('@/features/zones/screens/InviteScreen'));
export const ZoneSettingsScreen = lazyScreen(() => import('@/features/zones/screens/ZoneSettingsScreen'));
export const SettingsScreen = lazyScreen(() => import('@/features/settings/screens/SettingsScreen'));

let preloaded = false;

/** Loads the shell and the usual first screens once the browser is idle. Failures are
 * ignored: the route loads (and reports) them again when it is opened. */
export function preloadSignedIn() {
  if (preloaded) return;
  preloaded = true;
  const run = () =>
    void Promise.all([AppShell, FriendsScreen, DmScreen, ChannelScreen, ZoneScreen].map((s) => s.preload())).catch(
      () => undefined,
    );
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
