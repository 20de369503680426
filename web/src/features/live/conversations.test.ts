import { describe, expect, it, vi } from 'vitest';
import { SocketError } from '@/lib/socket/client';
import type { Attachment, ConversationRef } from '@/lib/socket/protocol';
import { createConversationsStore } from './conversations';
import { ADA, fakeApi, fakeSocket, flush, ME, msg, page } from './testkit';

const DM: ConversationRef = { chat_id: '50' };
const CHANNEL: ConversationRef = { channel_id: '70' };

function setup(onRead?: (ref: ConversationRef, id: string) => void) {
  const s = fakeSocket();
  const a = fakeApi();
  const store = createConversationsStore({
    api: a.api,
    socket: s.socket,
    me: () => ME,
    ...(onRead ? { onRead } : {}),
  });
  const tl = (key = 'chat:50') => store.getState().timelines[key];
  const ids = (key = 'chat:50') => tl(key)?.messages.map((m) => m.id);
  return { ...s, ...a, store, tl, ids };
}

async function loaded(ids: string[], before = true, after = false) {
  const t = setup();
  const p = t.store.getState().loadLatest(DM);
  await t.reply(page(ids, before, after));
  await p;
  return t;
}

describe('history pages', () => {
  it('loads the newest page of a DM, then older pages with before=', async () => {
    const t = setup();
    const p = t.store.getState().loadLatest(DM);
    expect(t.store.getState().loading['chat:50']?.latest).toBe(true);
    expect(t.requests[0]?.url.pathname).toBe('/api/v1/chats/50/messages');
    expect(t.requests[0]?.url.search).toBe('');
    await t.reply(page(['10', '11'], true, false));
    await p;
    expect(t.ids()).toEqual(['10', '11']);
    expect(t.store.getState().loading['chat:50']?.latest).toBe(false);

    const older = t.store.getState().loadOlder(DM);
    expect(t.requests[0]?.url.searchParams.get('before')).toBe('10');
    await t.reply(page(['8', '9'], false, false));
    await older;
    expect(t.ids()).toEqual(['8', '9', '10', '11']);
    expect(t.tl()?.hasMoreBefore).toBe(false);

    // Nothing more before: no request at all.
    await t.store.getState().loadOlder(DM);
    expect(t.requests).toHaveLength(0);
  });

  it('names channels by their own route', async () => {
    const t = setup();
    void t.store.getState().loadLatest(CHANNEL);
    expect(t.requests[0]?.url.pathname).toBe('/api/v1/channels/70/messages');
  });

  it('asks for a page once while it is under way, per direction', async () => {
    const t = await loaded(['10', '11'], true, true);
    const a = t.store.getState().loadOlder(DM);
    const b = t.store.getState().loadOlder(DM);
    const c = t.store.getState().loadNewer(DM);
    const d = t.store.getState().loadNewer(DM);
    expect(a).toBe(b);
    expect(c).toBe(d);
    expect(t.requests.map((r) => r.url.search)).toEqual(['?before=10', '?after=11']);
    await t.reply(page(['9'], false, false));
    await t.reply(page(['12'], true, false));
    await Promise.all([a, c]);
    expect(t.ids()).toEqual(['9', '10', '11', '12']);
    expect(t.tl()?.hasMoreAfter).toBe(false);
    // Once answered, the next one is a new request.
    void t.store.getState().loadLatest(DM);
    void t.store.getState().loadLatest(DM);
    expect(t.requests).toHaveLength(1);
  });

  it('jumps to a message with around= and replaces a range it does not meet', async () => {
    const t = await loaded(['100', '101']);
    const p = t.store.getState().jumpTo(DM, '20');
    expect(t.requests[0]?.url.searchParams.get('around')).toBe('20');
    await t.reply(page(['19', '20', '21'], true, true));
    await p;
    expect(t.ids()).toEqual(['19', '20', '21']);
    expect(t.tl()?.hasMoreAfter).toBe(true);
    // Already loaded: nothing to fetch.
    await t.store.getState().jumpTo(DM, '21');
    expect(t.requests).toHaveLength(0);
  });

  it('passes the page size and rejects with the ApiError of a failed load', async () => {
    const s = fakeSocket();
    const a = fakeApi();
    const store = createConversationsStore({ api: a.api, socket: s.socket, me: () => ME, pageSize: 20 });
    const p = store.getState().loadLatest(DM).catch((e: unknown) => e);
    expect(a.requests[0]?.url.searchParams.get('limit')).toBe('20');
    await a.reply({ error: { code: 'chat_not_found', message: 'No such chat.' } }, 404);
    expect(((await p) as Error).message).toBe('No such chat.');
    expect(store.getState().loading['chat:50']?.latest).toBe(false);
  });

  it('ignores a page that answers after the conversation was dropped', async () => {
    const t = setup();
    const p = t.store.getState().loadLatest(DM);
    t.store.getState().drop('chat:50');
    await t.reply(page(['10'], false, false));
    await p;
    expect(t.tl()).toBeUndefined();
    expect(t.store.getState().loading['chat:50']).toBeUndefined();
  });
});

describe('sending', () => {
  const file: Attachment = { id: '900', file_name: 'a.png', content_type: 'image/png', size: 3, url: '/a' };

  it('shows the message at once, then the stored one in its place', async () => {
    const t = await loaded(['10', '11']);
    const done = t.store.getState().send(DM, { content: 'hi', replyTo: '10', attachments: [file] });
    const sent = t.last('message:send');
    expect(sent.payload).toEqual({
      chat_id: '50',
      content: 'hi',
      reply_to: '10',
      attachments: ['900'],
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    const pending = t.tl()?.pending[0];
    expect(pending).toMatchObject({
      state: 'sending',
      content: 'hi',
      author: ME,
      attachments: [file],
      reply: { id: '10', author_id: ADA.id, content: 'message 10', deleted: false },
    });
    const nonce = sent.payload.nonce as string;
    sent.answer({ message: msg('12', { author: ME, content: 'hi', nonce }) });
    await done;
    expect(t.tl()?.pending).toEqual([]);
    expect(t.ids()).toEqual(['10', '11', '12']);
  });

  it('sends a channel message by channel_id only', async () => {
    const t = setup();
    void t.store.getState().send(CHANNEL, { content: 'yo' });
    expect(t.last('message:send').payload).toEqual({
      channel_id: '70',
      content: 'yo',
      nonce: expect.any(String),
    });
  });

  it("keeps a refused message as failed with the server's words, and retries with the same nonce", async () => {
    const t = await loaded(['10']);
    const done = t.store.getState().send(DM, { content: 'hi' });
    const first = t.last('message:send');
    first.answer({ error: { code: 'rate_limited', message: 'Slow down.', retry_after: 2 } });
    await done; // resolves: the failure lives in the timeline
    expect(t.tl()?.pending[0]).toMatchObject({ state: 'failed', error: 'Slow down.' });

    const nonce = first.payload.nonce as string;
    const again = t.store.getState().retry(DM, nonce);
    expect(t.tl()?.pending[0]).toMatchObject({ state: 'sending', error: null });
    const second = t.last('message:send');
    expect(second).not.toBe(first);
    expect(second.payload).toEqual(first.payload);
    second.answer({ message: msg('11', { author: ME, content: 'hi', nonce }) });
    await again;
    expect(t.tl()?.pending).toEqual([]);
    expect(t.ids()).toEqual(['10', '11']);
  });

  it('marks a timed-out send as failed; retrying a message not failed sends nothing', async () => {
    const t = await loaded(['10']);
    const done = t.store.getState().send(DM, { content: 'hi' });
    const nonce = t.last('message:send').payload.nonce as string;
    await t.store.getState().retry(DM, nonce); // still sending
    expect(t.emitted).toHaveLength(1);
    t.last('message:send').timeOut();
    await done;
    expect(t.tl()?.pending[0]?.error).toMatch(/did not answer in time/);
    t.store.getState().discard(DM, nonce);
    expect(t.tl()?.pending).toEqual([]);
    await t.store.getState().retry(DM, nonce);
    expect(t.emitted).toHaveLength(1);
  });

  it('shows my message once whether message:new comes before or after the acknowledgement', async () => {
    const t = await loaded(['10']);
    const done = t.store.getState().send(DM, { content: 'hi' });
    const sent = t.last('message:send');
    const stored = msg('11', { author: ME, content: 'hi', nonce: sent.payload.nonce as string });
    t.store.getState().receiveNew(stored); // another tab's broadcast beat the ack
    expect(t.tl()?.pending).toEqual([]);
    sent.answer({ message: stored });
    await done;
    t.store.getState().receiveNew(stored); // and once more after it
    expect(t.ids()).toEqual(['10', '11']);
  });

  it('keeps history before a message sent ahead of the first page as unknown', async () => {
    const t = setup();
    const done = t.store.getState().send(DM, { content: 'hi' });
    const sent = t.last('message:send');
    sent.answer({ message: msg('30', { author: ME, nonce: sent.payload.nonce as string }) });
    await done;
    expect(t.tl()).toMatchObject({ hasMoreBefore: true, hasMoreAfter: false });
    const p = t.store.getState().loadOlder(DM);
    expect(t.requests[0]?.url.searchParams.get('before')).toBe('30');
    await t.reply(page(['29'], false, false));
    await p;
    expect(t.ids()).toEqual(['29', '30']);
  });
});

describe('acting on messages', () => {
  it('applies the acknowledged edit, pin and unpin', async () => {
    const t = await loaded(['10', '11']);
    const edit = t.store.getState().edit(DM, '10', 'changed');
    expect(t.last('message:edit').payload).toEqual({ message_id: '10', content: 'changed' });
    const { reactions: _r, ...edited } = msg('10', { content: 'changed', edited_at: 5 });
    t.last('message:edit').answer({ message: edited });
    await edit;
    expect(t.tl()?.messages[0]).toMatchObject({ content: 'changed', edited_at: 5, reactions: [] });

    const pin = t.store.getState().pin(DM, '11');
    t.last('message:pin').answer({ message: { ...msg('11'), pinned: true } });
    await pin;
    expect(t.tl()?.messages[1]?.pinned).toBe(true);
    const unpin = t.store.getState().unpin(DM, '11');
    expect(t.last('message:unpin').payload).toEqual({ message_id: '11' });
    t.last('message:unpin').answer({ message: msg('11') });
    await unpin;
    expect(t.tl()?.messages[1]?.pinned).toBe(false);
  });

  it('removes the acknowledged deletion and rejects with the refusal', async () => {
    const t = await loaded(['10', '11']);
    const del = t.store.getState().remove(DM, '10');
    t.last('message:delete').answer({ deleted: { id: '10', chat_id: '50', channel_id: null } });
    await del;
    expect(t.ids()).toEqual(['11']);

    const refused = t.store.getState().remove(DM, '11').catch((e: unknown) => e);
    t.last('message:delete').answer({ error: { code: 'admin_required', message: 'Admins only.' } });
    const err = (await refused) as SocketError;
    expect(err).toBeInstanceOf(SocketError);
    expect(err.message).toBe('Admins only.');
    expect(t.ids()).toEqual(['11']);
  });

  it('applies the acknowledged reaction counts as mine', async () => {
    const t = await loaded(['10']);
    const add = t.store.getState().react(DM, '10', '👍');
    expect(t.last('reaction:add').payload).toEqual({ message_id: '10', emoji: '👍' });
    const ev = { message_id: '10', chat_id: '50', channel_id: null, emoji: '👍', user_id: ME.id };
    t.last('reaction:add').answer({ reaction: { ...ev, count: 2, added: true } });
    await add;
    expect(t.tl()?.messages[0]?.reactions).toEqual([{ emoji: '👍', count: 2, me: true }]);
    const remove = t.store.getState().unreact(DM, '10', '👍');
    t.last('reaction:remove').answer({ reaction: { ...ev, count: 1, added: false } });
    await remove;
    expect(t.tl()?.messages[0]?.reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
  });

  it('marks read with chat:read, reports the stored position, and skips older marks', async () => {
    const onRead = vi.fn();
    const t = setup(onRead);
    const p = t.store.getState().markRead(CHANNEL, '15');
    expect(t.last('chat:read').payload).toEqual({ channel_id: '70', message_id: '15' });
    t.last('chat:read').answer({ last_read_id: '17' }); // another tab was further
    expect(await p).toBe('17');
    expect(onRead).toHaveBeenCalledWith(CHANNEL, '17');
    expect(await t.store.getState().markRead(CHANNEL, '16')).toBe('17');
    expect(t.emitted).toHaveLength(1);
  });
});

describe('live events on loaded conversations', () => {
  it('applies new, updated, deleted and reactions; leaves unloaded conversations alone', async () => {
    const t = await loaded(['10', '11']);
    const s = t.store.getState();
    s.receiveNew(msg('12'));
    s.receiveUpdated({ ...msg('11'), content: 'edited' });
    s.receiveDeleted({ id: '10', chat_id: '50', channel_id: null });
    s.receiveReaction({ message_id: '12', chat_id: '50', channel_id: null, emoji: '🎉', user_id: ADA.id, count: 1, added: true });
    expect(t.tl()?.messages.map((m) => [m.id, m.content, m.reactions])).toEqual([
      ['11', 'edited', []],
      ['12', 'message 12', [{ emoji: '🎉', count: 1, me: false }]],
    ]);
    s.receiveNew(msg('5', { chat_id: '99' }));
    expect(t.tl('chat:99')).toBeUndefined();
  });

  it('clear() forgets everything, loads under way included', async () => {
    const t = await loaded(['10']);
    const p = t.store.getState().loadLatest(CHANNEL);
    t.store.getState().clear();
    await t.reply(page(['1'], false, false, { channel_id: '70' }));
    await p;
    expect(t.store.getState().timelines).toEqual({});
    await flush();
  });
});
