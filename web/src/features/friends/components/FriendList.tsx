// The "Online" and "All" tabs: the friend list with its filter field, each friend with
// "Message" and a menu to remove or block them (both confirmed first).
import { EllipsisVertical, MessageCircle } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Button, Menu, MenuItem, TextField, useConfirm } from '@/components/ui';
import { STATUS_LABEL } from '@/features/presence/store';
import { errorMessage } from '@/lib/api/client';
import { isOnline, liveStatus, usePresenceMap, useStatusOf } from '../hooks/presence';
import { useFriends } from '../hooks/queries';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { useFriendActions } from '../hooks/useFriendActions';
import type { Friend } from '../types';
import { IconButton } from './IconButton';
import { EmptyState, ListHeading, LoadError, RowsSkeleton, UserRow } from './UserRow';

function FriendRow({ friend, confirm }: { friend: Friend; confirm: ReturnType<typeof useConfirm>[0] }) {
  const actions = useFriendActions();
  const status = useStatusOf(friend.user);
  const name = friend.user.display_name;
  const message = useAsyncAction(() => actions.openDm(friend.user.id));
  const remove = useAsyncAction(() => actions.removeFriend(friend.user.id));
  const block = useAsyncAction(() => actions.block(friend.user));

  const askRemove = async () => {
    const yes = await confirm({
      title: `Remove ${name}`,
      text: `Are you sure you want to remove ${name} from your friends? You can send a new friend request later.`,
      confirmLabel: 'Remove friend',
      danger: true,
    });
    if (yes) await remove.run();
  };
  const askBlock = async () => {
    const yes = await confirm({
      title: `Block ${name}?`,
      text: `${name} will no longer be your friend, and neither of you can send the other friend requests or direct messages. They are not told.`,
      confirmLabel: 'Block',
      danger: true,
    });
    if (yes) await block.run();
  };

  return (
    <UserRow
      user={friend.user}
      status={status}
      detail={status ? STATUS_LABEL[status] : undefined}
      actions={
        <>
          <IconButton label={`Message ${name}`} onClick={() => void message.run()} disabled={message.busy}>
            <MessageCircle className="size-5" aria-hidden />
          </IconButton>
          <Menu
            modal={false}
            align="end"
            trigger={
              <IconButton label={`More actions for ${name}`} disabled={remove.busy || block.busy}>
                <EllipsisVertical className="size-5" aria-hidden />
              </IconButton>
            }
          >
            <MenuItem onSelect={() => void askRemove()}>Remove friend</MenuItem>
            <MenuItem danger onSelect={() => void askBlock()}>
              Block
            </MenuItem>
          </Menu>
        </>
      }
    />
  );
}

function matches(friend: Friend, filter: string): boolean {
  const f = filter.trim().toLocaleLowerCase();
  if (!f) return true;
  return (
    friend.user.display_name.toLocaleLowerCase().includes(f) || friend.user.username.toLowerCase().includes(f)
  );
}

export function FriendList({ only, onAddFriend, onShowAll }: { only: 'online' | 'all'; onAddFriend: () => void; onShowAll: () => void }) {
  const friends = useFriends();
  const presence = usePresenceMap();
  const [filter, setFilter] = useState('');
  const [confirm, confirmDialog] = useConfirm();

  const shown = useMemo(() => {
    const all = friends.data ?? [];
    const inTab = only === 'online' ? all.filter((f) => isOnline(liveStatus(presence, f.user))) : all;
    return inTab.filter((f) => matches(f, filter));
  }, [friends.data, presence, only, filter]);

  if (friends.isPending) return <RowsSkeleton label="Loading friends…" />;
  if (friends.isError) return <LoadError message={errorMessage(friends.error)} onRetry={() => void friends.refetch()} />;

  const total = friends.data.length;
  if (total === 0) {
    return (
      <EmptyState title="No friends yet">
        <p>Add a friend by their username: once they accept, they show up here and you can message them.</p>
        <Button className="mt-3" onClick={onAddFriend}>
          Add a friend
        </Button>
      </EmptyState>
    );
  }

  return (
    <div>
      <TextField
        label="Search friends"
        hideLabel
        placeholder="Search"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        autoComplete="off"
      />
      <ListHeading>
        {only === 'online' ? 'Online' : 'All friends'} — {shown.length}
      </ListHeading>
      {shown.length > 0 ? (
        <ul aria-label={only === 'online' ? 'Online friends' : 'All friends'} className="flex flex-col">
          {shown.map((f) => (
            <FriendRow key={f.user.id} friend={f} confirm={confirm} />
          ))}
        </ul>
      ) : filter.trim() ? (
        <EmptyState title={`No friend matches “${filter.trim()}”`}>
          <p>Check the spelling{only === 'online' ? ', or look among all your friends' : ''}.</p>
          {only === 'online' && (
            <Button variant="secondary" className="mt-3" onClick={onShowAll}>
              Show all friends
            </Button>
          )}
        </EmptyState>
      ) : (
        <EmptyState title="No one is online right now">
          <p>Your friends show up here while they are online.</p>
          <Button variant="secondary" className="mt-3" onClick={onShowAll}>
            Show all friends
          </Button>
        </EmptyState>
      )}
      {confirmDialog}
    </div>
  );
}
