import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DmChat } from '@/features/friends/types';
import { queryKeys } from '@/features/live/queryKeys';
import { ADA, ME, page } from '@/features/live/testkit';
import type { ZoneWithReadState } from '@/features/zones/types';
import { renderChat, seedTimeline, testSession } from '../testing';
import ChannelScreen from './ChannelScreen';
import DmScreen from './DmScreen';

const DM_CHAT: DmChat = {
  id: '50',
  type: 'dm',
  user: { ...ADA, bio: '', created_at: 1 },
  created_at: 1,
  last_read_id: null,
  last_message_id: null,
  unread_count: 0,
  mention_count: 0,
};

const ZONE: ZoneWithReadState = {
  id: '9',
  name: 'Lab',
  icon_url: null,
  owner_id: '1',
  allow_member_invites: true,
  created_at: 1,
  my_role: 'member',
  channels: [
    { id: '70', name: 'general', type: 'text', position: 0, topic: 'Anything goes', last_read_id: null, last_message_id: null, unread_count: 0, mention_count: 0 },
    { id: '71', name: 'Lounge', type: 'voice', position: 1, topic: '' },
  ],
};

describe('DmScreen', () => {
  it('shows the conversation with the other user and its panels', async () => {
    const user = userEvent.setup();
    const t = testSession();
    t.queryClient.setQueryData(queryKeys.dms, [DM_CHAT]);
    seedTimeline(t, { chat_id: '50' }, page(['10'], false, false));
    renderChat(<DmScreen />, t, { route: '/dm/50', path: '/dm/:chatId' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Ada');
    expect(screen.getByRole('textbox', { name: 'Message @Ada' })).toBeTruthy();
    const pins = screen.getByRole('button', { name: 'Pinned messages' });
    expect(pins.getAttribute('aria-pressed')).toBe('false');
    await user.click(pins);
    expect(pins.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Search' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('shows "Seen" from the DM list before any chat:seen arrives', async () => {
    const t = testSession();
    t.queryClient.setQueryData(queryKeys.dms, [{ ...DM_CHAT, peer_last_read_id: '11' }]);
    seedTimeline(t, { chat_id: '50' }, page(['10', '11'], false, false, { author: ME }));
    renderChat(<DmScreen />, t, { route: '/dm/50', path: '/dm/:chatId' });
    expect(await screen.findByText('Seen')).toBeTruthy();
    expect(t.session.seen.getState().byChat['50']).toEqual({ user_id: ADA.id, last_read_id: '11' });
  });

  it('says so when the chat is unknown, with the way back', () => {
    const t = testSession();
    t.queryClient.setQueryData(queryKeys.dms, [DM_CHAT]);
    renderChat(<DmScreen />, t, { route: '/dm/77', path: '/dm/:chatId' });
    expect(screen.getByRole('alert').textContent).toMatch(/does not exist/);
    expect(screen.getByRole('link', { name: 'Back to friends' }).getAttribute('href')).toBe('/friends');
  });

  it('shows the server’s words when the list cannot be loaded', async () => {
    const t = testSession();
    renderChat(<DmScreen />, t, { route: '/dm/50', path: '/dm/:chatId' });
    // The screen asks for the DM list and, at the same time, the newest messages.
    expect(t.rest.requests.map((r) => r.url.pathname).sort()).toEqual(['/api/v1/chats/50/messages', '/api/v1/dms']);
    const unavailable = { error: { code: 'unavailable', message: 'The server is stopping.' } };
    await act(async () => {
      await t.rest.reply(unavailable, 503);
      await t.rest.reply(unavailable, 503);
    });
    expect((await screen.findByRole('alert')).textContent).toBe('The server is stopping.');
  });
});

describe('ChannelScreen', () => {
  function openChannel(id: string) {
    const t = testSession();
    t.queryClient.setQueryData(queryKeys.zone('9'), ZONE);
    t.queryClient.setQueryData(queryKeys.zoneMembers('9'), []);
    seedTimeline(t, { channel_id: '70' }, page(['10'], false, false, { chat_id: '9', channel_id: '70' }));
    renderChat(<ChannelScreen />, t, { route: `/zones/9/${id}`, path: '/zones/:zoneId/:channelId' });
    return t;
  }

  it('shows the channel with its name, topic and member list toggle', async () => {
    const user = userEvent.setup();
    openChannel('70');
    expect(screen.getByRole('heading', { level: 1, name: '# general' })).toBeTruthy();
    expect(screen.getByText('Anything goes')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message #general' })).toBeTruthy();
    expect(screen.getByRole('complementary', { name: 'Members' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Hide member list' }));
    expect(screen.queryByRole('complementary', { name: 'Members' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Show member list' })).toBeTruthy();
  });

  it('tells that voice channels come later', () => {
    openChannel('71');
    expect(screen.getByText(/Voice channels are coming in a later release/)).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('says so for a channel that does not exist', () => {
    openChannel('99');
    expect(screen.getByRole('alert').textContent).toMatch(/does not exist in Lab/);
    expect(screen.getByRole('link', { name: 'Go to Lab' }).getAttribute('href')).toBe('/zones/9');
  });
});
