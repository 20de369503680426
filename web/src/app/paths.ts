// Every URL of the web client in one place, so links and routes cannot drift apart. The
// server's mails and redirects use some of them (/reset-password, /login?oidc_error=, /?email_verified=).

const seg = encodeURIComponent;

export type SettingsTab = 'profile' | 'account' | 'sessions' | 'appearance';
export type ZoneSettingsTab = 'overview' | 'channels' | 'members' | 'invites' | 'bans';

export const paths = {
  home: '/',
  login: '/login',
  register: '/register',
  verify: '/verify',
  forgot: '/forgot-password',
  /** The link in the password reset mail: /reset-password?token=… */
  reset: '/reset-password',
  invite: (code: string) => `/invite/${seg(code)}`,

  friends: '/friends',
  dm: (chatId: string) => `/dm/${seg(chatId)}`,
  /** A zone without a channel: the client goes on to its first text channel. */
  zone: (zoneId: string) => `/zones/${seg(zoneId)}`,
  channel: (zoneId: string, channelId: string) => `/zones/${seg(zoneId)}/${seg(channelId)}`,
  zoneSettings: (zoneId: string, tab: ZoneSettingsTab = 'overview') =>
    `/zones/${seg(zoneId)}/settings/${tab}`,
  settings: (tab: SettingsTab = 'profile') => `/settings/${tab}`,
} as const;

/** Where to go after signing in: the page asked for, when it is one of ours. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return paths.friends;
  return next;
}
