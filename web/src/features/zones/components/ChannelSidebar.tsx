// The zone's column beside the rail: the zone menu (invite, settings, create channel, leave)
// and its channels, text ones as links with their unread state, voice ones listed but not
// joinable yet.
import { ChevronDown, Hash, LogOut, Plus, Settings, UserPlus, Volume2 } from 'lucide-react';
import { type ReactNode, useId, useState } from 'react';
import { NavLink, useNavigate } from 'react-router';
import { Badge, cn, ConfirmDialog, defaultBadgeLabel, Menu, MenuItem, MenuSeparator, Spinner, toast, Tooltip } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import { sortChannels } from '../hooks/channels';
import { useLeaveZone } from '../hooks/mutations';
import { useZone } from '../hooks/queries';
import { canInvite, isAdmin } from '../hooks/roles';
import type { ChannelType, ChannelWithReadState, ZoneWithReadState } from '../types';
import { CreateChannelDialog } from './CreateChannelDialog';
import { InviteDialog } from './InviteDialog';
import { ZoneError } from './ZoneError';

export function ChannelSidebar({ zoneId }: { zoneId: string }) {
  const zone = useZone(zoneId);
  if (zone.isPending) {
    return (
      <div className="flex flex-1 items-center justify-center bg-sidebar" role="status">
        <Spinner />
        <span className="sr-only">Loading the zone…</span>
      </div>
    );
  }
  if (zone.isError) {
    return (
      <div className="flex-1 bg-sidebar">
        <ZoneError error={zone.error} />
      </div>
    );
  }
  return <ZoneSidebar zone={zone.data} />;
}

/** Channel name, then its unread state as the sidebar badge says it. */
export function channelLabel(c: ChannelWithReadState): string {
  if (c.type !== 'text') return c.name;
  if (c.mention_count > 0) return `${c.name}, ${defaultBadgeLabel(c.mention_count, 'mention')}`;
  if (c.unread_count > 0) return `${c.name}, ${defaultBadgeLabel(c.unread_count, 'unread')}`;
  return c.name;
}

function ZoneSidebar({ zone }: { zone: ZoneWithReadState }) {
  const navigate = useNavigate();
  const leave = useLeaveZone(zone.id);
  const [inviting, setInviting] = useState(false);
  const [creating, setCreating] = useState<ChannelType | null>(null);
  const [leaving, setLeaving] = useState(false);
  const admin = isAdmin(zone.my_role);
  const channels = sortChannels(zone.channels);
  const text = channels.filter((c) => c.type === 'text');
  const voice = channels.filter((c) => c.type === 'voice');

  const confirmLeave = async () => {
    try {
      await leave.mutateAsync();
    } catch (err) {
      toast.error(errorMessage(err));
      throw err;
    }
    navigate(paths.friends);
    toast.success(`You left ${zone.name}`);
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col bg-sidebar">
      <Menu
        trigger={
          <button
            type="button"
            className="flex h-12 w-full shrink-0 items-center gap-2 border-b border-border px-4 text-left font-semibold text-heading shadow-sm hover:bg-hover focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus"
          >
            <span className="min-w-0 flex-1 truncate">{zone.name}</span>
            <ChevronDown aria-hidden className="size-4 shrink-0" />
          </button>
        }
        label={`${zone.name} menu`}
        className="w-[220px]"
      >
        {canInvite(zone) && (
          <MenuItem onSelect={() => setInviting(true)} icon={<UserPlus className="size-4" />}>
            Invite people
          </MenuItem>
        )}
        {admin && (
          <MenuItem onSelect={() => navigate(paths.zoneSettings(zone.id))} icon={<Settings className="size-4" />}>
            Zone settings
          </MenuItem>
        )}
        {admin && (
          <MenuItem onSelect={() => setCreating('text')} icon={<Plus className="size-4" />}>
            Create channel
          </MenuItem>
        )}
        {zone.my_role !== 'owner' && (
          <>
            {(admin || canInvite(zone)) && <MenuSeparator />}
            <MenuItem danger onSelect={() => setLeaving(true)} icon={<LogOut className="size-4" />}>
              Leave zone
            </MenuItem>
          </>
        )}
      </Menu>

      <nav aria-label={`${zone.name} channels`} className="min-h-0 flex-1 overflow-y-auto px-2 pt-4 pb-2">
        <ChannelSection
          title="Text channels"
          id={`text-${zone.id}`}
          onCreate={admin ? () => setCreating('text') : undefined}
          createLabel="Create text channel"
        >
          {text.map((c) => (
            <li key={c.id}>
              <TextChannelLink zoneId={zone.id} channel={c} />
            </li>
          ))}
        </ChannelSection>
        {(voice.length > 0 || admin) && (
          <ChannelSection
            title="Voice channels"
            id={`voice-${zone.id}`}
            onCreate={admin ? () => setCreating('voice') : undefined}
            createLabel="Create voice channel"
          >
            {voice.map((c) => (
              <li key={c.id}>
                <VoiceChannelItem name={c.name} />
              </li>
            ))}
          </ChannelSection>
        )}
      </nav>

      <InviteDialog zoneId={zone.id} zoneName={zone.name} open={inviting} onOpenChange={setInviting} />
      <CreateChannelDialog
        zoneId={zone.id}
        open={creating !== null}
        defaultType={creating ?? 'text'}
        onOpenChange={(o) => !o && setCreating(null)}
      />
      <ConfirmDialog
        open={leaving}
        onOpenChange={setLeaving}
        title={`Leave ${zone.name}?`}
        text="You will no longer see its channels. You can come back with an invite."
        confirmLabel="Leave zone"
        busyLabel="Leaving…"
        danger
        onConfirm={confirmLeave}
      />
    </div>
  );
}

function ChannelSection({
  title,
  id,
  onCreate,
  createLabel,
  children,
}: {
  title: string;
  id: string;
  onCreate?: (() => void) | undefined;
  createLabel: string;
  children: ReactNode;
}) {
  return (
    <section className="mb-4">
      <div className="flex items-center gap-1 pr-1 pl-2">
        <h2 id={id} className="flex-1 truncate text-xs font-bold uppercase tracking-wide text-faint">
          {title}
        </h2>
        {onCreate && (
          <Tooltip content={createLabel}>
            <button
              type="button"
              aria-label={createLabel}
              onClick={onCreate}
              className="rounded-sm p-0.5 text-faint hover:text-normal focus-visible:outline-2 focus-visible:outline-focus"
            >
              <Plus aria-hidden className="size-4" />
            </button>
          </Tooltip>
        )}
      </div>
      <ul aria-labelledby={id} className="mt-1 flex flex-col gap-0.5">
        {children}
      </ul>
    </section>
  );
}

function TextChannelLink({ zoneId, channel }: { zoneId: string; channel: ChannelWithReadState & { type: 'text' } }) {
  const unread = channel.unread_count > 0 || channel.mention_count > 0;
  return (
    <NavLink
      to={paths.channel(zoneId, channel.id)}
      aria-label={channelLabel(channel)}
      className={({ isActive }) =>
        cn(
          'group relative flex h-8 items-center gap-1.5 rounded-sm px-2 focus-visible:outline-2 focus-visible:outline-focus',
          isActive ? 'bg-active text-heading' : unread ? 'text-heading hover:bg-hover' : 'text-faint hover:bg-hover hover:text-normal',
          unread && 'font-semibold',
        )
      }
    >
      {({ isActive }) => (
        <>
          {unread && !isActive && <span aria-hidden className="absolute top-1/2 -left-2 h-2 w-1 -translate-y-1/2 rounded-r-full bg-heading" />}
          <Hash aria-hidden className="size-5 shrink-0 text-faint" />
          <span className="min-w-0 flex-1 truncate">{channel.name}</span>
          {channel.mention_count > 0 && <Badge variant="mention" count={channel.mention_count} aria-hidden />}
        </>
      )}
    </NavLink>
  );
}

function VoiceChannelItem({ name }: { name: string }) {
  const hint = useId();
  return (
    <>
      <Tooltip content="Voice channels are coming soon" side="right">
        <button
          type="button"
          aria-disabled="true"
          aria-describedby={hint}
          onClick={() => toast.info('Voice channels are coming soon')}
          className="flex h-8 w-full cursor-not-allowed items-center gap-1.5 rounded-sm px-2 text-left text-faint focus-visible:outline-2 focus-visible:outline-focus"
        >
          <Volume2 aria-hidden className="size-5 shrink-0" />
          <span className="min-w-0 flex-1 truncate">{name}</span>
        </button>
      </Tooltip>
      <span id={hint} className="sr-only">
        Voice channels are coming soon
      </span>
    </>
  );
}
