// /dm/:chatId: a direct message conversation, found in the DM list, with the other user in
// the top bar and the pinned messages and search panels.
import { useQuery } from '@tanstack/react-query';
import { Pin, Search } from 'lucide-react';
import { type CSSProperties, useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useStore } from 'zustand';
import { Avatar, Button, Spinner } from '@/components/ui';
import { paths } from '@/app/paths';
import { useSession } from '@/app/session';
import { ScreenHeader } from '@/app/shell/ScreenHeader';
import { friendsApi } from '@/features/friends/api';
import { hasPresence } from '@/features/friends/types';
import { queryKeys } from '@/features/live/queryKeys';
import { STATUS_LABEL, statusOf } from '@/features/presence/store';
import { errorMessage } from '@/lib/api/client';
import { type ConversationPanel, ConversationView } from '../components/ConversationView';
import { HeaderButton } from '../components/HeaderButton';
import { ScreenMessage } from '../components/ScreenMessage';
import { jumpTarget } from '../hooks/jumpTarget';
import { usePrefetchHistory } from '../hooks/usePrefetchHistory';
import { nameOf } from '../hooks/useDirectory';

const RING = { '--avatar-ring': 'var(--color-chat)' } as CSSProperties;

export default function DmScreen() {
  const { chatId = '' } = useParams();
  const location = useLocation();
  const { api, presence, seen } = useSession();
  usePrefetchHistory({ chat_id: chatId });
  const dms = useQuery({ queryKey: queryKeys.dms, queryFn: () => friendsApi(api).listDms() });
  const [panel, setPanel] = useState<ConversationPanel | null>(null);
  const dm = dms.data?.find((c) => c.id === chatId);
  const user = dm?.user;
  // "Seen" from before this page was opened: the list carries the other member's read
  // position; chat:seen moves it on from there (the store never moves back).
  const peerRead = dm?.peer_last_read_id;
  const peerId = dm?.user.id;
  useEffect(() => {
    if (peerRead && peerId) seen.getState().seen({ chat_id: chatId, user_id: peerId, last_read_id: peerRead });
  }, [seen, chatId, peerId, peerRead]);
  const status = useStore(presence, (s) => (user && hasPresence(user) ? statusOf(s, user.id) : undefined));

  if (dms.isPending) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <ScreenHeader title="" />
        <div className="flex flex-1 items-center justify-center">
          <Spinner size="lg" label="Loading the conversation…" />
        </div>
      </div>
    );
  }

  if (dms.isError) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <ScreenHeader title="Direct message" />
        <ScreenMessage title="The conversation could not be loaded">
          <p role="alert" className="text-muted">{errorMessage(dms.error)}</p>
          <Button variant="secondary" onClick={() => void dms.refetch()}>
            Try again
          </Button>
        </ScreenMessage>
      </div>
    );
  }

  if (!dm || !user) {
    return (
      <div className="flex min-h-0 flex-1 flex-col">
        <ScreenHeader title="Direct message" />
        <ScreenMessage title="Conversation not found">
          <p role="alert" className="text-muted">
            This conversation does not exist, or you are not one of its members.
          </p>
          <Link
            to={paths.friends}
            className="text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus"
          >
            Back to friends
          </Link>
        </ScreenMessage>
      </div>
    );
  }

  const name = nameOf(user);
  const toggle = (p: ConversationPanel) => setPanel((open) => (open === p ? null : p));

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ScreenHeader
        icon={<Avatar userId={user.id} name={name} src={user.avatar_url} size="sm" alt="" status={status} style={RING} />}
        title={name}
        subtitle={status ? STATUS_LABEL[status] : user.username}
      >
        <HeaderButton label="Pinned messages" pressed={panel === 'pins'} icon={<Pin aria-hidden="true" />} onClick={() => toggle('pins')} />
        <HeaderButton label="Search" pressed={panel === 'search'} icon={<Search aria-hidden="true" />} onClick={() => toggle('search')} />
      </ScreenHeader>
      <ConversationView
        key={`chat:${chatId}`}
        conversation={{ chat_id: chatId }}
        title={name}
        kind="dm"
        peer={user}
        readState={dm}
        panel={panel}
        onPanelChange={setPanel}
        jumpTo={jumpTarget(location.state)}
      />
    </div>
  );
}
