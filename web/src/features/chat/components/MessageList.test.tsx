import { screen, within } from '@testing-library/react';
import { act } from 'react';
import { ADA, ME, msg, page } from '@/features/live/testkit';
import type { Message } from '@/lib/socket/protocol';
import { renderChat, seedTimeline, testSession } from '../testing';
import { ConversationView } from './ConversationView';

const DM = { chat_id: '50' };
const T0 = Date.UTC(2025, 5, 3, 12, 0, 0);

function at(id: string, minutes: number, over: Partial<Message> = {}): Message {
  return msg(id, { created_at: T0 + minutes * 60_000, ...over });
}

function log() {
  return screen.getByRole('log', { name: 'Messages' });
}

describe('MessageList', () => {
  it('draws group heads with name and time, and compact rows for the rest of a group', () => {
    const t = testSession();
    seedTimeline(t, DM, {
      messages: [
        at('10', 0, { content: 'first' }),
        at('11', 1, { content: 'second' }),
        at('12', 2, { author: ME, content: 'mine' }),
        at('13', 30, { author: ME, content: 'later' }),
      ],
      has_more_before: false,
      has_more_after: false,
    });
    renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);

    const heads = within(log()).getAllByRole('heading', { level: 3 });
    // Ada's two messages form one group; mine start another, and 28 minutes later a third.
    expect(heads.map((h) => h.querySelector('span')?.textContent)).toEqual(['Ada', 'Me', 'Me']);
    const first = heads[0]!.querySelector('time')!;
    expect(first.getAttribute('dateTime')).toBe(new Date(T0).toISOString());
    expect(first.getAttribute('title')).toMatch(/2025/);
    expect(screen.getByText('second')).toBeTruthy();
    // The beginning of the history is loaded: the welcome is shown.
    expect(screen.getByText(/This is the beginning of your direct message history with/)).toBeTruthy();
    expect(within(log()).getAllByRole('separator').length).toBeGreaterThan(0); // the day
  });

  it('puts the "New messages" divider after the read position known at opening', () => {
    const t = testSession();
    seedTimeline(t, DM, page(['10', '11', '12'], false, false));
    renderChat(
      <ConversationView
        conversation={DM}
        title="Ada"
        kind="dm"
        peer={ADA}
        readState={{ last_read_id: '11', unread_count: 1 }}
      />,
      t,
    );
    const rows = Array.from(log().querySelectorAll('[data-row]')).map((r) => r.getAttribute('data-row'));
    const divider = rows.indexOf('unread');
    expect(divider).toBeGreaterThan(0);
    // Exactly one message (12) after it.
    expect(rows.slice(divider + 1)).toEqual(['message']);
    expect(screen.getByRole('separator', { name: 'New messages' })).toBeTruthy();
  });

  it('shows no divider when nothing was unread, even for messages arriving later', () => {
    const t = testSession();
    seedTimeline(t, DM, page(['10', '11'], false, false));
    renderChat(
      <ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} readState={{ last_read_id: '11', unread_count: 0 }} />,
      t,
    );
    act(() => t.session.conversations.getState().receiveNew(msg('12')));
    expect(screen.getByText('message 12')).toBeTruthy();
    expect(screen.queryByRole('separator', { name: 'New messages' })).toBeNull();
  });

  it('welcomes to a channel at its beginning and offers older messages otherwise', () => {
    const t = testSession();
    const ref = { chat_id: '9', channel_id: '70' };
    seedTimeline(t, ref, page(['10'], false, false, { chat_id: '9', channel_id: '70' }));
    renderChat(<ConversationView conversation={ref} title="general" kind="channel" zoneId="9" />, t);
    expect(screen.getByRole('heading', { name: 'Welcome to #general' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message #general' })).toBeTruthy();
  });

  it('loads the newest page when opened for the first time', async () => {
    const t = testSession();
    renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);
    expect(screen.getByText('Loading messages…')).toBeTruthy();
    expect(t.rest.requests[0]?.url.pathname).toBe('/api/v1/chats/50/messages');
    await act(() => t.rest.reply(page(['20', '21'], false, false)));
    expect(await screen.findByText('message 21')).toBeTruthy();
    expect(t.markOpen).toHaveBeenCalledWith('chat:50');
  });

  it('says in words when the messages cannot be loaded, and tries again', async () => {
    const t = testSession();
    renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);
    await act(() => t.rest.reply({ error: { code: 'chat_not_found', message: 'No such chat.' } }, 404));
    expect((await screen.findByRole('alert')).textContent).toContain('No such chat.');
    act(() => screen.getByRole('button', { name: 'Try again' }).click());
    await act(() => t.rest.reply(page(['30'], false, false)));
    expect(await screen.findByText('message 30')).toBeTruthy();
  });
});
