// Typing indicators over the wire: typing:start / typing:stop relayed to the other members of
// a DM or a zone channel only (not to the typing user's other tabs, not to outsiders), repeats
// relayed at most once per 3 s, the indicator ending by itself 8 s after the last
// typing:start, a sent message ending it, and the refusals (not a member, a voice channel,
// someone else's DM, a blocked DM, missing or malformed ids). Real sockets against the real
// binary, on the backend of the run.
//
// To show that an event did NOT arrive, a test makes an acknowledged round trip on that
// socket after the moment the event would have been sent (barrier) and then looks at what
// the socket received.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenchat } from '../lib/server.mjs';
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

const ENV = {
  OPENCHAT_RATE_LIMITS: 'register=1000/60,verify=1000/60,login=1000/60,friend_request=1000/60',
};

let server;
before(async () => {
  server = await startOpenchat({ env: ENV });
});
after(async () => {
  await server?.stop();
});

/** An acknowledged round trip: everything the server sent this socket before is in. */
async function barrier(socket) {
  assert.deepEqual(await call(socket, 'presence:heartbeat', {}), {});
}

/** Barriers on every socket, then the typing events each received (not consumed). */
async function typingSeen(...sockets) {
  for (const s of sockets) await barrier(s);
  return sockets.map((s) => [...received(s, 'typing:start'), ...received(s, 'typing:stop')]);
}

/** The relayed payload. */
const dmTyping = (chat, user) => ({ chat_id: chat.id, channel_id: null, user_id: user.user.id });
const channelTyping = (z, channelId, user) => ({
  chat_id: z.id,
  channel_id: channelId,
  user_id: user.user.id,
});

async function start(socket, payload) {
  assert.deepEqual(await call(socket, 'typing:start', payload), {});
}
async function stop(socket, payload) {
  assert.deepEqual(await call(socket, 'typing:stop', payload), {});
}

describe('typing relay', () => {
  test('in a DM: to the other member, not to the typer\'s other tab or an outsider', async () => {
    const [a, b, outsider] = await users(server, 3);
    const chat = await dm(a, b);
    const { socket: a1 } = await signIn(server, a);
    const { socket: a2 } = await signIn(server, a);
    const { socket: b1 } = await signIn(server, b);
    const { socket: b2 } = await signIn(server, b);
    const { socket: o } = await signIn(server, outsider);

    await start(a1, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(b1, 'typing:start'), dmTyping(chat, a));
    assert.deepEqual(await nextEvent(b2, 'typing:start'), dmTyping(chat, a));
    await stop(a1, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(b1, 'typing:stop'), dmTyping(chat, a));
    assert.deepEqual(await nextEvent(b2, 'typing:stop'), dmTyping(chat, a));
    assert.deepEqual(await typingSeen(a1, a2, o, b1, b2), [[], [], [], [], []]);

    // The other way round.
    await start(b2, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(a1, 'typing:start'), dmTyping(chat, b));
    assert.deepEqual(await nextEvent(a2, 'typing:start'), dmTyping(chat, b));
    assert.deepEqual(await typingSeen(b1, b2, o), [[], [], []]);

    // typing:stop without a typing:start tells nobody.
    await stop(a2, { chat_id: chat.id });
    assert.deepEqual(await typingSeen(b1, b2), [[], []]);
  });

  test('in a zone channel: to every other member, not to outsiders', async () => {
    const [owner, m1, m2, outsider] = await users(server, 4);
    const z = await zone(owner, [m1, m2]);
    const { socket: so1 } = await signIn(server, owner);
    const { socket: so2 } = await signIn(server, owner);
    const { socket: s1 } = await signIn(server, m1);
    const { socket: s2 } = await signIn(server, m2);
    const { socket: out } = await signIn(server, outsider);

    await start(so1, { channel_id: z.text });
    const want = channelTyping(z, z.text, owner);
    assert.deepEqual(await nextEvent(s1, 'typing:start'), want);
    assert.deepEqual(await nextEvent(s2, 'typing:start'), want);
    await stop(so1, { channel_id: z.text });
    assert.deepEqual(await nextEvent(s1, 'typing:stop'), want);
    assert.deepEqual(await nextEvent(s2, 'typing:stop'), want);
    assert.deepEqual(await typingSeen(so1, so2, out, s1, s2), [[], [], [], [], []]);

    // chat_id may name the channel's zone too.
    await start(s1, { chat_id: z.id, channel_id: z.text });
    const fromM1 = channelTyping(z, z.text, m1);
    assert.deepEqual(await nextEvent(so1, 'typing:start'), fromM1);
    assert.deepEqual(await nextEvent(so2, 'typing:start'), fromM1);
    assert.deepEqual(await nextEvent(s2, 'typing:start'), fromM1);
    assert.deepEqual(await typingSeen(s1, out), [[], []]);

    // A channel created while everyone is connected.
    const res = await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'new', type: 'text' });
    assert.equal(res.status, 201, res.text);
    const fresh = res.body.channel.id;
    await nextEvent(s2, 'channel:created', (p) => p.channel_id === fresh);
    await start(s2, { channel_id: fresh });
    assert.deepEqual(await nextEvent(so1, 'typing:start'), channelTyping(z, fresh, m2));
    assert.deepEqual(await nextEvent(s1, 'typing:start'), channelTyping(z, fresh, m2));
    assert.deepEqual(await typingSeen(out), [[]]);
  });

  test('places gained while connected: a DM opened, a zone joined', async () => {
    const [a, b, c] = await users(server, 3);
    const z = await zone(a);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const { socket: sc } = await signIn(server, c);

    const chat = await dm(a, b);
    await nextEvent(sb, 'dm:opened');
    await start(sb, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(sa, 'typing:start'), dmTyping(chat, b));

    assertAckError(await call(sc, 'typing:start', { channel_id: z.text }), 'channel_not_found');
    const inv = await a.post(`/api/v1/zones/${z.id}/invites`, {});
    assert.equal(inv.status, 201, inv.text);
    const joined = await c.post(`/api/v1/invites/${inv.body.invite.code}/join`);
    assert.equal(joined.status, 200, joined.text);
    await start(sc, { channel_id: z.text });
    assert.deepEqual(await nextEvent(sa, 'typing:start'), channelTyping(z, z.text, c));
    assert.deepEqual(await typingSeen(sb, sc), [[], []]);
  });

  test('repeats within 3 s are relayed once; each user and conversation on its own', async () => {
    const [a, b, c] = await users(server, 3);
    const chat = await dm(a, b);
    const z = await zone(a, [b, c]);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const { socket: sc } = await signIn(server, c);

    for (let i = 0; i < 5; i++) {
      await start(sa, { chat_id: chat.id });
      await start(sa, { channel_id: z.text });
    }
    await start(sc, { channel_id: z.text });
    await start(sc, { channel_id: z.text });
    const [seenB, seenC] = await typingSeen(sb, sc);
    assert.deepEqual(seenB, [
      dmTyping(chat, a),
      channelTyping(z, z.text, a),
      channelTyping(z, z.text, c),
    ]);
    assert.deepEqual(seenC, [channelTyping(z, z.text, a)]);

    // A stop, then a start: the new indicator is relayed at once.
    await stop(sa, { chat_id: chat.id });
    await start(sa, { chat_id: chat.id });
    await barrier(sb);
    assert.deepEqual(received(sb, 'typing:stop'), [dmTyping(chat, a)]);
    assert.deepEqual(received(sb, 'typing:start').slice(3), [dmTyping(chat, a)]);
  });

  test('sending a message ends the typing', async () => {
    const [a, b, c] = await users(server, 3);
    const chat = await dm(a, b);
    const z = await zone(a, [c]);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const { socket: sc } = await signIn(server, c);

    await start(sa, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(sb, 'typing:start'), dmTyping(chat, a));
    const m = await send(sa, { chat_id: chat.id, content: 'done typing' });
    assert.deepEqual(await nextEvent(sb, 'typing:stop'), dmTyping(chat, a));
    assert.equal((await nextEvent(sb, 'message:new')).id, m.id);
    // The indicator is gone: typing again is relayed at once, not held back by the 3 s limit.
    await start(sa, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(sb, 'typing:start'), dmTyping(chat, a));
    await stop(sa, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(sb, 'typing:stop'), dmTyping(chat, a));

    await start(sa, { channel_id: z.text });
    assert.deepEqual(await nextEvent(sc, 'typing:start'), channelTyping(z, z.text, a));
    await send(sa, { channel_id: z.text, content: 'there' });
    assert.deepEqual(await nextEvent(sc, 'typing:stop'), channelTyping(z, z.text, a));

    // A message without typing first sends no typing:stop.
    await send(sb, { chat_id: chat.id, content: 'hi' });
    await nextEvent(sa, 'message:new');
    assert.deepEqual(await typingSeen(sa, sb, sc), [[], [], []]);
  });
});

describe('typing expiry', { concurrency: true }, () => {
  test('without a refresh, typing:stop comes by itself after about 8 s', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const t0 = Date.now();
    await start(sa, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(sb, 'typing:start'), dmTyping(chat, a));
    const ended = await nextEvent(sb, 'typing:stop', () => true, {
      timeout: 12000,
      what: 'typing:stop 8 s after typing:start',
    });
    const elapsed = Date.now() - t0;
    assert.deepEqual(ended, dmTyping(chat, a));
    assert.ok(elapsed >= 7000, `typing:stop after ${elapsed} ms, before 7 s`);
    assert.deepEqual(await typingSeen(sa, sb), [[], []]);
  });

  test('a repeat after 3 s is relayed again and pushes the end back', async () => {
    const [a, b] = await users(server, 2);
    const z = await zone(a, [b]);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const want = channelTyping(z, z.text, a);
    await start(sa, { channel_id: z.text });
    assert.deepEqual(await nextEvent(sb, 'typing:start'), want);
    await new Promise((r) => setTimeout(r, 3300)); // the client's repeat period, under test
    const t1 = Date.now();
    await start(sa, { channel_id: z.text });
    assert.deepEqual(await nextEvent(sb, 'typing:start'), want);
    const ended = await nextEvent(sb, 'typing:stop', () => true, {
      timeout: 12000,
      what: 'typing:stop 8 s after the repeat',
    });
    const elapsed = Date.now() - t1;
    assert.deepEqual(ended, want);
    assert.ok(elapsed >= 7000, `typing:stop ${elapsed} ms after the repeat, before 7 s`);
    assert.deepEqual(await typingSeen(sa, sb), [[], []]);
  });
});

describe('typing refusals', () => {
  test('not a member, a voice channel, someone else\'s DM, unknown ids', async () => {
    const [a, b, c, d] = await users(server, 4);
    const chat = await dm(a, b);
    const other = await dm(c, d);
    const z = await zone(a, [b]);
    const theirs = await zone(c);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const { socket: sc } = await signIn(server, c);
    const { socket: sd } = await signIn(server, d);

    for (const event of ['typing:start', 'typing:stop']) {
      const cases = [
        [sc, { channel_id: z.text }, 'channel_not_found'], // a zone c is not in
        [sa, { channel_id: theirs.text }, 'channel_not_found'],
        [sa, { chat_id: theirs.id, channel_id: z.text }, 'channel_not_found'], // wrong zone
        [sa, { chat_id: other.id, channel_id: z.text }, 'channel_not_found'],
        [sa, { channel_id: '123' }, 'channel_not_found'],
        [sa, { channel_id: z.voice }, 'channel_not_text'],
        [sb, { chat_id: z.id, channel_id: z.voice }, 'channel_not_text'],
        [sa, { chat_id: other.id }, 'chat_not_found'], // c and d's DM
        [sc, { chat_id: chat.id }, 'chat_not_found'],
        [sa, { chat_id: z.id }, 'chat_not_found'], // a zone is not a DM
        [sa, { chat_id: '123' }, 'chat_not_found'],
      ];
      for (const [socket, payload, code] of cases) {
        const answer = await call(socket, event, payload);
        assertAckError(answer, code);
        const keys = Object.keys(answer.error).sort();
        assert.deepEqual(keys, ['code', 'message'], JSON.stringify(answer));
      }
    }
    assert.deepEqual(await typingSeen(sa, sb, sc, sd), [[], [], [], []]);
  });

  test('missing or malformed ids are invalid_field', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    const z = await zone(a, [b]);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    for (const event of ['typing:start', 'typing:stop']) {
      for (const [payload, field] of [
        [{}, 'chat_id'],
        [{ chat_id: null }, 'chat_id'],
        [{ chat_id: '' }, 'chat_id'],
        [{ chat_id: 'abc' }, 'chat_id'],
        [{ chat_id: Number(chat.id) }, 'chat_id'],
        [{ chat_id: '-1' }, 'chat_id'],
        [{ channel_id: 'x' }, 'channel_id'],
        [{ channel_id: Number(z.text) }, 'channel_id'],
        [{ channel_id: z.text, chat_id: 'x' }, 'chat_id'],
        [{ text: 'hello' }, 'chat_id'],
      ]) {
        assertAckError(await call(sa, event, payload), 'invalid_field', field);
      }
      for (const payload of [null, 'typing', [chat.id]]) {
        assertAckError(await call(sa, event, payload), 'invalid_field');
      }
    }
    assert.deepEqual(await typingSeen(sa, sb), [[], []]);
  });

  test('a DM where one blocked the other is refused both ways until the block is lifted', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);

    const blocked = await a.put(`/api/v1/blocks/${b.user.id}`);
    assert.equal(blocked.status, 204, blocked.text);
    for (const s of [sa, sb]) {
      for (const event of ['typing:start', 'typing:stop']) {
        const answer = await call(s, event, { chat_id: chat.id });
        assertAckError(answer, 'blocked');
        assert.deepEqual(Object.keys(answer.error).sort(), ['code', 'message']);
      }
    }
    // A socket that connects after the block is refused the same way.
    const { socket: sb2 } = await signIn(server, b);
    assertAckError(await call(sb2, 'typing:start', { chat_id: chat.id }), 'blocked');
    assert.deepEqual(await typingSeen(sa, sb, sb2), [[], [], []]);

    const lifted = await a.delete(`/api/v1/blocks/${b.user.id}`);
    assert.equal(lifted.status, 204, lifted.text);
    // The DM's room is joined again once the server has checked that no block is left (a
    // read after the unblock committed): try until it is, with a round trip in between.
    let answer;
    for (let i = 0; i < 50; i++) {
      answer = await call(sb, 'typing:start', { chat_id: chat.id });
      if (!answer.error) break;
      assertAckError(answer, 'blocked');
      await barrier(sa);
    }
    assert.deepEqual(answer, {});
    assert.deepEqual(await nextEvent(sa, 'typing:start'), dmTyping(chat, b));
    await start(sa, { chat_id: chat.id });
    assert.deepEqual(await nextEvent(sb, 'typing:start'), dmTyping(chat, a));
    assert.deepEqual(await nextEvent(sb2, 'typing:start'), dmTyping(chat, a));
    assert.deepEqual(await typingSeen(sa, sb, sb2), [[], [], []]);
  });

  // PROTOCOL.md: an unblock updates the rooms "at once", so a message sent as soon as
  // DELETE /blocks answered reaches the other member. A race if it were wrong, so it is tried
  // many times.
  test(
    'unblocking opens the DM again as soon as DELETE /blocks answers',
    async () => {
      const [a, b] = await users(server, 2);
      const chat = await dm(a, b);
      const { socket: sa } = await signIn(server, a);
      const { socket: sb } = await signIn(server, b);
      for (let round = 0; round < 20; round++) {
        assert.equal((await a.put(`/api/v1/blocks/${b.user.id}`)).status, 204);
        assertAckError(await call(sb, 'typing:start', { chat_id: chat.id }), 'blocked');
        assert.equal((await a.delete(`/api/v1/blocks/${b.user.id}`)).status, 204);
        const answer = await call(sb, 'typing:start', { chat_id: chat.id });
        assert.deepEqual(answer, {}, `round ${round}`);
        assert.deepEqual(await nextEvent(sa, 'typing:start'), dmTyping(chat, b));
        await stop(sb, { chat_id: chat.id });
        assert.deepEqual(await nextEvent(sa, 'typing:stop'), dmTyping(chat, b));
      }
    },
  );
});
