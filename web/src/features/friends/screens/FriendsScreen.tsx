// The friends screen (/friends), as in Discord: tabs for online friends, all friends, pending
// requests, blocked users and adding a friend. The tab lives in the URL (?tab=), so it
// survives a reload and the back button.
import { Users } from 'lucide-react';
import { useSearchParams } from 'react-router';
import { ScreenHeader } from '@/app/shell/ScreenHeader';
import { AddFriendPanel } from '../components/AddFriendPanel';
import { BlockedList } from '../components/BlockedList';
import { FriendList } from '../components/FriendList';
import { FriendsTabs, panelId, parseTab, tabId, type FriendsTab } from '../components/FriendsTabs';
import { PendingList } from '../components/PendingList';
import { useFriendRequests } from '../hooks/queries';

export default function FriendsScreen() {
  const [params, setParams] = useSearchParams();
  const tab = parseTab(params.get('tab'));
  const requests = useFriendRequests();
  const show = (t: FriendsTab) => setParams(t === 'online' ? {} : { tab: t }, { replace: true });

  return (
    <div className="relative flex min-h-0 flex-1 flex-col bg-chat">
      <ScreenHeader title="Friends" icon={<Users className="size-5" aria-hidden />} />
      {/* In the header's right side on wide screens; a row of its own under it on narrow ones. */}
      <div className="shrink-0 border-b border-border px-1 py-1.5 sm:px-2 lg:absolute lg:top-2 lg:right-4 lg:max-w-[calc(100%-12rem)] lg:border-none lg:p-0">
        <FriendsTabs value={tab} onChange={show} pendingCount={requests.data?.incoming.length ?? 0} />
      </div>
      <div
        role="tabpanel"
        id={panelId}
        aria-labelledby={tabId(tab)}
        className="min-h-0 flex-1 overflow-y-auto px-4 py-4 md:px-8"
      >
        {(tab === 'online' || tab === 'all') && (
          <FriendList only={tab} onAddFriend={() => show('add')} onShowAll={() => show('all')} />
        )}
        {tab === 'pending' && <PendingList onAddFriend={() => show('add')} />}
        {tab === 'blocked' && <BlockedList />}
        {tab === 'add' && <AddFriendPanel />}
      </div>
    </div>
  );
}
