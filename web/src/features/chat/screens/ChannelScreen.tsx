// /zones/:zoneId/:channelId: a zone's text channel, with its topic in the top bar, the pins
// and search panels, and the zone's member list on the right of wide screens.
import { useQuery } from '@tanstack/react-query';
import { Hash, Pin, Search, Users, Volume2 } from 'lucide-react';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Button, Spinner } from '@/components/ui';
import { paths } from '@/app/paths';
import { useSession } from '@/app/session';
import { usePrefetchHistory } from '../hooks/usePrefetchHistory';
import { ScreenHeader } from '@/app/shell/ScreenHeader';
import { queryKeys } from '@/features/live/queryKeys';
import { zonesApi } from '@/features/zones/api';
import { MemberList } from '@/features/zones/components/MemberList';
import { ApiError, errorMessage } from '@/lib/api/client';
import { type ConversationPanel, ConversationView } from '../components/ConversationView';
import { HeaderButton } from '../components/HeaderButton';
import { ScreenMessage } from '../components/ScreenMessage';
import { jumpTarget } from '../hooks/jumpTarget';

const linkClass = 'text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus';

function ChannelTitle({ name }: { name: string }) {
  // The # is drawn as the icon; screen readers get it in the title.
  return (
    <>
      <span className="sr-only"># </span>
      {name}
    </>
  );
}

export default function ChannelScreen() {
  const { zoneId = '', channelId = '' } = useParams();
  const location = useLocation();
  const { api } = useSession();
  usePrefetchHistory({ channel_id: channelId });
  const zone = useQuery({ queryKey: queryKeys.zone(zoneId), queryFn: () => zonesApi(api).getZone(zoneId) });
  const [panel, setPanel] = useState<ConversationPanel | null>(null);
  const [showMembers, setShowMembers] = useState(true);

  if (zone.isPending) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <ScreenHeader icon={<Hash className="size-6" aria-hidden="true" />} title="" />
        <div className="flex flex-1 items-center justify-center">
          <Spinner size="lg" label="Loading the channel…" />
        </div>
      </div>
    );
  }

  if (zone.isError) {
    const gone = zone.error instanceof ApiError && zone.error.status === 404;
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <ScreenHeader title="Zone" />
        <ScreenMessage title={gone ? 'Zone not found' : 'The zone could not be loaded'}>
          <p role="alert" className="text-muted">
            {gone ? 'This zone does not exist, or you are not a member of it any more.' : errorMessage(zone.error)}
          </p>
          {gone ? (
            <Link to={paths.friends} className={linkClass}>
              Back to friends
            </Link>
          ) : (
            <Button variant="secondary" onClick={() => void zone.refetch()}>
              Try again
            </Button>
          )}
        </ScreenMessage>
      </div>
    );
  }

  const channel = zone.data.channels.find((c) => c.id === channelId);

  if (!channel) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <ScreenHeader title={zone.data.name} />
        <ScreenMessage title="Channel not found">
          <p role="alert" className="text-muted">
            This channel does not exist in {zone.data.name}. It may have been deleted.
          </p>
          <Link to={paths.zone(zoneId)} className={linkClass}>
            Go to {zone.data.name}
          </Link>
        </ScreenMessage>
      </div>
    );
  }

  if (channel.type === 'voice') {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <ScreenHeader icon={<Volume2 className="size-6" aria-hidden="true" />} title={channel.name} subtitle={channel.topic || undefined} />
        <ScreenMessage title={channel.name} icon={<Volume2 />}>
          <p className="max-w-md text-muted">Voice channels are coming in a later release. Text channels work today.</p>
          <Link to={paths.zone(zoneId)} className={linkClass}>
            Go to a text channel
          </Link>
        </ScreenMessage>
      </div>
    );
  }

  const toggle = (p: ConversationPanel) => setPanel((open) => (open === p ? null : p));

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ScreenHeader
        icon={<Hash className="size-6" aria-hidden="true" />}
        title={<ChannelTitle name={channel.name} />}
        subtitle={channel.topic ? <span title={channel.topic}>{channel.topic}</span> : undefined}
      >
        <HeaderButton label="Pinned messages" pressed={panel === 'pins'} icon={<Pin aria-hidden="true" />} onClick={() => toggle('pins')} />
        <HeaderButton
          label={showMembers ? 'Hide member list' : 'Show member list'}
          icon={<Users aria-hidden="true" />}
          className="max-lg:hidden"
          onClick={() => {
            setShowMembers((v) => !v);
            setPanel(null);
          }}
        />
        <HeaderButton label="Search" pressed={panel === 'search'} icon={<Search aria-hidden="true" />} onClick={() => toggle('search')} />
      </ScreenHeader>
      <div className="flex min-h-0 flex-1">
        <ConversationView
          key={`channel:${channel.id}`}
          conversation={{ chat_id: zoneId, channel_id: channel.id }}
          title={channel.name}
          kind="channel"
          zoneId={zoneId}
          readState={channel}
          panel={panel}
          onPanelChange={setPanel}
          jumpTo={jumpTarget(location.state)}
        />
        {/* The member list gives way to an open panel, as in Discord. */}
        {showMembers && panel === null && <MemberList zoneId={zoneId} />}
      </div>
    </div>
  );
}
