// Messages over the socket: delivery to exactly the conversation's members, order, durability
// of an acknowledged message, nonce idempotency, and the rules of edit, delete, pin and
// reactions (docs/PROTOCOL.md, "Events of the main namespace").
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startOpenchat, TEST_BACKEND } from '../lib/server.mjs';
import {
  assertAckError,
  call,
  dm,
  nextEvent,
  received,
  send,
  signIn,
  users,
  zone,
} from '../lib/chat.mjs';

/** Proves that nothing more is on its way to `socket`: one acknowledged round trip. */
const settle = (socket) => call(socket, 'presence:heartbeat', {});

describe('delivery', () => {
  let server, a, b, c, chat, z, sa1, sa2, sb, sc;
  before(async () => {
    server = await startOpenchat({ env: { OPENCHAT_RATE_LIMITS: 'register=100000/60,message=100000/1' } });
    [a, b, c] = await users(server, 3);
    chat = await dm(a, b);
    z = await zone(a, [b]);
    sa1 = (await signIn(server, a)).socket;
    sa2 = (await signIn(server, a)).socket;
    sb = (await signIn(server, b)).socket;
    sc = (await signIn(server, c)).socket;
  });
  after(() => server.stop());

  test('a DM message reaches the other member and the sender\'s other tab, nobody else', async () => {
    const m = await send(sa1, { chat_id: chat.id, content: 'hello there', nonce: 'dm-1' });
    assert.equal(m.chat_id, chat.id);
    assert.equal(m.channel_id, null);
    assert.equal(m.content, 'hello there');
    assert.equal(m.author.id, a.user.id);
    assert.equal(m.nonce, 'dm-1');
    assert.deepEqual(m.reactions, []);
    assert.deepEqual(await nextEvent(sb, 'message:new', (p) => p.id === m.id), m);
    assert.deepEqual(await nextEvent(sa2, 'message:new', (p) => p.id === m.id), m);
    await Promise.all([settle(sa1), settle(sc)]);
    assert.equal(received(sa1, 'message:new').some((p) => p.id === m.id), false, 'sender socket');
    assert.deepEqual(received(sc, 'message:new'), [], 'outsider');
  });

  test('a channel message reaches every zone member, not a stranger', async () => {
    const m = await send(sb, { channel_id: z.text, content: 'zone hello' });
    assert.equal(m.chat_id, z.id);
    assert.equal(m.channel_id, z.text);
    for (const s of [sa1, sa2]) assert.equal((await nextEvent(s, 'message:new', (p) => p.id === m.id)).content, 'zone hello');
    await settle(sc);
    assert.deepEqual(received(sc, 'message:new'), []);
  });

  test('the other side of a conversation it is not in is refused', async () => {
    assertAckError(await call(sc, 'message:send', { chat_id: chat.id, content: 'x' }), 'chat_not_found');
    assertAckError(await call(sc, 'message:send', { channel_id: z.text, content: 'x' }), 'channel_not_found');
    assertAckError(await call(sa1, 'message:send', { channel_id: z.voice, content: 'x' }), 'channel_not_text');
    // A channel id given with a chat id that is not its zone.
    assertAckError(await call(sa1, 'message:send', { chat_id: chat.id, channel_id: z.text, content: 'x' }), 'channel_not_found');
    // A zone id is not a DM chat.
    assertAckError(await call(sa1, 'message:send', { chat_id: z.id, content: 'x' }), 'chat_not_found');
  });

  test('messages of one conversation arrive in the order they were stored', async () => {
    const n = 150;
    const acks = await Promise.all(
      Array.from({ length: n }, (_, i) => call(sa1, 'message:send', { chat_id: chat.id, content: `m${i}` })),
    );
    const ids = acks.map((x) => x.message.id);
    const sorted = [...ids].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
    assert.deepEqual(ids, sorted, 'ids grow in the order of sending');
    const last = ids[n - 1];
    // nextEvent takes the event it waited for out of the record: put it back at the end.
    await nextEvent(sb, 'message:new', (p) => p.id === last);
    const got = [...received(sb, 'message:new').map((p) => p.id), last];
    const mine = got.slice(got.indexOf(ids[0]));
    assert.deepEqual(mine, ids);
    assert.deepEqual(acks.map((x) => x.message.content), ids.map((_, i) => `m${i}`));
  });

  test('payloads are checked and a refused send changes nothing', async () => {
    const cases = [
      [{ chat_id: chat.id }, 'content'],
      [{ chat_id: chat.id, content: '   \n ' }, 'content'],
      [{ chat_id: chat.id, content: 'x'.repeat(4001) }, 'content'],
      [{ chat_id: chat.id, content: 'ok', nonce: 'bad nonce!' }, 'nonce'],
      [{ chat_id: chat.id, content: 'ok', nonce: 'n'.repeat(65) }, 'nonce'],
      [{ content: 'ok' }, 'chat_id'],
      [{ chat_id: 'abc', content: 'ok' }, 'chat_id'],
      [{ chat_id: chat.id, content: 42 }, 'content'],
      [{ chat_id: chat.id, content: 'ok', attachments: 'x' }, 'attachments'],
      [{ chat_id: chat.id, content: 'ok', attachments: ['1', '1'] }, 'attachments'],
      [{ chat_id: chat.id, content: 'ok', reply_to: 'no' }, 'reply_to'],
      [{ chat_id: chat.id, content: 'nul \u0000 inside' }, 'payload'],
    ];
    for (const [payload, field] of cases) {
      assertAckError(await call(sa1, 'message:send', payload), 'invalid_field', field);
    }
    assertAckError(await call(sa1, 'message:send', 'text'), 'invalid_field', 'payload');
    // 4,000 characters (not bytes) are fine.
    const long = await send(sa1, { chat_id: chat.id, content: 'é'.repeat(4000) });
    assert.equal(long.content.length, 4000);
    // A reply must be in the same conversation.
    const zm = await send(sa1, { channel_id: z.text, content: 'in the zone' });
    assertAckError(await call(sa1, 'message:send', { chat_id: chat.id, content: 're', reply_to: zm.id }), 'reply_not_found');
    const dmMsg = await send(sb, { chat_id: chat.id, content: 'question' });
    const reply = await send(sa1, { chat_id: chat.id, content: 'answer', reply_to: dmMsg.id });
    assert.deepEqual(reply.reply, { id: dmMsg.id, author_id: b.user.id, content: 'question', deleted: false });
    // Attachments must be the sender's own uploads.
    assertAckError(await call(sa1, 'message:send', { chat_id: chat.id, content: 'x', attachments: ['12345'] }), 'attachment_not_found');
  });

  test('mentions are listed when the mentioned user is in the conversation', async () => {
    const m = await send(sa1, { channel_id: z.text, content: `hi <@${b.user.id}> and <@${c.user.id}> <@${b.user.id}>` });
    assert.deepEqual(m.mentions, [b.user.id]);
  });

  test('an unknown event is answered unknown_event', async () => {
    assertAckError(await call(sa1, 'message:fly', {}), 'unknown_event');
  });
});

describe('durability and idempotency', () => {
  test('an acknowledged message survives a crash right after the acknowledgement', async () => {
    const server = await startOpenchat();
    try {
      const [a, b] = await users(server, 2);
      const chat = await dm(a, b);
      const { socket } = await signIn(server, a);
      const sent = [];
      for (let i = 0; i < 5; i++) sent.push(await send(socket, { chat_id: chat.id, content: `durable ${i}` }));
      await server.crashAndRestart();
      const res = await a.get(`/api/v1/chats/${chat.id}/messages`);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.messages.map((m) => m.id), sent.map((m) => m.id));
    } finally {
      await server.stop();
    }
  });

  test('resending a nonce after a reconnect returns the first message, delivered once', async () => {
    const server = await startOpenchat();
    try {
      const [a, b] = await users(server, 2);
      const chat = await dm(a, b);
      const { socket: sb } = await signIn(server, b);
      let { socket: sa } = await signIn(server, a);
      const first = await send(sa, { chat_id: chat.id, content: 'once', nonce: 'retry-me' });
      sa.disconnect();
      ({ socket: sa } = await signIn(server, a));
      const again = await call(sa, 'message:send', { chat_id: chat.id, content: 'once', nonce: 'retry-me' });
      assert.deepEqual(again.message, first);
      // Another text with the same nonce is still the first message: the nonce decides.
      const other = await call(sa, 'message:send', { chat_id: chat.id, content: 'changed', nonce: 'retry-me' });
      assert.equal(other.message.id, first.id);
      await settle(sb);
      assert.deepEqual(received(sb, 'message:new').map((m) => m.id), [first.id]);
      const history = await b.get(`/api/v1/chats/${chat.id}/messages`);
      assert.deepEqual(history.body.messages.map((m) => m.id), [first.id]);
      // Another author may use the same nonce.
      const theirs = await send(sb, { chat_id: chat.id, content: 'mine', nonce: 'retry-me' });
      assert.notEqual(theirs.id, first.id);
    } finally {
      await server.stop();
    }
  });

  test('in a zone channel too, a resent nonce returns the first message and stores nothing new', async () => {
    const server = await startOpenchat();
    try {
      const [a, b] = await users(server, 2);
      const z = await zone(a, [b]);
      const { socket: sb } = await signIn(server, b);
      const { socket: sa } = await signIn(server, a);
      const first = await send(sa, { channel_id: z.text, content: 'once', nonce: 'zone-retry' });
      assert.equal(first.channel_id, z.text);
      assert.equal(first.nonce, 'zone-retry');
      const again = await call(sa, 'message:send', { channel_id: z.text, content: 'twice', nonce: 'zone-retry' });
      assert.deepEqual(again.message, first);
      // Named with its zone as well: still the first message.
      const withZone = await call(sa, 'message:send', { chat_id: z.id, channel_id: z.text, content: 'x', nonce: 'zone-retry' });
      assert.equal(withZone.message.id, first.id);
      await settle(sb);
      assert.deepEqual(received(sb, 'message:new').map((m) => m.id), [first.id]);
      const history = await b.get(`/api/v1/channels/${z.text}/messages`);
      assert.equal(history.status, 200, history.text);
      assert.deepEqual(history.body.messages.map((m) => [m.id, m.content]), [[first.id, 'once']]);
      // A refused send with a fresh nonce stores nothing, and the nonce stays free.
      assertAckError(await call(sa, 'message:send', { channel_id: z.voice, content: 'x', nonce: 'zone-next' }), 'channel_not_text');
      const next = await send(sa, { channel_id: z.text, content: 'next', nonce: 'zone-next' });
      assert.notEqual(next.id, first.id);
      assert.equal(next.content, 'next');
    } finally {
      await server.stop();
    }
  });

  test('a burst of sends is answered as each would be alone (merged into one statement on PostgreSQL)', async () => {
    const server = await startOpenchat({ env: { OPENCHAT_RATE_LIMITS: 'message=100000/1', LOG_LEVEL: 'debug' } });
    try {
      const [a, b, c] = await users(server, 3);
      const z = await zone(a, [b]);
      const other = await zone(c);
      const { socket: sa } = await signIn(server, a);
      const { socket: sb } = await signIn(server, b);
      const { socket: sc } = await signIn(server, c);
      // Everything is emitted before any answer can arrive, so the writer finds the sends
      // queued next to each other.
      const plan = [];
      for (let i = 0; i < 30; i++) plan.push([i % 2 ? sb : sa, { channel_id: z.text, content: `burst ${i}`, nonce: `b-${i}` }]);
      plan.push([sa, { channel_id: z.text, content: 'repeat', nonce: 'b-0' }]); // a's own nonce again
      plan.push([sb, { channel_id: z.text, content: 'b reuses a nonce of a', nonce: 'b-2' }]);
      plan.push([sa, { channel_id: z.voice, content: 'to voice', nonce: 'b-v' }]);
      plan.push([sa, { channel_id: z.text, chat_id: other.id, content: 'wrong zone' }]);
      plan.push([sc, { channel_id: z.text, content: 'not a member' }]);
      plan.push([sb, { channel_id: z.text, content: `hi <@${a.user.id}>` }]);
      const answers = await Promise.all(plan.map(([s, p]) => call(s, 'message:send', p)));

      const stored = answers.slice(0, 30).map((x, i) => {
        assert.ok(x?.message, `send ${i}: ${JSON.stringify(x)}`);
        assert.equal(x.message.content, `burst ${i}`);
        assert.equal(x.message.nonce, `b-${i}`);
        return x.message;
      });
      assert.deepEqual(answers[30].message, stored[0]);
      assert.equal(answers[31].message.content, 'b reuses a nonce of a');
      assert.equal(answers[31].message.author.id, b.user.id);
      assertAckError(answers[32], 'channel_not_text');
      assertAckError(answers[33], 'channel_not_found');
      assertAckError(answers[34], 'channel_not_found');
      const mention = answers[35].message;
      assert.deepEqual(mention.mentions, [a.user.id]);

      const want = [...stored, answers[31].message, mention].sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : 1));
      const history = await b.get(`/api/v1/channels/${z.text}/messages`);
      assert.equal(history.status, 200, history.text);
      assert.deepEqual(history.body.messages.map((m) => m.id), want.map((m) => m.id));
      // Each author has read up to their last message; a has an unread mention from b.
      const state = (await a.get(`/api/v1/zones/${z.id}/channels`)).body.channels.find((ch) => ch.id === z.text);
      assert.equal(state.mention_count, 1);
      await settle(sa);
      await settle(sb);
      // Every member got each message they did not send, once.
      assert.deepEqual(received(sa, 'message:new').map((m) => m.id).sort(), want.filter((m) => m.author.id !== a.user.id).map((m) => m.id).sort());
      assert.deepEqual(received(sb, 'message:new').map((m) => m.id).sort(), want.filter((m) => m.author.id !== b.user.id).map((m) => m.id).sort());
      assert.deepEqual(received(sc, 'message:new'), []);
      // On PostgreSQL the writer found several of them waiting together and merged them.
      if (TEST_BACKEND === 'postgres') await server.waitForLog(/db: \d+ write jobs ran as one/);
    } finally {
      await server.stop();
    }
  });

  test('an event emitted before the connect completes is answered', async () => {
    const server = await startOpenchat();
    try {
      const [a, b] = await users(server, 2);
      const chat = await dm(a, b);
      const socket = io(server.url, { forceNew: true, transports: ['websocket'], auth: { token: a.cookie } });
      server.sockets.add(socket);
      const answer = await call(socket, 'message:send', { chat_id: chat.id, content: 'early' });
      assert.equal(answer.message.content, 'early');
    } finally {
      await server.stop();
    }
  });

  test('sends beyond the rate limit are refused with retry_after', async () => {
    const server = await startOpenchat({ env: { OPENCHAT_RATE_LIMITS: 'register=100000/60,message=3/60' } });
    try {
      const [a, b] = await users(server, 2);
      const chat = await dm(a, b);
      const { socket } = await signIn(server, a);
      for (let i = 0; i < 3; i++) await send(socket, { chat_id: chat.id, content: `${i}` });
      const refused = await call(socket, 'message:send', { chat_id: chat.id, content: 'one too many' });
      assertAckError(refused, 'rate_limited');
      assert.ok(refused.error.retry_after >= 1);
      const history = await a.get(`/api/v1/chats/${chat.id}/messages`);
      assert.equal(history.body.messages.length, 3);
    } finally {
      await server.stop();
    }
  });
});

describe('edit, delete, pin, react', () => {
  let server, owner, admin, member, outsider, friend, z, chat, so, sa, sm, sx, sf;
  before(async () => {
    server = await startOpenchat();
    [owner, admin, member, outsider, friend] = await users(server, 5);
    z = await zone(owner, [admin, member]);
    const role = await owner.patch(`/api/v1/zones/${z.id}/members/${admin.user.id}`, { role: 'admin' });
    assert.equal(role.status, 200, role.text);
    chat = await dm(member, friend);
    so = (await signIn(server, owner)).socket;
    sa = (await signIn(server, admin)).socket;
    sm = (await signIn(server, member)).socket;
    sx = (await signIn(server, outsider)).socket;
    sf = (await signIn(server, friend)).socket;
  });
  after(() => server.stop());

  test('the author edits; others get message:updated; nobody else may edit', async () => {
    const m = await send(sm, { channel_id: z.text, content: 'tpyo' });
    const edited = await call(sm, 'message:edit', { message_id: m.id, content: `fixed <@${owner.user.id}>` });
    assert.equal(edited.message.content, `fixed <@${owner.user.id}>`);
    assert.ok(edited.message.edited_at >= m.created_at);
    assert.deepEqual(edited.message.mentions, [owner.user.id]);
    assert.equal('reactions' in edited.message, false);
    assert.deepEqual(await nextEvent(so, 'message:updated', (p) => p.id === m.id), edited.message);
    assertAckError(await call(sa, 'message:edit', { message_id: m.id, content: 'admin edit' }), 'not_author');
    assertAckError(await call(sx, 'message:edit', { message_id: m.id, content: 'outsider' }), 'message_not_found');
    assertAckError(await call(sm, 'message:edit', { message_id: m.id, content: '' }), 'invalid_field', 'content');
    assertAckError(await call(sm, 'message:edit', { content: 'x' }), 'invalid_field', 'message_id');
  });

  test('delete: the author, or an admin in a zone; a member may not delete another\'s', async () => {
    const mine = await send(sm, { channel_id: z.text, content: 'mine' });
    const theirs = await send(so, { channel_id: z.text, content: 'owner says' });
    assertAckError(await call(sm, 'message:delete', { message_id: theirs.id }), 'admin_required');
    assertAckError(await call(sx, 'message:delete', { message_id: theirs.id }), 'message_not_found');
    const gone = await call(sm, 'message:delete', { message_id: mine.id });
    assert.deepEqual(gone.deleted, { id: mine.id, chat_id: z.id, channel_id: z.text });
    assert.deepEqual(await nextEvent(so, 'message:deleted', (p) => p.id === mine.id), gone.deleted);
    const byAdmin = await call(sa, 'message:delete', { message_id: theirs.id });
    assert.equal(byAdmin.deleted.id, theirs.id);
    // Deleted: nothing more can be done with it.
    assertAckError(await call(sm, 'message:edit', { message_id: mine.id, content: 'back' }), 'message_not_found');
    assertAckError(await call(sm, 'message:delete', { message_id: mine.id }), 'message_not_found');
    // A reply to it says so.
    const history = await owner.get(`/api/v1/channels/${z.text}/messages`);
    assert.equal(history.body.messages.some((x) => x.id === mine.id || x.id === theirs.id), false);
  });

  test('pins: ADMIN+ in a zone, either member in a DM', async () => {
    const m = await send(sm, { channel_id: z.text, content: 'pin me' });
    assertAckError(await call(sm, 'message:pin', { message_id: m.id }), 'admin_required');
    const pinned = await call(sa, 'message:pin', { message_id: m.id });
    assert.equal(pinned.message.pinned, true);
    assert.equal((await nextEvent(sm, 'message:updated', (p) => p.id === m.id && p.pinned)).pinned, true);
    const pins = await member.get(`/api/v1/channels/${z.text}/pins`);
    assert.deepEqual(pins.body.messages.map((x) => x.id), [m.id]);
    assert.equal((await call(so, 'message:unpin', { message_id: m.id })).message.pinned, false);

    const d = await send(sf, { chat_id: chat.id, content: 'dm pin' });
    assert.equal((await call(sm, 'message:pin', { message_id: d.id })).message.pinned, true);
    assert.equal((await nextEvent(sf, 'message:updated', (p) => p.id === d.id)).pinned, true);
  });

  test('reactions: counts per emoji with "me", no duplicates, emoji checked', async () => {
    const m = await send(so, { channel_id: z.text, content: 'react to me' });
    const first = await call(sm, 'reaction:add', { message_id: m.id, emoji: '👍' });
    assert.deepEqual(first.reaction, {
      message_id: m.id, chat_id: z.id, channel_id: z.text, emoji: '👍', user_id: member.user.id, count: 1, added: true,
    });
    assert.deepEqual(await nextEvent(so, 'reaction:updated', (p) => p.message_id === m.id), first.reaction);
    const second = await call(sa, 'reaction:add', { message_id: m.id, emoji: '👍' });
    assert.equal(second.reaction.count, 2);
    const again = await call(sa, 'reaction:add', { message_id: m.id, emoji: '👍' });
    assert.equal(again.reaction.count, 2);
    await nextEvent(so, 'reaction:updated', (p) => p.message_id === m.id && p.count === 2);
    await settle(so);
    assert.deepEqual(received(so, 'reaction:updated'), [], 'adding twice sends nothing');
    await call(sm, 'reaction:add', { message_id: m.id, emoji: '🎉' });
    const page = await member.get(`/api/v1/messages/${m.id}`);
    assert.deepEqual(page.body.message.reactions, [
      { emoji: '👍', count: 2, me: true },
      { emoji: '🎉', count: 1, me: true },
    ]);
    const ownerView = await owner.get(`/api/v1/messages/${m.id}`);
    assert.deepEqual(ownerView.body.message.reactions.map((r) => r.me), [false, false]);
    const removed = await call(sm, 'reaction:remove', { message_id: m.id, emoji: '👍' });
    assert.equal(removed.reaction.count, 1);
    assert.equal(removed.reaction.added, false);
    for (const emoji of ['abc', '', ' ', 'x'.repeat(65), 42]) {
      assertAckError(await call(sm, 'reaction:add', { message_id: m.id, emoji }), 'invalid_field', 'emoji');
    }
    assertAckError(await call(sx, 'reaction:add', { message_id: m.id, emoji: '👍' }), 'message_not_found');
  });

  test('a kicked member stops receiving at once and cannot send', async () => {
    const [kicked] = await users(server, 1);
    const inv = await owner.post(`/api/v1/zones/${z.id}/invites`, {});
    await kicked.post(`/api/v1/invites/${inv.body.invite.code}/join`);
    const { socket: sk } = await signIn(server, kicked);
    const before = await send(so, { channel_id: z.text, content: 'still here?' });
    await nextEvent(sk, 'message:new', (p) => p.id === before.id);
    const res = await owner.delete(`/api/v1/zones/${z.id}/members/${kicked.user.id}`);
    assert.equal(res.status, 204, res.text);
    const afterKick = await send(so, { channel_id: z.text, content: 'gone now' });
    await nextEvent(sm, 'message:new', (p) => p.id === afterKick.id);
    await settle(sk);
    assert.equal(received(sk, 'message:new').some((p) => p.id === afterKick.id), false);
    assertAckError(await call(sk, 'message:send', { channel_id: z.text, content: 'let me in' }), 'channel_not_found');
  });

  test('a block closes the DM both ways', async () => {
    const [x, y] = await users(server, 2);
    const c2 = await dm(x, y);
    const { socket: sxs } = await signIn(server, x);
    const { socket: sys } = await signIn(server, y);
    assert.equal((await x.put(`/api/v1/blocks/${y.user.id}`)).status, 204);
    assertAckError(await call(sys, 'message:send', { chat_id: c2.id, content: 'hey' }), 'blocked');
    assertAckError(await call(sxs, 'message:send', { chat_id: c2.id, content: 'hey' }), 'blocked');
    // Reading stays possible.
    assert.equal((await y.get(`/api/v1/chats/${c2.id}/messages`)).status, 200);
  });
});
