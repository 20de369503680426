import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { person, refusal, renderWithSession, type FakeReply } from '@/features/settings/testing';
import type { Friend, FriendRequest, PublicUser } from '../types';
import FriendsScreen from './FriendsScreen';

const ada = person('11', 'ada', 'Ada Lovelace', 'online');
const bob = person('12', 'bob', 'Bob Builder', 'offline');
const carol = person('13', 'carol', 'Carol Shaw');
const dave = person('14', 'dave', 'Dave Cutler');
const eve = person('15', 'eve', 'Eve Online');

/** A server whose lists change as the test acts, like the real one. */
function world() {
  const state = {
    friends: [
      { user: ada, since: 1 },
      { user: bob, since: 2 },
    ] as Friend[],
    incoming: [{ id: '901', user: carol, created_at: 1 }] as FriendRequest[],
    outgoing: [{ id: '902', user: dave, created_at: 2 }] as FriendRequest[],
    blocked: [eve] as PublicUser[],
  };
  const routes = {
    'GET /friends': () => ({ body: { friends: state.friends } }),
    'GET /friends/requests': () => ({ body: { incoming: state.incoming, outgoing: state.outgoing } }),
    'GET /blocks': () => ({ body: { blocked: state.blocked } }),
    'GET /dms': { body: { chats: [] } },
    'POST /friends/requests/901/accept': () => {
      state.incoming = [];
      const friend = { user: { ...carol, status: 'offline' as const, last_seen: null }, since: 3 };
      state.friends = [...state.friends, friend];
      return { body: { friend } };
    },
    'POST /friends/requests/901/reject': () => {
      state.incoming = [];
      return {};
    },
    'DELETE /friends/requests/902': () => {
      state.outgoing = [];
      return {};
    },
    'DELETE /friends/12': () => {
      state.friends = state.friends.filter((f) => f.user.id !== '12');
      return {};
    },
    'PUT /blocks/11': () => {
      state.friends = state.friends.filter((f) => f.user.id !== '11');
      state.blocked = [...state.blocked, ada];
      return {};
    },
    'DELETE /blocks/15': () => {
      state.blocked = [];
      return {};
    },
    'POST /dms': {
      status: 201,
      body: { chat: { id: '400', type: 'dm', user: ada, created_at: 5, last_read_id: null, last_message_id: null, unread_count: 0, mention_count: 0 } },
    },
  };
  return { state, routes };
}

function setup(at = '/friends', overrides: Record<string, FakeReply> = {}) {
  const { state, routes } = world();
  const view = renderWithSession(<FriendsScreen />, { routes: { ...routes, ...overrides }, at, path: '/friends' });
  act(() => view.session.presence.getState().reset([{ user_id: ada.id, status: 'online', last_seen: null }]));
  return { ...view, state };
}

const tab = (name: string) => screen.getByRole('tab', { name });

describe('FriendsScreen', () => {
  it('has the five tabs, Online selected first, showing only online friends with their status', async () => {
    const { user } = setup();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Online', 'All', 'Pending', 'Blocked', 'Add friend']);
    expect(tab('Online').getAttribute('aria-selected')).toBe('true');
    const list = await screen.findByRole('list', { name: 'Online friends' });
    expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['Ada Lovelace']);
    expect(within(list).getByText('Online')).toBeTruthy();

    await user.click(tab('All'));
    const all = await screen.findByRole('list', { name: 'All friends' });
    expect(within(all).getAllByRole('listitem')).toHaveLength(2);
    expect(within(all).getByText('Offline')).toBeTruthy();

    await user.type(screen.getByLabelText('Search friends'), 'bob');
    expect(within(all).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual(['Bob Builder']);
    await user.type(screen.getByLabelText('Search friends'), 'x');
    expect(screen.getByText('No friend matches “bobx”')).toBeTruthy();
  });

  it('moves between tabs with the arrow keys', async () => {
    const { user } = setup();
    tab('Online').focus();
    await user.keyboard('{ArrowRight}');
    expect(tab('All').getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab('All'));
    await user.keyboard('{End}');
    expect(tab('Add friend').getAttribute('aria-selected')).toBe('true');
  });

  it('accepts an incoming request: the route is called and the lists update', async () => {
    const { user, server } = setup('/friends?tab=pending');
    await user.click(await screen.findByRole('button', { name: 'Accept friend request from Carol Shaw' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Accept friend request from Carol Shaw' })).toBeNull());
    expect(server.callsTo('POST /friends/requests/901/accept')).toHaveLength(1);
    await user.click(tab('All'));
    expect(await screen.findByRole('listitem', { name: 'Carol Shaw' })).toBeTruthy();
  });

  it('rejects an incoming request and cancels an outgoing one', async () => {
    const { user, server } = setup('/friends?tab=pending');
    await user.click(await screen.findByRole('button', { name: 'Reject friend request from Carol Shaw' }));
    await waitFor(() => expect(screen.queryByText('Incoming — 1')).toBeNull());
    expect(server.callsTo('POST /friends/requests/901/reject')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Cancel friend request to Dave Cutler' }));
    expect(await screen.findByText('No pending friend requests')).toBeTruthy();
    expect(server.callsTo('DELETE /friends/requests/902')).toHaveLength(1);
  });

  it('shows a refused action in words and keeps the row', async () => {
    const { user, server } = setup('/friends?tab=pending');
    server.routes['POST /friends/requests/901/accept'] = refusal(404, 'request_not_found', 'That friend request is gone.');
    await user.click(await screen.findByRole('button', { name: 'Accept friend request from Carol Shaw' }));
    expect(await screen.findByText('That friend request is gone.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Accept friend request from Carol Shaw' })).toBeTruthy();
  });

  it('removes a friend after confirming', async () => {
    const { user, server } = setup('/friends?tab=all');
    await user.click(await screen.findByRole('button', { name: 'More actions for Bob Builder' }));
    await user.click(screen.getByRole('menuitem', { name: 'Remove friend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove Bob Builder' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove friend' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Bob Builder' })).toBeNull());
    expect(server.callsTo('DELETE /friends/12')).toHaveLength(1);
  });

  it('does nothing when the removal is cancelled', async () => {
    const { user, server } = setup('/friends?tab=all');
    await user.click(await screen.findByRole('button', { name: 'More actions for Bob Builder' }));
    await user.click(screen.getByRole('menuitem', { name: 'Remove friend' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(server.callsTo('DELETE /friends/12')).toHaveLength(0);
    expect(screen.getByRole('listitem', { name: 'Bob Builder' })).toBeTruthy();
  });

  it('blocks a friend after confirming; they move to Blocked, where they can be unblocked', async () => {
    const { user, server } = setup();
    await user.click(await screen.findByRole('button', { name: 'More actions for Ada Lovelace' }));
    await user.click(screen.getByRole('menuitem', { name: 'Block' }));
    const dialog = await screen.findByRole('dialog', { name: 'Block Ada Lovelace?' });
    await user.click(within(dialog).getByRole('button', { name: 'Block' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Ada Lovelace' })).toBeNull());
    expect(server.callsTo('PUT /blocks/11')).toHaveLength(1);

    await user.click(tab('Blocked'));
    expect(await screen.findByRole('button', { name: 'Unblock Ada Lovelace' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Unblock Eve Online' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Unblock Eve Online' })).toBeNull());
    expect(server.callsTo('DELETE /blocks/15')).toHaveLength(1);
  });

  it('opens the DM with a friend', async () => {
    const { user, server, location } = setup();
    await user.click(await screen.findByRole('button', { name: 'Message Ada Lovelace' }));
    await waitFor(() => expect(location()).toBe('/dm/400'));
    expect(server.callsTo('POST /dms')[0]?.body).toEqual({ user_id: '11' });
  });

  it('tells what to do when there are no friends, and leads to Add friend', async () => {
    const { user, location } = setup('/friends', { 'GET /friends': { body: { friends: [] } } });
    expect(await screen.findByText(/Add a friend by their username/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Add a friend' }));
    expect(tab('Add friend').getAttribute('aria-selected')).toBe('true');
    expect(location()).toBe('/friends?tab=add');
  });

  it('shows a list that failed to load, with a retry', async () => {
    const { user, server } = setup('/friends?tab=blocked', { 'GET /blocks': refusal(500, 'server_error', 'The database is asleep.') });
    expect(await screen.findByText('The database is asleep.')).toBeTruthy();
    server.routes['GET /blocks'] = { body: { blocked: [eve] } };
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Unblock Eve Online' })).toBeTruthy();
  });
});

describe('Add friend', () => {
  const cases: [string, FakeReply, RegExp][] = [
    ['sent', { status: 201, body: { request: { id: '1', user: carol, created_at: 1 } } }, /Friend request sent to Carol Shaw\./],
    ['became friends', { status: 200, body: { friend: { user: { ...carol, status: 'online', last_seen: null }, since: 1 } } }, /Carol Shaw had already sent you a request: you are now friends\./],
    ['already friends', refusal(409, 'already_friends', 'x'), /already friends with “carol”/],
    ['pending', refusal(409, 'request_exists', 'x'), /already sent “carol” a friend request: it is still pending/],
    ['not found', refusal(404, 'user_not_found', 'x'), /No user is called “carol”/],
    ['blocked', refusal(403, 'blocked', 'x'), /one of you has blocked the other/],
    ['yourself', refusal(422, 'cannot_befriend_self', 'x'), /cannot send yourself a friend request/],
    ['unverified', refusal(403, 'email_unverified', 'x'), /Verify your e-mail address/],
  ];

  it.each(cases)('says in words when the answer is: %s', async (_name, reply, words) => {
    const { user, server } = setup('/friends?tab=add');
    server.routes['POST /friends/requests'] = reply;
    server.routes['GET /users'] = { body: { users: [] } };
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'carol');
    await user.click(screen.getByRole('button', { name: 'Send friend request' }));
    expect(await screen.findByText(words)).toBeTruthy();
    expect(server.callsTo('POST /friends/requests')[0]?.body).toEqual({ username: 'carol' });
  });

  it('refuses an empty or impossible username before asking the server', async () => {
    const { user, server } = setup('/friends?tab=add');
    await user.click(screen.getByRole('button', { name: 'Send friend request' }));
    expect(await screen.findByText('Enter a username.')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Username' }).getAttribute('aria-invalid')).toBe('true');
    expect(server.callsTo('POST /friends/requests')).toHaveLength(0);
  });

  it('lists matching users while typing, each with its own request button', async () => {
    const { user, server } = setup('/friends?tab=add');
    server.routes['GET /users'] = { body: { users: [ada, carol] } };
    server.routes['POST /friends/requests'] = { status: 201, body: { request: { id: '1', user: carol, created_at: 1 } } };
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'ca');
    const results = await screen.findByRole('region', { name: 'Matching users' });
    await waitFor(() => expect(within(results).getAllByRole('listitem')).toHaveLength(2));
    expect(within(results).queryByRole('button', { name: 'Send Ada Lovelace a friend request' })).toBeNull();
    await user.click(within(results).getByRole('button', { name: 'Send Carol Shaw a friend request' }));
    expect(await screen.findByText('Friend request sent to Carol Shaw.')).toBeTruthy();
    expect(server.callsTo('POST /friends/requests')[0]?.body).toEqual({ user_id: '13' });
    expect(server.callsTo('GET /users')[0]?.query.get('search')).toBe('ca');
  });
});
