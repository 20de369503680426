// The signed-in layout, like Discord's: zone rail | sidebar (DMs, or the zone's channels) with
// the user panel | the screen. Narrow screens show the navigation or the screen, one at a time.
import { useEffect } from 'react';
import { Outlet, useLocation, useMatch } from 'react-router';
import { useStore } from 'zustand';
import { cn } from '@/components/ui';
import { DmSidebar } from '@/features/friends/components/DmSidebar';
import { queryKeys } from '@/features/live/queryKeys';
import { UserPanel } from '@/features/settings/components/UserPanel';
import { ChannelSidebar } from '@/features/zones/components/ChannelSidebar';
import { queryClient } from '@/app/api';
import { useSession } from '@/app/session';
import { ConnectionBanner } from './ConnectionBanner';
import { mobileNavStore, useMobilePane } from './mobileNav';
import { ZoneRail } from './ZoneRail';

export default function AppShell() {
  const { connection } = useSession();
  const signedOut = useStore(connection, (s) => s.state === 'signed-out');
  const { pane } = useMobilePane();
  const location = useLocation();
  const zoneId = useMatch('/zones/:zoneId/*')?.params.zoneId;

  // Going anywhere shows that screen on a narrow display.
  useEffect(() => mobileNavStore.getState().show('screen'), [location.pathname]);
  // The server ended the session (revoked, logged out everywhere): back to sign-in.
  useEffect(() => {
    if (signedOut) queryClient.setQueryData(queryKeys.me, null);
  }, [signedOut]);

  return (
    <div className="flex h-dvh overflow-hidden bg-chat text-normal">
      <div className={cn('min-w-0 flex-1 md:flex md:flex-none', pane === 'nav' ? 'flex' : 'hidden')}>
        <ZoneRail />
        <div className="flex min-w-0 flex-1 flex-col bg-sidebar md:w-60 md:flex-none">
          {zoneId ? <ChannelSidebar zoneId={zoneId} /> : <DmSidebar />}
          <UserPanel />
        </div>
      </div>
      <main className={cn('min-w-0 flex-1 flex-col md:flex', pane === 'screen' ? 'flex' : 'hidden')}>
        <ConnectionBanner />
        <Outlet />
      </main>
    </div>
  );
}
