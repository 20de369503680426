// Every screen as a lazy chunk: a first visit downloads only what the screen shown needs.
// The signed-in chunks most sessions open first are fetched and evaluated while the sign-in
// screen waits for the person to type, so pressing "Log in" does not wait for them.
import { lazy } from 'react';

const loadAppShell = () => import('./shell/AppShell');
const loadFriends = () => import('@/features/friends/screens/FriendsScreen');
const loadDm = () => import('@/features/chat/screens/DmScreen');
const loadChannel = () => import('@/features/chat/screens/ChannelScreen');

export const AppShell = lazy(loadAppShell);
export const FriendsScreen = lazy(loadFriends);
export const DmScreen = lazy(loadDm);
export const ChannelScreen = lazy(loadChannel);
export const LoginScreen = lazy(() => import('@/features/auth/screens/LoginScreen'));
export const RegisterScreen = lazy(() => import('@/features/auth/screens/RegisterScreen'));
export const VerifyEmailScreen = lazy(() => import('@/features/auth/screens/VerifyEmailScreen'));
export const ForgotPasswordScreen = lazy(() => import('@/features/auth/screens/ForgotPasswordScreen'));
export const ResetPasswordScreen = lazy(() => import('@/features/auth/screens/ResetPasswordScreen'));
export const InviteScreen = lazy(() => import('@/features/zones/screens/InviteScreen'));
export const ZoneScreen = lazy(() => import('@/features/zones/screens/ZoneScreen'));
export const ZoneSettingsScreen = lazy(() => import('@/features/zones/screens/ZoneSettingsScreen'));
export const SettingsScreen = lazy(() => import('@/features/settings/screens/SettingsScreen'));

let preloaded = false;

/** Loads the shell and the usual first screens once the browser is idle. Failures are
 * ignored: the route loads (and reports) them again when it is opened. */
export function preloadSignedIn() {
  if (preloaded) return;
  preloaded = true;
  const run = () => void Promise.all([loadAppShell(), loadFriends(), loadDm(), loadChannel()]).catch(() => undefined);
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 200);
}
