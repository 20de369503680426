// The "Blocked" tab: the users the user blocked, each with "Unblock".
import { Button } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { useBlocks } from '../hooks/queries';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { useFriendActions } from '../hooks/useFriendActions';
import type { Block } from '../types';
import { EmptyState, ListHeading, LoadError, RowsSkeleton, UserRow } from './UserRow';

function BlockedRow({ user }: { user: Block }) {
  const actions = useFriendActions();
  const unblock = useAsyncAction(() => actions.unblock(user.id));
  return (
    <UserRow
      user={user}
      detail="Blocked"
      actions={
        <Button
          variant="secondary"
          size="sm"
          aria-label={`Unblock ${user.display_name}`}
          loading={unblock.busy}
          onClick={() => void unblock.run()}
        >
          Unblock
        </Button>
      }
    />
  );
}

export function BlockedList() {
  const blocks = useBlocks();
  if (blocks.isPending) return <RowsSkeleton label="Loading blocked users…" />;
  if (blocks.isError) return <LoadError message={errorMessage(blocks.error)} onRetry={() => void blocks.refetch()} />;
  if (blocks.data.length === 0) {
    return (
      <EmptyState title="You have not blocked anyone">
        <p>Blocking someone from their menu in your friend list stops their friend requests and messages.</p>
      </EmptyState>
    );
  }
  return (
    <div>
      <ListHeading>Blocked — {blocks.data.length}</ListHeading>
      <ul aria-label="Blocked users" className="flex flex-col">
        {blocks.data.map((u) => (
          <BlockedRow key={u.id} user={u} />
        ))}
      </ul>
    </div>
  );
}
