// The far-left rail: home (friends and DMs, with the DMs' unread sum), one button per zone
// with its unread dot and mention count, and "create a zone".
import { useQuery } from '@tanstack/react-query';
import { MessageCircle, Plus } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { NavLink, useMatch } from 'react-router';
import { Avatar, Badge, cn, Tooltip } from '@/components/ui';
import { friendsApi } from '@/features/friends/api';
import { queryKeys } from '@/features/live/queryKeys';
import { CreateZoneDialog } from '@/features/zones/components/CreateZoneDialog';
import { zonesApi } from '@/features/zones/api';
import type { ZoneSummary } from '@/features/zones/types';
import { paths } from '@/app/paths';
import { useSession } from '@/app/session';

function RailItem({
  label,
  to,
  active,
  unread,
  mentions,
  counted = 'mention',
  children,
}: {
  label: string;
  to: string;
  active: boolean;
  unread: boolean;
  /** The number on the red badge, and what it counts. */
  mentions: number;
  counted?: string;
  children: ReactNode;
}) {
  const badge = mentions > 0 ? `, ${mentions} ${counted}${mentions === 1 ? '' : 's'}` : unread ? ', unread messages' : '';
  return (
    <li className="relative flex w-full justify-center">
      <span
        aria-hidden
        className={cn(
          'absolute top-1/2 left-0 w-1 -translate-y-1/2 rounded-r-full bg-heading transition-all',
          active ? 'h-10' : unread ? 'h-2' : 'h-0',
        )}
      />
      <Tooltip content={label} side="right">
        <NavLink
          to={to}
          aria-label={label + badge}
          aria-current={active ? 'page' : undefined}
          className={cn(
            'relative flex size-12 items-center justify-center overflow-visible transition-all focus-visible:outline-2 focus-visible:outline-focus',
            active ? 'rounded-lg' : 'rounded-[24px] hover:rounded-lg',
          )}
        >
          {children}
          {mentions > 0 && (
            <Badge variant="mention" count={mentions} aria-hidden className="absolute -right-1 -bottom-1 ring-4 ring-rail" />
          )}
        </NavLink>
      </Tooltip>
    </li>
  );
}

function ZoneIcon({ zone, active }: { zone: ZoneSummary; active: boolean }) {
  return (
    <Avatar
      name={zone.name}
      userId={zone.id}
      alt=""
      src={zone.icon_url}
      size="md"
      className={cn('size-12! transition-all', active ? 'rounded-lg!' : 'rounded-[24px]! hover:rounded-lg!')}
    />
  );
}

export function ZoneRail() {
  const { api } = useSession();
  const [creating, setCreating] = useState(false);
  const zones = useQuery({ queryKey: queryKeys.zones, queryFn: () => zonesApi(api).listZones() });
  const dms = useQuery({ queryKey: queryKeys.dms, queryFn: () => friendsApi(api).listDms() });
  const zoneMatch = useMatch('/zones/:zoneId/*');
  const activeZone = zoneMatch?.params.zoneId;
  const dmUnread = (dms.data ?? []).reduce((n, c) => n + c.unread_count, 0);

  return (
    <nav aria-label="Zones" className="flex w-[72px] shrink-0 flex-col items-center overflow-y-auto bg-rail py-3">
      <ul className="flex w-full flex-col items-center gap-2">
        <RailItem
          label="Direct messages"
          to={paths.friends}
          active={!activeZone}
          unread={false}
          mentions={dmUnread}
          counted="unread direct message"
        >
          <span
            className={cn(
              'flex size-12 items-center justify-center bg-sidebar text-normal transition-all',
              !activeZone ? 'rounded-lg bg-accent! text-on-accent' : 'rounded-[24px] hover:rounded-lg hover:bg-accent hover:text-on-accent',
            )}
          >
            <MessageCircle className="size-6" aria-hidden />
          </span>
        </RailItem>
        <li aria-hidden className="my-1 h-0.5 w-8 rounded-full bg-border" />
        {zones.isError && (
          <li className="px-1 text-center text-xs text-danger-text" role="alert">
            Zones could not load
          </li>
        )}
        {(zones.data ?? []).map((z) => (
          <RailItem
            key={z.id}
            label={z.name}
            to={paths.zone(z.id)}
            active={activeZone === z.id}
            unread={z.unread_count > 0}
            mentions={z.mention_count}
          >
            <ZoneIcon zone={z} active={activeZone === z.id} />
          </RailItem>
        ))}
        <li className="flex w-full justify-center">
          <Tooltip content="Create a zone" side="right">
            <button
              type="button"
              aria-label="Create a zone"
              onClick={() => setCreating(true)}
              className="flex size-12 items-center justify-center rounded-[24px] bg-sidebar text-online transition-all hover:rounded-lg hover:bg-online hover:text-white focus-visible:outline-2 focus-visible:outline-focus"
            >
              <Plus className="size-6" aria-hidden />
            </button>
          </Tooltip>
        </li>
      </ul>
      <CreateZoneDialog open={creating} onOpenChange={setCreating} />
    </nav>
  );
}
