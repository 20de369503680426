import { QueryClient } from '@tanstack/react-query';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DmChat } from '@/features/friends/types';
import { createTypingStore } from '@/features/chat/typing/store';
import { createPresenceStore } from '@/features/presence/store';
import type { ZoneSummary, ZoneWithReadState } from '@/features/zones/types';
import { createConnectionStore } from '@/lib/socket/connection';
import { bindLive, LIVE_EVENTS, type LiveSocket } from './bind';
import { createConversationsStore } from './conversations';
import { queryKeys } from './queryKeys';
import { createSeenStore } from './seen';
import { ADA, fakeApi, fakeSocket, ME, msg, page } from './testkit';

// socket.io-client's Socket must fit what bindLive asks for.
const _fits: (s: Socket) => LiveSocket = (s) => s;

const user = { id: '2', username: 'ada', display_name: 'Ada', avatar_url: null, bio: '', created_at: 0 };
const dm = (over: Partial<DmChat> = {}): DmChat => ({
  id: '50',
  type: 'dm',
  user,
  created_at: 0,
  last_read_id: '10',
  last_message_id: '10',
  unread_count: 0,
  mention_count: 0,
  ...over,
});
const zone = (unread = 0, mention = 0): ZoneWithReadState => ({
  id: '60',
  name: 'Rust Fans',
  icon_url: null,
  owner_id: '2',
  allow_member_invites: false,
  created_at: 0,
  my_role: 'member',
  channels: [
    { id: '70', name: 'general', type: 'text', position: 0, topic: '', last_read_id: '10', last_message_id: '10', unread_count: unread, mention_count: mention },
    { id: '71', name: 'General', type: 'voice', position: 1, topic: '' },
  ],
});
const summary = (unread = 0, mention = 0): ZoneSummary => {
  const { channels: _c, ...info } = zone();
  return { ...info, unread_count: unread, mention_count: mention };
};

let unbinds: (() => void)[] = [];
afterEach(() => {
  for (const u of unbinds) u();
  unbinds = [];
  vi.useRealTimers();
});

function setup(open: string[] = []) {
  const s = fakeSocket();
  const a = fakeApi();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } });
  const conversations = createConversationsStore({ api: a.api, socket: s.socket, me: () => ME });
  const deps = {
    queryClient,
    conversations,
    presence: createPresenceStore(),
    typing: createTypingStore(),
    connection: createConnectionStore(),
    seen: createSeenStore(),
    me: () => ME,
    isOpen: (key: string) => open.includes(key),
    now: () => 1_000,
  };
  const unbind = bindLive(s.socket, deps);
  unbinds.push(unbind);
  const invalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated ?? false;
  /** Puts data under keys, so invalidation shows on them. */
  const seed = (...entries: [readonly unknown[], unknown][]) => {
    for (const [k, v] of entries) queryClient.setQueryData(k, v);
  };
  async function loadDm() {
    const p = conversations.getState().loadLatest({ chat_id: '50' });
    await a.reply(page(['9', '10'], true, false));
    await p;
  }
  async function loadChannel(id = '70') {
    const p = conversations.getState().loadLatest({ channel_id: id });
    await a.reply(page(['9', '10'], true, false, { chat_id: '60', channel_id: id }));
    await p;
  }
  return { ...s, ...a, ...deps, unbind, invalidated, seed, loadDm, loadChannel };
}

describe('bindLive: registration', () => {
  it('handles every server event of the protocol, and unbind removes them all', () => {
    const t = setup();
    expect(t.events().sort()).toEqual([...LIVE_EVENTS].sort());
    for (const e of LIVE_EVENTS) expect(t.listeners(e)).toBe(1);
    t.unbind();
    expect(t.events()).toEqual([]);
    t.fire('presence:update', { user_id: '2', status: 'online', last_seen: null });
    expect(t.presence.getState().byUser).toEqual({});
  });

  it('expires typists every second until unbound', () => {
    vi.useFakeTimers();
    const t = setup();
    t.fire('typing:start', { chat_id: '50', channel_id: null, user_id: '2' }); // until 9 000
    const expire = vi.spyOn(t.typing.getState(), 'expire');
    vi.advanceTimersByTime(3_000);
    expect(expire).toHaveBeenCalledTimes(3);
    expect(expire).toHaveBeenLastCalledWith(1_000);
    t.unbind();
    vi.advanceTimersByTime(3_000);
    expect(expire).toHaveBeenCalledTimes(3);
  });
});

describe('bindLive: connection events', () => {
  it('ready resets presence and caches me', () => {
    const t = setup();
    t.presence.getState().update({ user_id: '9', status: 'online', last_seen: null });
    const self = { ...ME, bio: '', created_at: 0, email: 'me@x', email_verified: true, status: 'online' };
    t.fire('ready', { user: self, presence: [{ user_id: '2', status: 'idle', last_seen: null }] });
    expect(Object.keys(t.presence.getState().byUser)).toEqual(['2']);
    expect(t.queryClient.getQueryData(queryKeys.me)).toEqual(self);
  });

  it('a ready after a reconnect that lost events refetches everything and reloads open lists', async () => {
    const t = setup(['chat:50']);
    await t.loadDm();
    await t.loadChannel();
    t.seed([queryKeys.friends, []]);
    const ready = { user: ME, presence: [] };
    t.fire('ready', ready);
    expect(t.requests).toHaveLength(0); // the first ready: all is fresh
    t.connection.setState({ state: 'connected', recovered: true });
    t.fire('ready', ready);
    expect(t.invalidated(queryKeys.friends)).toBe(false);
    t.connection.setState({ state: 'connected', recovered: false });
    t.fire('ready', ready);
    expect(t.invalidated(queryKeys.friends)).toBe(true);
    expect(t.requests.map((r) => r.url.pathname)).toEqual(['/api/v1/chats/50/messages']);
    expect(t.conversations.getState().timelines['channel:70']).toBeUndefined();
  });

  it('session:ended signs out and forgets the account', async () => {
    const t = setup();
    await t.loadDm();
    t.seed([queryKeys.dms, [dm()]]);
    t.seen.getState().seen({ chat_id: '50', user_id: '2', last_read_id: '10' });
    t.fire('session:ended', { reason: 'revoked' });
    expect(t.connection.getState()).toMatchObject({ state: 'signed-out', reason: 'revoked' });
    expect(t.conversations.getState().timelines).toEqual({});
    expect(t.queryClient.getQueryData(queryKeys.dms)).toBeUndefined();
    expect(t.seen.getState().byChat).toEqual({});
  });
});

describe('bindLive: messages', () => {
  it('message:new goes into the loaded list and ends the author typing', async () => {
    const t = setup(['chat:50']);
    await t.loadDm();
    t.fire('typing:start', { chat_id: '50', channel_id: null, user_id: ADA.id });
    expect(t.typing.getState().byConversation['chat:50']).toEqual({ [ADA.id]: 9_000 });
    t.fire('message:new', msg('11'));
    expect(t.conversations.getState().timelines['chat:50']?.messages.map((m) => m.id)).toEqual(['9', '10', '11']);
    expect(t.typing.getState().byConversation['chat:50']).toEqual({});
    t.fire('typing:start', { chat_id: '60', channel_id: '70', user_id: ADA.id });
    t.fire('typing:stop', { chat_id: '60', channel_id: '70', user_id: ADA.id });
    expect(t.typing.getState().byConversation['channel:70']).toEqual({});
  });

  it("counts others' messages in a DM not open, mentions too, and only moves the newest id otherwise", () => {
    const t = setup();
    t.seed([queryKeys.dms, [dm(), dm({ id: '51' })]]);
    t.fire('message:new', msg('11'));
    t.fire('message:new', msg('12', { mentions: [ME.id] }));
    expect(t.queryClient.getQueryData<DmChat[]>(queryKeys.dms)?.[0]).toMatchObject({
      last_message_id: '12',
      unread_count: 2,
      mention_count: 1,
      last_read_id: '10',
    });
    expect(t.queryClient.getQueryData<DmChat[]>(queryKeys.dms)?.[1]).toEqual(dm({ id: '51' }));
  });

  it('does not count messages in the open conversation', () => {
    const t = setup(['chat:50']);
    t.seed([queryKeys.dms, [dm()]]);
    t.fire('message:new', msg('11', { mentions: [ME.id] }));
    expect(t.queryClient.getQueryData<DmChat[]>(queryKeys.dms)?.[0]).toMatchObject({
      last_message_id: '11',
      unread_count: 0,
      mention_count: 0,
    });
  });

  it('my own message from another tab reads the conversation up to it', () => {
    const t = setup();
    t.seed([queryKeys.dms, [dm({ unread_count: 3, mention_count: 1 })]]);
    t.fire('message:new', msg('11', { author: ME }));
    expect(t.queryClient.getQueryData<DmChat[]>(queryKeys.dms)?.[0]).toMatchObject({
      last_message_id: '11',
      last_read_id: '11',
      unread_count: 0,
      mention_count: 0,
    });
  });

  it("counts channel messages in the zone's channel and in the zone list's sums", () => {
    const t = setup();
    t.seed([queryKeys.zone('60'), zone()], [queryKeys.zones, [summary(4, 0)]]);
    t.fire('message:new', msg('11', { chat_id: '60', channel_id: '70', mentions: [ME.id] }));
    const ch = t.queryClient.getQueryData<ZoneWithReadState>(queryKeys.zone('60'))?.channels[0];
    expect(ch).toMatchObject({ last_message_id: '11', unread_count: 1, mention_count: 1 });
    expect(t.queryClient.getQueryData<ZoneSummary[]>(queryKeys.zones)?.[0]).toMatchObject({
      unread_count: 5,
      mention_count: 1,
    });
    // Open now: the newest id moves, the badges stay.
    const t2 = setup(['channel:70']);
    t2.seed([queryKeys.zone('60'), zone()], [queryKeys.zones, [summary()]]);
    t2.fire('message:new', msg('11', { chat_id: '60', channel_id: '70' }));
    expect(t2.queryClient.getQueryData<ZoneWithReadState>(queryKeys.zone('60'))?.channels[0]).toMatchObject({
      last_message_id: '11',
      unread_count: 0,
    });
    expect(t2.queryClient.getQueryData<ZoneSummary[]>(queryKeys.zones)?.[0]?.unread_count).toBe(0);
  });

  it('stops counting at 1000', () => {
    const t = setup();
    t.seed([queryKeys.dms, [dm({ unread_count: 1000 })]]);
    t.fire('message:new', msg('11'));
    expect(t.queryClient.getQueryData<DmChat[]>(queryKeys.dms)?.[0]?.unread_count).toBe(1000);
  });

  it('message:updated, message:deleted and reaction:updated change the loaded list', async () => {
    const t = setup(['chat:50']);
    await t.loadDm();
    t.fire('message:updated', { ...msg('9'), content: 'edited', pinned: true, reactions: undefined });
    t.fire('message:deleted', { id: '10', chat_id: '50', channel_id: null });
    t.fire('reaction:updated', { message_id: '9', chat_id: '50', channel_id: null, emoji: '👍', user_id: ADA.id, count: 1, added: true });
    expect(t.conversations.getState().timelines['chat:50']?.messages).toEqual([
      { ...msg('9'), content: 'edited', pinned: true, reactions: [{ emoji: '👍', count: 1, me: false }] },
    ]);
  });

  it('a deleted message that was the newest or unread makes the counts be fetched again', () => {
    const t = setup();
    t.seed([queryKeys.dms, [dm({ last_read_id: '5', last_message_id: '10', unread_count: 2 })]]);
    t.fire('message:deleted', { id: '3', chat_id: '50', channel_id: null });
    expect(t.invalidated(queryKeys.dms)).toBe(false);
    t.fire('message:deleted', { id: '8', chat_id: '50', channel_id: null });
    expect(t.invalidated(queryKeys.dms)).toBe(true);
  });
});

describe('bindLive: read positions', () => {
  it('chat:read from my other tab clears the DM badge', () => {
    const t = setup();
    t.seed([queryKeys.dms, [dm({ last_message_id: '12', unread_count: 2, mention_count: 1 })]]);
    t.fire('chat:read', { chat_id: '50', channel_id: null, last_read_id: '12' });
    expect(t.queryClient.getQueryData<DmChat[]>(queryKeys.dms)?.[0]).toMatchObject({
      last_read_id: '12',
      unread_count: 0,
      mention_count: 0,
    });
    expect(t.invalidated(queryKeys.dms)).toBe(false);
  });

  it('a read position short of the newest message asks the server for the counts', () => {
    const t = setup();
    t.seed([queryKeys.dms, [dm({ last_message_id: '12', unread_count: 2 })]]);
    t.fire('chat:read', { chat_id: '50', channel_id: null, last_read_id: '11' });
    expect(t.queryClient.getQueryData<DmChat[]>(queryKeys.dms)?.[0]?.last_read_id).toBe('11');
    expect(t.invalidated(queryKeys.dms)).toBe(true);
  });

  it('chat:read of a channel clears it and takes its counts off the zone sums', () => {
    const t = setup();
    t.seed([queryKeys.zone('60'), zone(3, 1)], [queryKeys.zones, [summary(5, 1)]]);
    t.fire('chat:read', { chat_id: '60', channel_id: '70', last_read_id: '10' });
    expect(t.queryClient.getQueryData<ZoneWithReadState>(queryKeys.zone('60'))?.channels[0]).toMatchObject({
      unread_count: 0,
      mention_count: 0,
    });
    expect(t.queryClient.getQueryData<ZoneSummary[]>(queryKeys.zones)?.[0]).toMatchObject({
      unread_count: 2,
      mention_count: 0,
    });
  });

  it('chat:seen keeps the other member\'s position, never moving back', () => {
    const t = setup();
    t.fire('chat:seen', { chat_id: '50', user_id: '2', last_read_id: '12' });
    t.fire('chat:seen', { chat_id: '50', user_id: '2', last_read_id: '11' });
    expect(t.seen.getState().byChat['50']).toEqual({ user_id: '2', last_read_id: '12' });
  });
});

describe('bindLive: people and zones', () => {
  it('presence:update and friend:removed (which forgets presence)', () => {
    const t = setup();
    t.fire('presence:update', { user_id: '2', status: 'dnd', last_seen: null });
    expect(t.presence.getState().byUser['2']?.status).toBe('dnd');
    t.seed([queryKeys.friends, []], [queryKeys.dms, []], [queryKeys.friendRequests, {}], [queryKeys.blocks, []]);
    t.fire('friend:removed', { user_id: '2' });
    expect(t.presence.getState().byUser['2']).toBeUndefined();
    for (const k of [queryKeys.friends, queryKeys.dms, queryKeys.friendRequests, queryKeys.blocks]) {
      expect(t.invalidated(k)).toBe(true);
    }
  });

  it.each([
    ['friend:request', { id: '5', user_id: '2' }, [queryKeys.friendRequests], [queryKeys.friends]],
    ['friend:request_removed', { id: '5', user_id: '2' }, [queryKeys.friendRequests], [queryKeys.friends]],
    ['friend:added', { user_id: '2' }, [queryKeys.friends, queryKeys.friendRequests, queryKeys.dms], [queryKeys.blocks]],
    ['dm:opened', { chat_id: '50', user_id: '2' }, [queryKeys.dms], [queryKeys.friends]],
    ['zone:joined', { zone_id: '60', user_id: ME.id }, [queryKeys.zones], [queryKeys.zone('60')]],
    ['zone:member_joined', { zone_id: '60', user_id: '2' }, [queryKeys.zoneMembers('60'), queryKeys.zoneInvites('60')], [queryKeys.zone('60')]],
    ['zone:member_left', { zone_id: '60', user_id: '2', reason: 'banned' }, [queryKeys.zoneMembers('60'), queryKeys.zoneBans('60')], [queryKeys.zone('60')]],
    ['zone:member_updated', { zone_id: '60', user_id: '2', role: 'admin' }, [queryKeys.zoneMembers('60')], [queryKeys.zone('60')]],
    ['zone:member_updated', { zone_id: '60', user_id: ME.id, role: 'admin' }, [queryKeys.zoneMembers('60'), queryKeys.zone('60'), queryKeys.zones], []],
    ['zone:updated', { zone_id: '60' }, [queryKeys.zone('60'), queryKeys.zones], [queryKeys.zoneMembers('60')]],
    ['channel:created', { zone_id: '60', channel_id: '72' }, [queryKeys.zone('60')], [queryKeys.zoneMembers('60')]],
    ['channel:updated', { zone_id: '60', channel_id: '70' }, [queryKeys.zone('60')], [queryKeys.zoneMembers('60')]],
    ['channel:reordered', { zone_id: '60' }, [queryKeys.zone('60')], [queryKeys.zoneMembers('60')]],
  ] as const)('%s %j refetches what it changed', (event, payload, stale, fresh) => {
    const t = setup();
    const keys = [
      queryKeys.friends, queryKeys.friendRequests, queryKeys.blocks, queryKeys.dms, queryKeys.zones,
      queryKeys.zone('60'), queryKeys.zoneMembers('60'), queryKeys.zoneInvites('60'), queryKeys.zoneBans('60'),
    ];
    t.seed(...keys.map((k): [readonly unknown[], unknown] => [k, []]));
    t.fire(event, payload);
    for (const k of stale) expect(t.invalidated(k), JSON.stringify(k)).toBe(true);
    for (const k of fresh) expect(t.invalidated(k), JSON.stringify(k)).toBe(false);
  });

  it("channel:deleted drops the channel's messages", async () => {
    const t = setup();
    await t.loadChannel('70');
    t.seed([queryKeys.zone('60'), zone()], [queryKeys.zones, []]);
    t.fire('channel:deleted', { zone_id: '60', channel_id: '70' });
    expect(t.conversations.getState().timelines['channel:70']).toBeUndefined();
    expect(t.invalidated(queryKeys.zone('60'))).toBe(true);
    expect(t.invalidated(queryKeys.zones)).toBe(true);
  });

  it("zone:left drops the zone's cached data and its channels' messages", async () => {
    const t = setup();
    await t.loadChannel('70');
    await t.loadDm();
    t.seed([queryKeys.zone('60'), zone()], [queryKeys.zoneMembers('60'), []], [queryKeys.zones, [summary()]]);
    t.fire('zone:left', { zone_id: '60', user_id: ME.id, reason: 'kicked' });
    expect(t.queryClient.getQueryData(queryKeys.zone('60'))).toBeUndefined();
    expect(t.queryClient.getQueryData(queryKeys.zoneMembers('60'))).toBeUndefined();
    expect(t.invalidated(queryKeys.zones)).toBe(true);
    expect(Object.keys(t.conversations.getState().timelines)).toEqual(['chat:50']);
  });

  it('zone:left also drops channels the cache never listed', async () => {
    const t = setup();
    await t.loadChannel('79');
    t.fire('zone:left', { zone_id: '60', user_id: ME.id, reason: 'deleted' });
    expect(t.conversations.getState().timelines).toEqual({});
  });
});
