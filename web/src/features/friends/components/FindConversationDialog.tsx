// "Find or start a conversation": search friends and existing DMs by name, and anyone by
// username (GET /users?search=); picking a friend opens the DM, picking someone else offers
// a friend request (a DM needs a friendship).
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Avatar, Button, Dialog, Spinner, TextField, toast } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import { failedOutcome, sentOutcome } from '../hooks/addFriend';
import { sortDms } from '../hooks/dms';
import { useStatusOf } from '../hooks/presence';
import { useDms, useFriends } from '../hooks/queries';
import { useAsyncAction } from '../hooks/useAsyncAction';
import { useFriendActions } from '../hooks/useFriendActions';
import { useUserSearch } from '../hooks/useUserSearch';
import { hasPresence, type DmChat, type MaybePresenceUser } from '../types';

interface Candidate {
  user: MaybePresenceUser;
  chat?: DmChat;
  friend: boolean;
}

function nameMatches(user: MaybePresenceUser, text: string): boolean {
  const t = text.trim().replace(/^@/, '').toLocaleLowerCase();
  return !t || user.display_name.toLocaleLowerCase().includes(t) || user.username.toLowerCase().startsWith(t);
}

/** Known people first (DMs by activity, then friends), then the server's other matches. */
function useCandidates(text: string) {
  const dms = useDms();
  const friends = useFriends();
  const search = useUserSearch(text);
  const list = useMemo(() => {
    const out = new Map<string, Candidate>();
    const friendIds = new Set((friends.data ?? []).map((f) => f.user.id));
    for (const chat of sortDms(dms.data ?? [])) {
      if (nameMatches(chat.user, text)) out.set(chat.user.id, { user: chat.user, chat, friend: friendIds.has(chat.user.id) });
    }
    for (const f of friends.data ?? []) {
      if (!out.has(f.user.id) && nameMatches(f.user, text)) out.set(f.user.id, { user: f.user, friend: true });
    }
    if (search.term !== null) {
      for (const u of search.data ?? []) {
        if (!out.has(u.id)) out.set(u.id, { user: u, friend: hasPresence(u) || friendIds.has(u.id) });
      }
    }
    return [...out.values()].slice(0, 30);
  }, [dms.data, friends.data, search.data, search.term, text]);
  return { list, searching: search.term !== null && search.isFetching, error: search.error };
}

function CandidateRow({ c, onOpen, onAdd, busy }: { c: Candidate; onOpen: (c: Candidate) => void; onAdd: (c: Candidate) => void; busy: boolean }) {
  const status = useStatusOf(c.user);
  const canOpen = Boolean(c.chat) || c.friend;
  const who = (
    <>
      <Avatar userId={c.user.id} name={c.user.display_name} src={c.user.avatar_url} alt="" size="sm" status={status} />
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium text-heading">{c.user.display_name}</span>
        <span className="block truncate text-xs text-muted">
          {c.user.username}
          {!canOpen && ' · not your friend yet'}
        </span>
      </span>
    </>
  );
  return (
    <li className="flex items-center gap-2 rounded-sm px-1 hover:bg-hover" style={{ ['--avatar-ring' as string]: 'var(--color-chat)' }}>
      {canOpen ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => onOpen(c)}
          aria-label={`Open conversation with ${c.user.display_name}`}
          className="flex min-w-0 flex-1 cursor-pointer items-center gap-3 rounded-sm py-1.5 text-left focus-visible:outline-2 focus-visible:outline-focus disabled:cursor-wait"
        >
          {who}
        </button>
      ) : (
        <div className="flex min-w-0 flex-1 items-center gap-3 py-1.5">{who}</div>
      )}
      {!canOpen && (
        <Button
          variant="secondary"
          size="sm"
          disabled={busy}
          aria-label={`Send ${c.user.display_name} a friend request`}
          onClick={() => onAdd(c)}
        >
          Add friend
        </Button>
      )}
    </li>
  );
}

export interface FindConversationDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function FindConversationDialog({ open, onOpenChange }: FindConversationDialogProps) {
  const [text, setText] = useState('');
  const actions = useFriendActions();
  const navigate = useNavigate();
  const { list, searching, error } = useCandidates(text);

  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) setText('');
  };

  const openDm = useAsyncAction(async (c: Candidate) => {
    if (c.chat) navigate(paths.dm(c.chat.id));
    else await actions.openDm(c.user.id);
    close(false);
  });

  const add = useAsyncAction(async (c: Candidate) => {
    try {
      const result = await actions.sendRequest({ user_id: c.user.id });
      toast.success(sentOutcome(result, c.user.display_name).text);
    } catch (err) {
      toast.error(failedOutcome(err, c.user.display_name).text);
    }
  });

  const first = list.find((c) => c.chat || c.friend);
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title="Find or start a conversation"
      description="Search your friends and conversations by name, or anyone by username."
      size="md"
    >
      <form
        className="pt-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (first) void openDm.run(first);
        }}
      >
        <TextField
          label="Search for a person"
          hideLabel
          placeholder="Where would you like to go?"
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </form>
      <div className="mt-3 min-h-40">
        <p className="mb-1 flex items-center gap-2 px-1 text-xs font-semibold tracking-wide text-muted uppercase">
          {text.trim() ? 'Results' : 'Conversations and friends'}
          {searching && <Spinner size="sm" label="Searching…" />}
        </p>
        {error && (
          <p role="alert" className="px-1 text-sm text-danger-text">
            {errorMessage(error)}
          </p>
        )}
        {list.length > 0 ? (
          <ul aria-label="People" className="flex flex-col">
            {list.map((c) => (
              <CandidateRow
                key={c.user.id}
                c={c}
                busy={openDm.busy || add.busy}
                onOpen={(x) => void openDm.run(x)}
                onAdd={(x) => void add.run(x)}
              />
            ))}
          </ul>
        ) : (
          <p className="px-1 py-4 text-sm text-muted">
            {text.trim() ? 'Nobody found by that name.' : 'Add friends first: then you can message them here.'}
          </p>
        )}
      </div>
    </Dialog>
  );
}
