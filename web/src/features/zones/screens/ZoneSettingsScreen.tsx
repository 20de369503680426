// /zones/:zoneId/settings/:tab: the zone's settings over the whole window, like Discord's
// (tabs on the left, or along the top on narrow screens). ADMIN+ only; Esc or "Close
// settings" goes back to the zone.
import { X } from 'lucide-react';
import { useEffect } from 'react';
import { Link, Navigate, NavLink, useNavigate, useParams } from 'react-router';
import { cn, Spinner } from '@/components/ui';
import { paths, type ZoneSettingsTab } from '@/app/paths';
import { BansTab } from '../components/settings/BansTab';
import { ChannelsTab } from '../components/settings/ChannelsTab';
import { InvitesTab } from '../components/settings/InvitesTab';
import { MembersTab } from '../components/settings/MembersTab';
import { OverviewTab } from '../components/settings/OverviewTab';
import { ZoneError } from '../components/ZoneError';
import { useZone } from '../hooks/queries';
import { isAdmin } from '../hooks/roles';
import type { ZoneWithReadState } from '../types';

const TABS: { tab: ZoneSettingsTab; label: string }[] = [
  { tab: 'overview', label: 'Overview' },
  { tab: 'channels', label: 'Channels' },
  { tab: 'members', label: 'Members' },
  { tab: 'invites', label: 'Invites' },
  { tab: 'bans', label: 'Bans' },
];

/** Esc closes the settings, unless a dialog or menu is open (Esc closes that first). */
function useEscapeTo(to: string) {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"]')) return;
      navigate(to);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, to]);
}

export default function ZoneSettingsScreen() {
  const params = useParams();
  const zoneId = params.zoneId ?? '';
  const tab = TABS.find((t) => t.tab === params.tab)?.tab;
  const zone = useZone(zoneId);
  useEscapeTo(paths.zone(zoneId));

  if (!tab) return <Navigate to={paths.zoneSettings(zoneId)} replace />;

  let content;
  if (zone.isPending) {
    content = (
      <div role="status" className="flex flex-1 items-center justify-center">
        <Spinner size="lg" />
        <span className="sr-only">Loading the zone…</span>
      </div>
    );
  } else if (zone.isError) {
    content = (
      <div className="flex flex-1 items-center justify-center p-6">
        <ZoneError error={zone.error} className="max-w-md items-center text-center" />
      </div>
    );
  } else if (!isAdmin(zone.data.my_role)) {
    content = <NoAccess zoneId={zoneId} />;
  } else {
    return <Settings zone={zone.data} tab={tab} />;
  }
  return (
    <div className="relative flex min-h-dvh flex-col bg-chat text-normal">
      <CloseButton zoneId={zoneId} />
      {content}
    </div>
  );
}

function NoAccess({ zoneId }: { zoneId: string }) {
  return (
    <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-2xl font-bold text-heading">You do not have access</h1>
      <p className="max-w-md text-muted">Only the owner and the admins of this zone can change its settings.</p>
      <Link to={paths.zone(zoneId)} className="text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus">
        Back to the zone
      </Link>
    </div>
  );
}

function CloseButton({ zoneId }: { zoneId: string }) {
  const navigate = useNavigate();
  return (
    <div className="absolute top-3 right-3 z-10 flex flex-col items-center gap-1 md:top-14 md:right-10">
      <button
        type="button"
        aria-label="Close settings"
        aria-keyshortcuts="Escape"
        onClick={() => navigate(paths.zone(zoneId))}
        className="flex size-9 cursor-pointer items-center justify-center rounded-full border-2 border-faint text-muted hover:bg-hover hover:text-normal focus-visible:outline-2 focus-visible:outline-focus"
      >
        <X aria-hidden className="size-5" />
      </button>
      <span aria-hidden className="hidden text-xs font-semibold text-faint md:block">
        ESC
      </span>
    </div>
  );
}

function Settings({ zone, tab }: { zone: ZoneWithReadState; tab: ZoneSettingsTab }) {
  return (
    <div className="relative flex h-dvh flex-col overflow-hidden bg-chat text-normal md:flex-row">
      <CloseButton zoneId={zone.id} />
      <nav
        aria-label="Zone settings"
        className="shrink-0 bg-sidebar px-2 pt-3 pr-14 pb-2 md:flex md:w-[min(40%,320px)] md:justify-end md:px-2 md:py-14"
      >
        <div className="md:w-48">
          <p className="truncate px-2 pb-1 text-xs font-bold uppercase tracking-wide text-faint">{zone.name}</p>
          <ul className="flex gap-1 overflow-x-auto md:flex-col md:gap-0.5">
            {TABS.map((t) => (
              <li key={t.tab} className="shrink-0">
                <NavLink
                  to={paths.zoneSettings(zone.id, t.tab)}
                  className={({ isActive }) =>
                    cn(
                      'block rounded-sm px-2.5 py-1.5 font-medium focus-visible:outline-2 focus-visible:outline-focus',
                      isActive ? 'bg-active text-heading' : 'text-muted hover:bg-hover hover:text-normal',
                    )
                  }
                >
                  {t.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      </nav>
      <main className="min-w-0 flex-1 overflow-y-auto px-4 py-6 md:px-10 md:py-14">
        <div className="mx-auto max-w-[740px] md:mr-16">
          {tab === 'overview' && <OverviewTab zone={zone} />}
          {tab === 'channels' && <ChannelsTab zone={zone} />}
          {tab === 'members' && <MembersTab zone={zone} />}
          {tab === 'invites' && <InvitesTab zone={zone} />}
          {tab === 'bans' && <BansTab zone={zone} />}
        </div>
      </main>
    </div>
  );
}
