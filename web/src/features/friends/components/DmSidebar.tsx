// The sidebar of /friends and /dm/:chatId, as in Discord: "Find or start a conversation", the
// link to the friends screen (with the incoming request count), then the DMs, latest first,
// each with its presence, unread state and count.
import { Plus, Users } from 'lucide-react';
import { useMemo, useState } from 'react';
import { NavLink } from 'react-router';
import { Avatar, Badge, cn, Tooltip } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import { dmLabel, sortDms } from '../hooks/dms';
import { useStatusOf } from '../hooks/presence';
import { useDms, useFriendRequests } from '../hooks/queries';
import type { DmChat } from '../types';
import { FindConversationDialog } from './FindConversationDialog';

const rowClass = (active: boolean, unread = false) =>
  cn(
    'flex h-[42px] min-w-0 items-center gap-3 rounded-sm px-2 focus-visible:outline-2 focus-visible:outline-focus',
    active ? 'bg-active text-heading' : unread ? 'text-heading hover:bg-hover' : 'text-faint hover:bg-hover hover:text-normal',
  );

function DmRow({ chat }: { chat: DmChat }) {
  const status = useStatusOf(chat.user);
  const unread = chat.unread_count > 0;
  return (
    <li>
      <NavLink to={paths.dm(chat.id)} aria-label={dmLabel(chat)} className={({ isActive }) => rowClass(isActive, unread)}>
        <Avatar userId={chat.user.id} name={chat.user.display_name} src={chat.user.avatar_url} alt="" size="sm" status={status} />
        <span className={cn('min-w-0 flex-1 truncate', unread ? 'font-semibold' : 'font-medium')}>{chat.user.display_name}</span>
        {unread && <Badge variant="mention" count={chat.unread_count} aria-hidden />}
      </NavLink>
    </li>
  );
}

function DmListSkeleton() {
  return (
    <div role="status" aria-label="Loading conversations…">
      <ul aria-hidden className="flex flex-col gap-0.5">
        {[70, 45, 60, 35, 55].map((w, i) => (
          <li key={i} className="flex h-[42px] items-center gap-3 px-2">
            <span className="size-8 shrink-0 animate-pulse rounded-full bg-active" />
            <span className="h-3 animate-pulse rounded-full bg-active" style={{ width: `${w}%` }} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function DmList({ onFind }: { onFind: () => void }) {
  const dms = useDms();
  const sorted = useMemo(() => sortDms(dms.data ?? []), [dms.data]);
  if (dms.isPending) return <DmListSkeleton />;
  if (dms.isError) {
    return (
      <div role="alert" className="flex flex-col items-start gap-1 px-2 py-2 text-sm">
        <p className="text-danger-text">Conversations could not load: {errorMessage(dms.error)}</p>
        <button
          type="button"
          onClick={() => void dms.refetch()}
          className="cursor-pointer font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus"
        >
          Try again
        </button>
      </div>
    );
  }
  if (sorted.length === 0) {
    return (
      <p className="px-2 py-2 text-sm text-faint">
        No conversations yet.{' '}
        <button type="button" onClick={onFind} className="cursor-pointer text-link hover:underline focus-visible:outline-2 focus-visible:outline-focus">
          Message a friend
        </button>{' '}
        to start one.
      </p>
    );
  }
  return (
    <ul aria-label="Direct messages" className="flex flex-col gap-0.5">
      {sorted.map((c) => (
        <DmRow key={c.id} chat={c} />
      ))}
    </ul>
  );
}

export function DmSidebar() {
  const [finding, setFinding] = useState(false);
  const requests = useFriendRequests();
  const incoming = requests.data?.incoming.length ?? 0;
  const friendsLabel = incoming > 0 ? `Friends, ${incoming} pending friend request${incoming === 1 ? '' : 's'}` : 'Friends';

  return (
    <nav aria-label="Conversations" className="flex min-h-0 flex-1 flex-col">
      <div className="flex h-12 shrink-0 items-center border-b border-border px-2.5 shadow-sm">
        <button
          type="button"
          onClick={() => setFinding(true)}
          className="h-7 w-full min-w-0 cursor-pointer truncate rounded-sm bg-input px-1.5 text-left text-sm text-faint focus-visible:outline-2 focus-visible:outline-focus"
        >
          Find or start a conversation
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 py-2" style={{ ['--avatar-ring' as string]: 'var(--color-sidebar)' }}>
        <NavLink to={paths.friends} end aria-label={friendsLabel} className={({ isActive }) => rowClass(isActive)}>
          <Users className="mx-1 size-6 shrink-0" aria-hidden />
          <span className="flex-1 truncate font-medium">Friends</span>
          <Badge variant="mention" count={incoming} aria-hidden />
        </NavLink>
        <div className="mt-4 mb-1 flex items-center justify-between pr-1 pl-2">
          <h2 className="text-xs font-semibold tracking-wide text-faint uppercase hover:text-normal">Direct messages</h2>
          <Tooltip content="Start a conversation">
            <button
              type="button"
              aria-label="Start a conversation"
              onClick={() => setFinding(true)}
              className="cursor-pointer rounded-sm text-faint hover:text-normal focus-visible:outline-2 focus-visible:outline-focus"
            >
              <Plus className="size-4" aria-hidden />
            </button>
          </Tooltip>
        </div>
        <DmList onFind={() => setFinding(true)} />
      </div>
      <FindConversationDialog open={finding} onOpenChange={setFinding} />
    </nav>
  );
}
