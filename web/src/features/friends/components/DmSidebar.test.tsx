import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { person, refusal, renderWithSession, type FakeHandler } from '@/features/settings/testing';
import type { DmChat, MaybePresenceUser } from '../types';
import { DmSidebar } from './DmSidebar';

const ada = person('11', 'ada', 'Ada Lovelace', 'online');
const bob = person('12', 'bob', 'Bob Builder', 'offline');
const zed = person('19', 'zed', 'Zed Stranger');

const chat = (id: string, user: MaybePresenceUser, last: string | null, unread = 0, mentions = 0): DmChat => ({
  id,
  type: 'dm',
  user,
  created_at: 1,
  last_read_id: null,
  last_message_id: last,
  unread_count: unread,
  mention_count: mentions,
});

function setup(routes: Record<string, FakeHandler> = {}) {
  const view = renderWithSession(<DmSidebar />, {
    at: '/dm/2',
    routes: {
      'GET /dms': { body: { chats: [chat('1', bob, '999'), chat('2', zed, null), chat('3', ada, '1000', 3)] } },
      'GET /friends/requests': { body: { incoming: [{ id: '5', user: zed, created_at: 1 }, { id: '6', user: zed, created_at: 2 }], outgoing: [] } },
      'GET /friends': { body: { friends: [{ user: ada, since: 1 }, { user: bob, since: 1 }] } },
      ...routes,
    },
  });
  act(() => view.session.presence.getState().reset([{ user_id: ada.id, status: 'dnd', last_seen: null }]));
  return view;
}

describe('DmSidebar', () => {
  it('lists DMs newest first, each a link named after the other user with its unread count', async () => {
    setup();
    const list = await screen.findByRole('list', { name: 'Direct messages' });
    const links = within(list).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('aria-label'))).toEqual(['Ada Lovelace, 3 unread messages', 'Bob Builder', 'Zed Stranger']);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/dm/3', '/dm/1', '/dm/2']);
    expect(links[2]?.getAttribute('aria-current')).toBe('page');
    // The badge shows the count; the unread name is bold.
    expect(links[0]?.querySelector('[data-variant]')?.textContent).toBe('3');
    expect(within(links[0]!).getByText('Ada Lovelace').className).toContain('font-semibold');
    expect(links[1]?.querySelector('[data-variant]')).toBeNull();
  });

  it('shows friends’ presence from the live store, and none for a non-friend', async () => {
    const { session } = setup();
    const list = await screen.findByRole('list', { name: 'Direct messages' });
    const [adaLink, bobLink, zedLink] = within(list).getAllByRole('link');
    expect(adaLink!.querySelector('[data-status]')?.getAttribute('data-status')).toBe('dnd');
    expect(bobLink!.querySelector('[data-status]')?.getAttribute('data-status')).toBe('offline');
    expect(zedLink!.querySelector('[data-status]')).toBeNull();
    act(() => session.presence.getState().update({ user_id: bob.id, status: 'online', last_seen: null }));
    expect(bobLink!.querySelector('[data-status]')?.getAttribute('data-status')).toBe('online');
  });

  it('re-sorts when a new message moves a chat', async () => {
    const { queryClient } = setup();
    const list = await screen.findByRole('list', { name: 'Direct messages' });
    act(() =>
      queryClient.setQueryData<DmChat[]>(['dms'], (l) => l?.map((c) => (c.id === '2' ? { ...c, last_message_id: '5000', unread_count: 1 } : c))),
    );
    await waitFor(() =>
      expect(within(list).getAllByRole('link')[0]?.getAttribute('aria-label')).toBe('Zed Stranger, 1 unread message'),
    );
  });

  it('links to the friends screen with the number of incoming requests', async () => {
    setup();
    const link = await screen.findByRole('link', { name: 'Friends, 2 pending friend requests' });
    expect(link.getAttribute('href')).toBe('/friends');
    expect(screen.getByRole('heading', { name: 'Direct messages' })).toBeTruthy();
  });

  it('shows a failed load with a retry', async () => {
    const { user, server } = setup({ 'GET /dms': refusal(503, 'unavailable', 'The server is restarting.') });
    expect(await screen.findByText(/The server is restarting\./)).toBeTruthy();
    server.routes['GET /dms'] = { body: { chats: [chat('3', ada, '1')] } };
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Ada Lovelace' })).toBeTruthy();
  });

  it('finds a friend and opens the DM from "Find or start a conversation"', async () => {
    let chats: DmChat[] = [];
    const { user, server, location } = setup({
      'GET /dms': () => ({ body: { chats } }),
      'POST /dms': () => {
        chats = [chat('77', bob, null)];
        return { status: 201, body: { chat: chats[0] } };
      },
      'GET /users': { body: { users: [bob] } },
    });
    await user.click(await screen.findByRole('button', { name: 'Find or start a conversation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Find or start a conversation' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Search for a person' }), 'bo');
    await user.click(within(dialog).getByRole('button', { name: 'Open conversation with Bob Builder' }));
    await waitFor(() => expect(location()).toBe('/dm/77'));
    expect(server.callsTo('POST /dms')[0]?.body).toEqual({ user_id: '12' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByRole('link', { name: 'Bob Builder' })).toBeTruthy();
  });

  it('offers a friend request, not a DM, to someone who is not a friend', async () => {
    const { user, server } = setup({
      'GET /dms': { body: { chats: [chat('3', ada, '1')] } },
      'GET /users': { body: { users: [zed] } },
      'POST /friends/requests': refusal(403, 'blocked', 'no'),
    });
    await user.click(await screen.findByRole('button', { name: 'Find or start a conversation' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox'), 'ze');
    expect(await within(dialog).findByText(/not your friend yet/)).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Open conversation with Zed Stranger' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Send Zed Stranger a friend request' }));
    expect(await screen.findByText(/one of you has blocked the other/)).toBeTruthy();
    expect(server.callsTo('POST /friends/requests')[0]?.body).toEqual({ user_id: '19' });
  });
});
