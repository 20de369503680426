import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { toastStore } from '@/components/ui';
import { queryKeys } from '@/features/live/queryKeys';
import { ADA, flush, ME, msg } from '@/features/live/testkit';
import type { ZoneRole, ZoneWithReadState } from '@/features/zones/types';
import type { Message } from '@/lib/socket/protocol';
import { renderChat, seedTimeline, testSession, type TestSession } from '../testing';
import { ConversationView } from './ConversationView';

const DM = { chat_id: '50' };
const CHANNEL = { chat_id: '9', channel_id: '70' };

function openDm(messages: Message[], t: TestSession = testSession()) {
  seedTimeline(t, DM, { messages, has_more_before: false, has_more_after: false });
  renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);
  return t;
}

function zone(role: ZoneRole): ZoneWithReadState {
  return {
    id: '9',
    name: 'Zone',
    icon_url: null,
    owner_id: '99',
    allow_member_invites: true,
    created_at: 1,
    my_role: role,
    channels: [{ id: '70', name: 'general', type: 'text', position: 0, topic: '', last_read_id: null, last_message_id: null, unread_count: 0, mention_count: 0 }],
  };
}

function openChannel(role: ZoneRole, messages: Message[]) {
  const t = testSession();
  t.queryClient.setQueryData(queryKeys.zone('9'), zone(role));
  t.queryClient.setQueryData(queryKeys.zoneMembers('9'), []);
  seedTimeline(t, CHANNEL, {
    messages: messages.map((m) => ({ ...m, chat_id: '9', channel_id: '70' })),
    has_more_before: false,
    has_more_after: false,
  });
  renderChat(<ConversationView conversation={CHANNEL} title="general" kind="channel" zoneId="9" />, t);
  return t;
}

/** The action bar of the message with this text. */
function bar(text: string) {
  const row = screen.getByText(text).closest('[data-message-id]') as HTMLElement;
  return within(within(row).getByRole('group', { name: 'Message actions' }));
}

function names(text: string) {
  return bar(text)
    .getAllByRole('button')
    .map((b) => b.getAttribute('aria-label'));
}

beforeEach(() => toastStore.getState().clear());

describe('pending messages', () => {
  it('shows a refused message with the reason, Retry sends it again and Discard drops it', async () => {
    const user = userEvent.setup();
    const t = openDm([msg('10')]);
    act(() => void t.session.conversations.getState().send(DM, { content: 'lost words' }));
    const first = t.sock.last('message:send');
    act(() => first.answer({ error: { code: 'blocked', message: 'You cannot message this user.' } }));
    await act(flush);

    expect(screen.getByRole('alert').textContent).toContain('You cannot message this user.');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    const again = t.sock.last('message:send');
    expect(again).not.toBe(first);
    expect(again.payload.nonce).toBe(first.payload.nonce);
    expect(screen.getByText('Sending…')).toBeTruthy();

    act(() => again.timeOut());
    await act(flush);
    await user.click(screen.getByRole('button', { name: 'Discard' }));
    expect(screen.queryByText('lost words')).toBeNull();
    expect(t.session.conversations.getState().timelines['chat:50']?.pending).toHaveLength(0);
  });
});

describe('reactions', () => {
  it('names each reaction with its count and mine, and toggles it', async () => {
    const user = userEvent.setup();
    const t = openDm([
      msg('10', {
        reactions: [
          { emoji: '👍', count: 2, me: true },
          { emoji: '🎉', count: 1, me: false },
        ],
      }),
    ]);
    const mine = screen.getByRole('button', { name: '👍 2, reacted by you' });
    const theirs = screen.getByRole('button', { name: '🎉 1' });
    expect(mine.getAttribute('aria-pressed')).toBe('true');
    expect(theirs.getAttribute('aria-pressed')).toBe('false');

    await user.click(mine);
    const remove = t.sock.last('reaction:remove');
    expect(remove.payload).toEqual({ message_id: '10', emoji: '👍' });
    act(() =>
      remove.answer({ reaction: { message_id: '10', chat_id: '50', channel_id: null, emoji: '👍', user_id: ME.id, count: 1, added: false } }),
    );
    await act(flush);
    expect(screen.getByRole('button', { name: '👍 1' }).getAttribute('aria-pressed')).toBe('false');

    await user.click(theirs);
    expect(t.sock.last('reaction:add').payload).toEqual({ message_id: '10', emoji: '🎉' });
  });

  it('says in a toast why a reaction was refused', async () => {
    const user = userEvent.setup();
    const t = openDm([msg('10', { reactions: [{ emoji: '🎉', count: 1, me: false }] })]);
    await user.click(screen.getByRole('button', { name: '🎉 1' }));
    act(() => t.sock.last('reaction:add').answer({ error: { code: 'reaction_limit', message: 'This message already has 20 different reactions.' } }));
    await act(flush);
    expect(toastStore.getState().toasts.map((x) => x.message)).toContain('This message already has 20 different reactions.');
  });
});

describe('action bar permissions', () => {
  const other = msg('10', { author: ADA, content: 'from Ada' });
  const mine = msg('11', { author: ME, content: 'from me' });

  it('in a DM: pin anything, edit and delete only mine', () => {
    openDm([other, mine]);
    expect(names('from Ada')).toEqual(['Add reaction', 'Reply', 'Pin message', 'More actions']);
    expect(names('from me')).toEqual(['Add reaction', 'Reply', 'Edit', 'Pin message', 'Delete message', 'More actions']);
  });

  it('in a channel as a member: no pins, and only my own messages to edit or delete', () => {
    openChannel('member', [other, mine]);
    expect(names('from Ada')).toEqual(['Add reaction', 'Reply', 'More actions']);
    expect(names('from me')).toEqual(['Add reaction', 'Reply', 'Edit', 'Delete message', 'More actions']);
  });

  it('in a channel as an admin: pin and delete anyone’s, edit only mine', () => {
    openChannel('admin', [other, mine]);
    expect(names('from Ada')).toEqual(['Add reaction', 'Reply', 'Pin message', 'Delete message', 'More actions']);
    openChannel('owner', [msg('12', { pinned: true, content: 'pinned one' })]);
    expect(names('pinned one')).toContain('Unpin message');
  });
});

describe('message actions', () => {
  it('deletes after confirming in a dialog', async () => {
    const user = userEvent.setup();
    const t = openDm([msg('11', { author: ME, content: 'regrets' })]);
    await user.click(bar('regrets').getByRole('button', { name: 'Delete message' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete message' });
    expect(within(dialog).getByText('regrets')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    const del = t.sock.last('message:delete');
    expect(del.payload).toEqual({ message_id: '11' });
    act(() => del.answer({ deleted: { id: '11', chat_id: '50', channel_id: null } }));
    await act(flush);
    expect(screen.queryByText('regrets')).toBeNull();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('pins, and shows the server’s refusal in a toast', async () => {
    const user = userEvent.setup();
    const t = openDm([msg('10', { content: 'pin me' })]);
    await user.click(bar('pin me').getByRole('button', { name: 'Pin message' }));
    expect(t.sock.last('message:pin').payload).toEqual({ message_id: '10' });
    act(() => t.sock.last('message:pin').answer({ error: { code: 'pin_limit', message: 'This conversation already has 50 pinned messages.' } }));
    await act(flush);
    expect(toastStore.getState().toasts.map((x) => x.message)).toContain('This conversation already has 50 pinned messages.');
  });

  it('edits in place: Escape cancels, emptying the text asks to delete instead', async () => {
    const user = userEvent.setup();
    const t = openDm([msg('11', { author: ME, content: 'typo' })]);
    await user.click(bar('typo').getByRole('button', { name: 'Edit' }));
    const editor = screen.getByRole('textbox', { name: 'Edit message' });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull();
    expect(editor.isConnected).toBe(false);

    await user.click(bar('typo').getByRole('button', { name: 'Edit' }));
    await user.clear(screen.getByRole('textbox', { name: 'Edit message' }));
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alertdialog', { name: 'Delete message' })).toBeTruthy();
    expect(t.sock.emitted.filter((e) => e.event === 'message:edit')).toHaveLength(0);
  });

  it('marks edited messages and highlights mentions of me', () => {
    openDm([msg('10', { content: `hey <@${ME.id}>`, mentions: [ME.id], edited_at: 1750000009999 })]);
    expect(screen.getByText('(edited)')).toBeTruthy();
    expect(screen.getByText(`@${ME.display_name}`).getAttribute('data-mention')).toBe(ME.id);
  });

  it('shows the replied message above a reply, or that it was deleted', () => {
    openDm([
      msg('10', { content: 'original' }),
      msg('11', { author: ME, content: 'answer', reply: { id: '10', author_id: ADA.id, content: 'original', deleted: false } }),
      msg('12', { author: ME, content: 'late answer', reply: { id: '5', author_id: ADA.id, content: '', deleted: true } }),
    ]);
    expect(screen.getByRole('button', { name: /Replying to Ada: original/ })).toBeTruthy();
    expect(screen.getByText('Original message was deleted')).toBeTruthy();
  });
});

describe('Seen', () => {
  it('is shown under my newest message only, once the other user read it', () => {
    const t = openDm([
      msg('10', { author: ME, content: 'one' }),
      msg('11', { author: ADA, content: 'two' }),
      msg('12', { author: ME, content: 'three' }),
    ]);
    expect(screen.queryByText('Seen')).toBeNull();
    act(() => t.session.seen.getState().seen({ chat_id: '50', user_id: ADA.id, last_read_id: '11' }));
    expect(screen.queryByText('Seen')).toBeNull(); // my newest (12) is not read yet
    act(() => t.session.seen.getState().seen({ chat_id: '50', user_id: ADA.id, last_read_id: '12' }));
    const seen = screen.getAllByText('Seen');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.closest('[data-message-id]')?.getAttribute('data-message-id')).toBe('12');
  });
});
