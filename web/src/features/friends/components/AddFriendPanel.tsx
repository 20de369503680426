// The "Add friend" tab: send a request by username and read, in words, what came of it; while
// typing, matching users are listed with their own "send a request" button.
import { zodResolver } from '@hookform/resolvers/zod';
import { Check } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button, cn, Spinner, TextField } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { addFriendSchema, failedOutcome, sentOutcome, type AddFriendInput, type Outcome } from '../hooks/addFriend';
import { useFriends } from '../hooks/queries';
import { useFriendActions } from '../hooks/useFriendActions';
import { useUserSearch } from '../hooks/useUserSearch';
import { hasPresence, type FriendRequestTarget, type MaybePresenceUser } from '../types';
import { ListHeading, UserRow } from './UserRow';

function SearchResults({ text, onSend, sending }: { text: string; onSend: (user: MaybePresenceUser) => void; sending: boolean }) {
  const search = useUserSearch(text, 8);
  const friends = useFriends();
  if (search.term === null) return null;
  const friendIds = new Set((friends.data ?? []).map((f) => f.user.id));
  return (
    <section aria-label="Matching users" className="mt-6">
      <ListHeading>Users starting with “{search.term}”</ListHeading>
      {search.isError ? (
        <p role="alert" className="text-sm text-danger-text">
          {errorMessage(search.error)}
        </p>
      ) : search.isPending ? (
        <Spinner label="Searching…" />
      ) : search.data.length === 0 ? (
        <p className="text-sm text-muted">No user’s name starts with that.</p>
      ) : (
        <ul className="flex flex-col">
          {search.data.map((u) => {
            const friend = hasPresence(u) || friendIds.has(u.id);
            return (
              <UserRow
                key={u.id}
                user={u}
                detail={friend ? 'Already your friend' : `@${u.username}`}
                actions={
                  !friend && (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={sending}
                      aria-label={`Send ${u.display_name} a friend request`}
                      onClick={() => onSend(u)}
                    >
                      Send request
                    </Button>
                  )
                }
              />
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function AddFriendPanel() {
  const actions = useFriendActions();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [sending, setSending] = useState(false);
  const form = useForm<AddFriendInput>({ resolver: zodResolver(addFriendSchema), defaultValues: { username: '' } });
  const typed = form.watch('username');

  const send = async (to: FriendRequestTarget, asked: string) => {
    setSending(true);
    setOutcome(null);
    try {
      const result = await actions.sendRequest(to);
      setOutcome(sentOutcome(result, asked));
      form.reset({ username: '' });
    } catch (err) {
      setOutcome(failedOutcome(err, asked));
    } finally {
      setSending(false);
    }
  };

  const onSubmit = form.handleSubmit(async (v) => {
    const username = addFriendSchema.parse(v).username;
    await send({ username }, username);
  });

  const error = form.formState.errors.username?.message;
  return (
    <section aria-labelledby="add-friend-title" className="max-w-3xl">
      <h2 id="add-friend-title" className="font-semibold text-heading uppercase">
        Add friend
      </h2>
      <p className="mt-1 text-sm text-muted">You can add friends with their OpenChat username.</p>
      <form noValidate onSubmit={(e) => void onSubmit(e)} className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          label="Username"
          placeholder="e.g. ada.lovelace"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          wrapperClassName="min-w-0 flex-1"
          error={error}
          {...form.register('username', { onChange: () => setOutcome(null) })}
        />
        <Button type="submit" loading={sending} className="shrink-0 sm:mt-6">
          Send friend request
        </Button>
      </form>
      <div role="status" className="mt-3 text-sm">
        {outcome?.ok && (
          <p className="flex items-start gap-1.5 text-normal">
            <Check className="mt-0.5 size-4 shrink-0 text-online" aria-hidden />
            {outcome.text}
          </p>
        )}
      </div>
      <div role="alert" className={cn('text-sm', outcome && !outcome.ok && 'mt-1')}>
        {outcome && !outcome.ok && <p className="text-danger-text">{outcome.text}</p>}
      </div>
      <SearchResults text={typed} sending={sending} onSend={(u) => void send({ user_id: u.id }, u.display_name)} />
    </section>
  );
}
