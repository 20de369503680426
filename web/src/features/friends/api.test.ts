import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '@/lib/api/client';
import { friendsApi } from './api';
import { hasPresence, type DmChat, type Friend, type FriendRequest, type PublicUser } from './types';

interface Call {
  method: string;
  url: string;
  body: unknown;
}

/** A client whose fetch answers from `replies` in turn and records every request. */
function setup(...replies: { status: number; body?: unknown }[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const raw = init?.body;
    calls.push({
      method: init?.method ?? 'GET',
      url: String(url),
      body: typeof raw === 'string' ? JSON.parse(raw) : raw,
    });
    const r = replies.shift() ?? { status: 204 };
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status });
  }) as unknown as typeof globalThis.fetch;
  return { api: friendsApi(createApiClient({ fetch })), calls };
}

const bob: PublicUser = {
  id: '252300597884092416',
  username: 'bob',
  display_name: 'Bob',
  avatar_url: null,
  bio: '',
  created_at: 1750000000000,
};
const bobOnline = { ...bob, status: 'online' as const, last_seen: null };
const friend: Friend = { user: bobOnline, since: 1750000000500 };
const request: FriendRequest = { id: '300', user: bob, created_at: 1750000000100 };
const chat: DmChat = {
  id: '400',
  type: 'dm',
  user: bobOnline,
  created_at: 1750000000200,
  last_read_id: null,
  last_message_id: '401',
  unread_count: 3,
  mention_count: 1,
};

describe('friendsApi', () => {
  it('lists friends, unwrapping {"friends"}', async () => {
    const { api, calls } = setup({ status: 200, body: { friends: [friend] } });
    expect(await api.listFriends()).toEqual([friend]);
    expect(calls).toEqual([{ method: 'GET', url: '/api/v1/friends', body: undefined }]);
  });

  it('removes a friend by user id', async () => {
    const { api, calls } = setup({ status: 204 });
    expect(await api.removeFriend('42')).toBeUndefined();
    expect(calls[0]).toEqual({ method: 'DELETE', url: '/api/v1/friends/42', body: undefined });
  });

  it('lists incoming and outgoing requests as they come', async () => {
    const answer = { incoming: [request], outgoing: [] };
    const { api, calls } = setup({ status: 200, body: answer });
    expect(await api.listRequests()).toEqual(answer);
    expect(calls[0]?.url).toBe('/api/v1/friends/requests');
  });

  it('sends a request by username or by user id, with either answer', async () => {
    const { api, calls } = setup(
      { status: 201, body: { request } },
      { status: 200, body: { friend } },
    );
    const made = await api.sendRequest({ username: 'Bob' });
    expect(made.request).toEqual(request);
    expect(made.friend).toBeUndefined();
    const mutual = await api.sendRequest({ user_id: bob.id });
    expect(mutual.friend).toEqual(friend);
    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/friends/requests', body: { username: 'Bob' } },
      { method: 'POST', url: '/api/v1/friends/requests', body: { user_id: bob.id } },
    ]);
  });

  it('accepts, rejects and cancels a request by its id', async () => {
    const { api, calls } = setup({ status: 200, body: { friend } }, { status: 204 }, { status: 204 });
    expect(await api.acceptRequest('300')).toEqual(friend);
    await api.rejectRequest('301');
    await api.cancelRequest('302');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/api/v1/friends/requests/300/accept', undefined],
      ['POST', '/api/v1/friends/requests/301/reject', undefined],
      ['DELETE', '/api/v1/friends/requests/302', undefined],
    ]);
  });

  it('lists blocks, unwrapping {"blocked"}', async () => {
    const { api, calls } = setup({ status: 200, body: { blocked: [bob] } });
    expect(await api.listBlocks()).toEqual([bob]);
    expect(calls[0]).toEqual({ method: 'GET', url: '/api/v1/blocks', body: undefined });
  });

  it('blocks with PUT and unblocks with DELETE', async () => {
    const { api, calls } = setup({ status: 204 }, { status: 204 });
    await api.block('42');
    await api.unblock('42');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['PUT', '/api/v1/blocks/42', undefined],
      ['DELETE', '/api/v1/blocks/42', undefined],
    ]);
  });

  it('opens a DM (201 and 200 alike) and gets the chat with its read state', async () => {
    const { api, calls } = setup({ status: 201, body: { chat } }, { status: 200, body: { chat } });
    expect(await api.openDm(bob.id)).toEqual(chat);
    const again = await api.openDm(bob.id);
    expect(again.unread_count).toBe(3);
    expect(again.last_read_id).toBeNull();
    expect(calls[0]).toEqual({ method: 'POST', url: '/api/v1/dms', body: { user_id: bob.id } });
  });

  it('lists DMs, unwrapping {"chats"}', async () => {
    const { api, calls } = setup({ status: 200, body: { chats: [chat] } });
    expect(await api.listDms()).toEqual([chat]);
    expect(calls[0]?.url).toBe('/api/v1/dms');
  });

  it('searches users with the query string and tells presence apart', async () => {
    const { api, calls } = setup(
      { status: 200, body: { users: [bobOnline, { ...bob, id: '7', username: 'bobby' }] } },
      { status: 200, body: { users: [] } },
    );
    const users = await api.searchUsers({ search: 'bo b', limit: 5 });
    expect(users.map(hasPresence)).toEqual([true, false]);
    expect(await api.searchUsers({ search: 'x' })).toEqual([]);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/users?search=bo+b&limit=5',
      '/api/v1/users?search=x',
    ]);
  });

  it('gets a user by id', async () => {
    const { api, calls } = setup({ status: 200, body: bob });
    const user = await api.getUser(bob.id);
    expect(user).toEqual(bob);
    expect(hasPresence(user)).toBe(false);
    expect(calls[0]?.url).toBe(`/api/v1/users/${bob.id}`);
  });

  it("turns a refusal into an ApiError with the server's code and field", async () => {
    const { api } = setup(
      {
        status: 422,
        body: { error: { code: 'invalid_field', message: 'Give a username.', field: 'username' } },
      },
      { status: 403, body: { error: { code: 'blocked', message: 'You cannot do that.' } } },
    );
    const err = await api.sendRequest({ username: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'invalid_field', field: 'username', message: 'Give a username.' });
    await expect(api.openDm('9')).rejects.toMatchObject({ status: 403, code: 'blocked', field: undefined });
  });

  it('keeps Retry-After on a rate-limited request', async () => {
    const fetch = vi.fn(
      async () =>
        new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Slow down.' } }), {
          status: 429,
          headers: { 'Retry-After': '120' },
        }),
    ) as unknown as typeof globalThis.fetch;
    const api = friendsApi(createApiClient({ fetch }));
    await expect(api.sendRequest({ user_id: '5' })).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfter: 120,
    });
  });
});
