// The "Pending" tab: friend requests others sent (accept or reject) and the ones the user sent
// (cancel), as Discord lists them.
import { Check, X } from 'lucide-react';
import { Button } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { useFriendRequests } from '../hooks/queries';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { useFriendActions } from '../hooks/useFriendActions';
import type { FriendRequest } from '../types';
import { IconButton } from './IconButton';
import { EmptyState, ListHeading, LoadError, RowsSkeleton, UserRow } from './UserRow';

function IncomingRow({ request }: { request: FriendRequest }) {
  const actions = useFriendActions();
  const accept = useAsyncAction(() => actions.accept(request.id));
  const reject = useAsyncAction(() => actions.reject(request.id));
  const name = request.user.display_name;
  const busy = accept.busy || reject.busy;
  return (
    <UserRow
      user={request.user}
      detail="Incoming friend request"
      actions={
        <>
          <IconButton label={`Accept friend request from ${name}`} positive disabled={busy} onClick={() => void accept.run()}>
            <Check className="size-5" aria-hidden />
          </IconButton>
          <IconButton label={`Reject friend request from ${name}`} danger disabled={busy} onClick={() => void reject.run()}>
            <X className="size-5" aria-hidden />
          </IconButton>
        </>
      }
    />
  );
}

function OutgoingRow({ request }: { request: FriendRequest }) {
  const actions = useFriendActions();
  const cancel = useAsyncAction(() => actions.cancel(request.id));
  return (
    <UserRow
      user={request.user}
      detail="Outgoing friend request"
      actions={
        <IconButton
          label={`Cancel friend request to ${request.user.display_name}`}
          danger
          disabled={cancel.busy}
          onClick={() => void cancel.run()}
        >
          <X className="size-5" aria-hidden />
        </IconButton>
      }
    />
  );
}

export function PendingList({ onAddFriend }: { onAddFriend: () => void }) {
  const requests = useFriendRequests();
  if (requests.isPending) return <RowsSkeleton label="Loading friend requests…" />;
  if (requests.isError) return <LoadError message={errorMessage(requests.error)} onRetry={() => void requests.refetch()} />;

  const { incoming, outgoing } = requests.data;
  if (incoming.length === 0 && outgoing.length === 0) {
    return (
      <EmptyState title="No pending friend requests">
        <p>Requests others send you wait here for your answer, and so do the ones you send until they answer.</p>
        <Button className="mt-3" onClick={onAddFriend}>
          Add a friend
        </Button>
      </EmptyState>
    );
  }
  return (
    <div>
      {incoming.length > 0 && (
        <section aria-label="Incoming friend requests">
          <ListHeading>Incoming — {incoming.length}</ListHeading>
          <ul className="flex flex-col">
            {incoming.map((r) => (
              <IncomingRow key={r.id} request={r} />
            ))}
          </ul>
        </section>
      )}
      {outgoing.length > 0 && (
        <section aria-label="Outgoing friend requests">
          <ListHeading>Outgoing — {outgoing.length}</ListHeading>
          <ul className="flex flex-col">
            {outgoing.map((r) => (
              <OutgoingRow key={r.id} request={r} />
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
