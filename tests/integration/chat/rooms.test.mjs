// Rooms: who hears what as memberships change, on sockets that stay connected. Joining a zone
// (by invite, or by creating it), a kick, a ban, leaving, a new or deleted channel, a deleted
// zone, a new DM, a block and an unblock move every tab of the users concerned at once: from
// the moment the REST call answered, messages, typing and zone events reach exactly the
// members. After a reconnection the rooms are the user's current ones.
//
// "Nothing arrived" is proved with a barrier: an acknowledged round trip on the socket after
// the event would have been sent (a connection delivers in order), then the record is checked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { GatedAgent, startOpenchat, waitFor } from '../lib/server.mjs';
import {
  assertAckError,
  befriend,
  call,
  dm,
  nextEvent,
  received,
  record,
  send,
  signIn,
  users,
  zone,
} from '../lib/chat.mjs';

// The kick race sends a message per round: more than the default message rate.
const ENV = {
  OPENCHAT_RATE_LIMITS: 'register=1000/60,verify=1000/60,login=1000/60,message=1000/10,join=1000/60',
};

let server;
before(async () => {
  server = await startOpenchat({ env: ENV });
});
after(async () => {
  await server?.stop();
});

/** An acknowledged round trip: everything the server sent before it has arrived. */
async function barrier(...sockets) {
  for (const s of sockets) assert.deepEqual(await call(s, 'presence:heartbeat', {}), {});
}

/** After a barrier: no event `name` (matching pred) has arrived on any of the sockets. */
async function none(sockets, name, pred = () => true) {
  await barrier(...sockets);
  for (const s of sockets) {
    const got = received(s, name).filter(pred);
    assert.deepEqual(got, [], `${name} reached a socket that should not hear it`);
  }
}

/** Waits for event `name` with exactly `payload` on every socket. */
async function each(sockets, name, payload) {
  for (const s of sockets) {
    const got = await nextEvent(s, name, (p) => JSON.stringify(p) === JSON.stringify(payload), {
      what: `${name} ${JSON.stringify(payload)}`,
    });
    assert.deepEqual(got, payload);
  }
}

/** Sends from `from` and checks that exactly `to` get it (and `not` do not). */
async function delivered(from, target, to, not = [], content = `m-${Math.random()}`) {
  const m = await send(from, { ...target, content });
  for (const s of to) assert.deepEqual(await nextEvent(s, 'message:new', (x) => x.id === m.id), m);
  await none(not, 'message:new', (x) => x.id === m.id);
  return m;
}

async function invite(owner, z) {
  const res = await owner.post(`/api/v1/zones/${z.id}/invites`, {});
  assert.equal(res.status, 201, res.text);
  return res.body.invite.code;
}

async function join(client, code) {
  const res = await client.post(`/api/v1/invites/${code}/join`);
  assert.equal(res.status, 200, res.text);
  return res.body.zone;
}

async function ok(res, status) {
  assert.equal(res.status, status, res.text);
  return res.body;
}

describe('zones', () => {
  test("joining by invite while connected: every tab gets zone:joined, then the zone's messages", async () => {
    const [owner, member, joiner, outsider] = await users(server, 4);
    const z = await zone(owner, [member]);
    const { socket: so } = await signIn(server, owner);
    const { socket: sm } = await signIn(server, member);
    const { socket: j1 } = await signIn(server, joiner);
    const { socket: j2 } = await signIn(server, joiner, { transports: ['polling'] });
    const { socket: sx } = await signIn(server, outsider);
    // Before: the joiner is in none of the zone's rooms.
    await delivered(so, { channel_id: z.text }, [sm], [j1, j2, sx]);
    assertAckError(await call(j1, 'typing:start', { channel_id: z.text }), 'channel_not_found');

    await join(joiner, await invite(owner, z));
    const joined = { zone_id: z.id, user_id: joiner.user.id };
    await each([j1, j2], 'zone:joined', joined);
    await each([so, sm], 'zone:member_joined', joined);
    await none([sx], 'zone:member_joined');
    await none([so, sm], 'zone:joined');

    // Messages of the zone's text channel reach both tabs, without reconnecting.
    await delivered(so, { channel_id: z.text }, [sm, j1, j2], [sx]);
    await delivered(j1, { channel_id: z.text }, [so, sm, j2], [sx]);
    // Typing too (it is relayed by room alone).
    assert.deepEqual(await call(so, 'typing:start', { channel_id: z.text }), {});
    const typing = { chat_id: z.id, channel_id: z.text, user_id: owner.user.id };
    await each([sm, j1, j2], 'typing:start', typing);
    await none([sx], 'typing:start');
    assert.deepEqual(await call(j2, 'typing:start', { channel_id: z.text }), {});
    await each([so], 'typing:start', {
      chat_id: z.id,
      channel_id: z.text,
      user_id: joiner.user.id,
    });
    // Zone events reach the new member.
    await ok(await owner.patch(`/api/v1/zones/${z.id}`, { name: 'Renamed' }), 200);
    await each([so, sm, j1, j2], 'zone:updated', { zone_id: z.id });
    await none([sx], 'zone:updated');
    // The zone's voice channel is known too: not a text channel.
    assertAckError(
      await call(j1, 'message:send', { channel_id: z.voice, content: 'x' }),
      'channel_not_text',
    );
    // Joining again as a member changes nothing and announces nothing (the joiner's tabs,
    // members from the join on, had the first zone:member_joined).
    await each([j1, j2], 'zone:member_joined', joined);
    await join(joiner, await invite(owner, z));
    await none([so, sm, j1, j2], 'zone:member_joined', (p) => p.user_id === joiner.user.id);
    await none([j1, j2], 'zone:joined');
  });

  test("a socket connected after joining is in the zone's rooms", async () => {
    const [owner, member] = await users(server, 2);
    const z = await zone(owner, [member]);
    const { socket: so } = await signIn(server, owner);
    const { socket: sm } = await signIn(server, member);
    await delivered(so, { channel_id: z.text }, [sm]);
    await delivered(sm, { channel_id: z.text }, [so]);
  });

  test("creating a zone: the creator's other tabs are in its rooms at once", async () => {
    const [a, outsider] = await users(server, 2);
    const { socket: t1 } = await signIn(server, a);
    const { socket: t2 } = await signIn(server, a, { transports: ['polling'] });
    const { socket: sx } = await signIn(server, outsider);
    const z = await zone(a);
    await each([t1, t2], 'zone:joined', { zone_id: z.id, user_id: a.user.id });
    await delivered(t1, { channel_id: z.text }, [t2], [sx]);
    await delivered(t2, { channel_id: z.text }, [t1], [sx]);
    assertAckError(
      await call(sx, 'message:send', { channel_id: z.text, content: 'x' }),
      'channel_not_found',
    );
    assertAckError(await call(sx, 'typing:start', { channel_id: z.text }), 'channel_not_found');
  });

  // A member stops being one: kicked, banned, or by leaving.
  const removals = [
    {
      reason: 'kicked',
      remove: (owner, z, m) => owner.delete(`/api/v1/zones/${z.id}/members/${m.user.id}`),
    },
    {
      reason: 'banned',
      remove: (owner, z, m) =>
        owner.put(`/api/v1/zones/${z.id}/bans/${m.user.id}`, { reason: 'spam' }),
    },
    { reason: 'left', remove: (owner, z, m) => m.post(`/api/v1/zones/${z.id}/leave`) },
  ];
  for (const { reason, remove } of removals) {
    test(`${reason}: zone:left on every tab, and nothing more from the zone from the answer on`, async () => {
      const [owner, member, gone] = await users(server, 3);
      const z = await zone(owner, [member, gone]);
      const { socket: so } = await signIn(server, owner);
      const { socket: sm } = await signIn(server, member);
      const { socket: g1 } = await signIn(server, gone);
      const { socket: g2 } = await signIn(server, gone, { transports: ['polling'] });
      await delivered(so, { channel_id: z.text }, [sm, g1, g2]);

      const res = await remove(owner, z, gone);
      assert.equal(res.status, 204, res.text);
      // From the moment the REST call answered: a message, typing and a zone event.
      const after = await send(so, { channel_id: z.text, content: `after ${reason}` });
      assert.deepEqual(await call(so, 'typing:start', { channel_id: z.text }), {});
      await ok(await owner.patch(`/api/v1/zones/${z.id}`, { name: `after ${reason}` }), 200);
      assert.deepEqual(await nextEvent(sm, 'message:new', (m) => m.id === after.id), after);
      await each([sm], 'zone:updated', { zone_id: z.id });
      await none([g1, g2], 'message:new', (m) => m.id === after.id);
      await none([g1, g2], 'typing:start');
      await none([g1, g2], 'zone:updated');

      const left = { zone_id: z.id, user_id: gone.user.id, reason };
      await each([g1, g2], 'zone:left', left);
      await each([so, sm], 'zone:member_left', left);
      await none([g1, g2], 'zone:member_left');

      // The former member's own events there are refused and reach nobody.
      for (const s of [g1, g2]) {
        assertAckError(
          await call(s, 'message:send', { channel_id: z.text, content: 'x' }),
          'channel_not_found',
        );
        assertAckError(await call(s, 'typing:start', { channel_id: z.text }), 'channel_not_found');
      }
      await none([so, sm], 'typing:start', (t) => t.user_id === gone.user.id);

      // Coming back with an invite (not after a ban) puts every tab in the rooms again.
      const back = await gone.post(`/api/v1/invites/${await invite(owner, z)}/join`);
      if (reason === 'banned') {
        assert.equal(back.status, 403, back.text);
        assert.equal(back.body.error.code, 'banned');
        await none([g1, g2], 'zone:joined');
        return;
      }
      assert.equal(back.status, 200, back.text);
      await each([g1, g2], 'zone:joined', { zone_id: z.id, user_id: gone.user.id });
      await delivered(so, { channel_id: z.text }, [sm, g1, g2]);
    });
  }

  test("a kick while the member's sockets are signing in: none of them hears the zone after", async () => {
    // Each round, 8 sockets of the member connect while the owner kicks them; the kick goes
    // out when the k-th socket's transport opened (its CONNECT follows at once), so it meets
    // the others at every step of their sign-in. Being in many zones makes loading the
    // member's places take a while. Whatever the timing, no socket may stay in the zone's
    // rooms: the owner's next message reaches none of them.
    const [owner, member] = await users(server, 2);
    for (let i = 0; i < 50; i++) await zone(owner, [member], `Filler ${i}`);
    const z = await zone(owner, [member]);
    const code = await invite(owner, z);
    const { socket: so } = await signIn(server, owner);
    let heard = 0;
    for (let round = 0; round < 80; round++) {
      const sockets = [];
      const connected = [];
      for (let i = 0; i < 8; i++) {
        const s = io(server.url, {
          forceNew: true,
          transports: ['websocket'],
          reconnection: false,
          auth: { token: member.cookie },
        });
        record(s);
        server.sockets.add(s);
        sockets.push(s);
        connected.push(waitFor(s, 'connect'));
      }
      await waitFor(sockets[round % sockets.length].io, 'open');
      await ok(await owner.delete(`/api/v1/zones/${z.id}/members/${member.user.id}`), 204);
      await Promise.all(connected);
      const m = await send(so, { channel_id: z.text, content: `round ${round}` });
      await barrier(...sockets);
      heard += sockets.filter((s) => received(s, 'message:new').some((x) => x.id === m.id)).length;
      for (const s of sockets) {
        server.sockets.delete(s);
        s.disconnect();
      }
      await join(member, code);
    }
    assert.equal(heard, 0, 'sockets that kept hearing the zone after the kick');
  });

  test("a kick reaches only the kicked user's sockets, not another member's", async () => {
    const [owner, stays, kicked] = await users(server, 3);
    const z = await zone(owner, [stays, kicked]);
    const other = await zone(owner, [kicked], 'Other zone');
    const { socket: so } = await signIn(server, owner);
    const { socket: ss } = await signIn(server, stays);
    const { socket: sk } = await signIn(server, kicked);
    // A channel made while connected is left with the others.
    const { channel } = await ok(
      await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'late', type: 'text' }),
      201,
    );
    await each([sk], 'channel:created', { zone_id: z.id, channel_id: channel.id });
    await delivered(so, { channel_id: channel.id }, [ss, sk]);
    await ok(await owner.delete(`/api/v1/zones/${z.id}/members/${kicked.user.id}`), 204);
    await each([sk], 'zone:left', { zone_id: z.id, user_id: kicked.user.id, reason: 'kicked' });
    await delivered(so, { channel_id: z.text }, [ss], [sk]);
    await delivered(so, { channel_id: channel.id }, [ss], [sk]);
    // The kicked user's other zone is untouched.
    await delivered(so, { channel_id: other.text }, [sk], [ss]);
    await delivered(sk, { channel_id: other.text }, [so], [ss]);
  });

  test('a deleted zone: zone:left "deleted" for every member and tab, sends refused', async () => {
    const [owner, m1, m2, outsider] = await users(server, 4);
    const z = await zone(owner, [m1, m2]);
    const { socket: o1 } = await signIn(server, owner);
    const { socket: o2 } = await signIn(server, owner, { transports: ['polling'] });
    const { socket: s1 } = await signIn(server, m1);
    const { socket: s2 } = await signIn(server, m2);
    const { socket: sx } = await signIn(server, outsider);
    await ok(await owner.delete(`/api/v1/zones/${z.id}`), 204);
    for (const [c, tabs] of [
      [owner, [o1, o2]],
      [m1, [s1]],
      [m2, [s2]],
    ])
      await each(tabs, 'zone:left', { zone_id: z.id, user_id: c.user.id, reason: 'deleted' });
    await none([sx], 'zone:left');
    for (const s of [o1, o2, s1, s2]) {
      assertAckError(
        await call(s, 'message:send', { channel_id: z.text, content: 'x' }),
        'channel_not_found',
      );
      assertAckError(await call(s, 'typing:start', { channel_id: z.text }), 'channel_not_found');
    }
    await none([o1, o2, s1, s2], 'typing:start');
    await none([o1, o2, s1, s2, sx], 'zone:member_left');
  });
});

describe('channels', () => {
  test('a channel created while connected: channel:created, and its messages arrive', async () => {
    const [owner, member, outsider] = await users(server, 3);
    const z = await zone(owner, [member]);
    const { socket: so } = await signIn(server, owner);
    const { socket: sm } = await signIn(server, member);
    const { socket: m2 } = await signIn(server, member, { transports: ['polling'] });
    const { socket: sx } = await signIn(server, outsider);

    const { channel } = await ok(
      await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'News', type: 'text' }),
      201,
    );
    const created = { zone_id: z.id, channel_id: channel.id };
    await each([so, sm, m2], 'channel:created', created);
    await none([sx], 'channel:created');
    await delivered(so, { channel_id: channel.id }, [sm, m2], [sx]);
    await delivered(sm, { channel_id: channel.id }, [so, m2], [sx]);
    assert.deepEqual(await call(sm, 'typing:start', { channel_id: channel.id }), {});
    await each([so], 'typing:start', {
      chat_id: z.id,
      channel_id: channel.id,
      user_id: member.user.id,
    });
    await none([sx, m2], 'typing:start');
    assertAckError(
      await call(sx, 'message:send', { channel_id: channel.id, content: 'x' }),
      'channel_not_found',
    );
    assertAckError(await call(sx, 'typing:start', { channel_id: channel.id }), 'channel_not_found');

    // A voice channel: announced, but no messages.
    const voice = await ok(
      await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'Talk', type: 'voice' }),
      201,
    );
    await each([so, sm, m2], 'channel:created', { zone_id: z.id, channel_id: voice.channel.id });
    assertAckError(
      await call(sm, 'message:send', { channel_id: voice.channel.id, content: 'x' }),
      'channel_not_text',
    );
    assertAckError(
      await call(sm, 'typing:start', { channel_id: voice.channel.id }),
      'channel_not_text',
    );
  });

  test('a deleted channel: channel:deleted, sends there refused, the others still work', async () => {
    const [owner, member, outsider] = await users(server, 3);
    const z = await zone(owner, [member]);
    const { channel } = await ok(
      await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'doomed', type: 'text' }),
      201,
    );
    const { socket: so } = await signIn(server, owner);
    const { socket: sm } = await signIn(server, member);
    const { socket: sx } = await signIn(server, outsider);
    await delivered(so, { channel_id: channel.id }, [sm]);
    assert.deepEqual(await call(sm, 'typing:start', { channel_id: channel.id }), {});

    await ok(await owner.delete(`/api/v1/zones/${z.id}/channels/${channel.id}`), 204);
    await each([so, sm], 'channel:deleted', { zone_id: z.id, channel_id: channel.id });
    await none([sx], 'channel:deleted');
    for (const s of [so, sm]) {
      assertAckError(
        await call(s, 'message:send', { channel_id: channel.id, content: 'x' }),
        'channel_not_found',
      );
      assertAckError(
        await call(s, 'typing:start', { channel_id: channel.id }),
        'channel_not_found',
      );
    }
    await delivered(sm, { channel_id: z.text }, [so], [sx]);
  });

  test('zone:updated, channel:updated, channel:reordered and zone:member_updated reach members only', async () => {
    const [owner, member, outsider] = await users(server, 3);
    const z = await zone(owner, [member]);
    const elsewhere = await zone(outsider, [], 'Elsewhere'); // the outsider has zones of their own
    const { socket: so } = await signIn(server, owner);
    const { socket: sm } = await signIn(server, member);
    const { socket: sx } = await signIn(server, outsider);
    const members = [so, sm];

    await ok(await owner.patch(`/api/v1/zones/${z.id}`, { name: 'New name' }), 200);
    await each(members, 'zone:updated', { zone_id: z.id });

    await ok(
      await owner.patch(`/api/v1/zones/${z.id}/channels/${z.text}`, { topic: 'Topic' }),
      200,
    );
    await each(members, 'channel:updated', { zone_id: z.id, channel_id: z.text });

    const order = z.channels.map((c) => c.id).reverse();
    await ok(await owner.put(`/api/v1/zones/${z.id}/channels/order`, { channel_ids: order }), 200);
    await each(members, 'channel:reordered', { zone_id: z.id });

    await ok(
      await owner.patch(`/api/v1/zones/${z.id}/members/${member.user.id}`, { role: 'admin' }),
      200,
    );
    await each(members, 'zone:member_updated', {
      zone_id: z.id,
      user_id: member.user.id,
      role: 'admin',
    });

    // A transfer of ownership: two role changes.
    await ok(await owner.post(`/api/v1/zones/${z.id}/transfer`, { user_id: member.user.id }), 204);
    await each(members, 'zone:member_updated', {
      zone_id: z.id,
      user_id: member.user.id,
      role: 'owner',
    });
    await each(members, 'zone:member_updated', {
      zone_id: z.id,
      user_id: owner.user.id,
      role: 'admin',
    });

    for (const name of [
      'zone:updated',
      'channel:updated',
      'channel:reordered',
      'zone:member_updated',
    ])
      await none([sx], name);
    // And the other way round: the outsider's zone events do not reach these members.
    await ok(await outsider.patch(`/api/v1/zones/${elsewhere.id}`, { name: 'Mine' }), 200);
    await each([sx], 'zone:updated', { zone_id: elsewhere.id });
    await none(members, 'zone:updated', (p) => p.zone_id === elsewhere.id);
  });
});

describe('direct messages and blocks', () => {
  test('opening a DM while both are connected: dm:opened on every tab, messages flow', async () => {
    const [a, b, outsider] = await users(server, 3);
    await befriend(a, b);
    const { socket: a1 } = await signIn(server, a);
    const { socket: a2 } = await signIn(server, a, { transports: ['polling'] });
    const { socket: b1 } = await signIn(server, b);
    const { socket: sx } = await signIn(server, outsider);

    const { chat } = await ok(await a.post('/api/v1/dms', { user_id: b.user.id }), 201);
    await each([a1, a2], 'dm:opened', { chat_id: chat.id, user_id: b.user.id });
    await each([b1], 'dm:opened', { chat_id: chat.id, user_id: a.user.id });
    await none([sx], 'dm:opened');
    await delivered(a1, { chat_id: chat.id }, [a2, b1], [sx]);
    await delivered(b1, { chat_id: chat.id }, [a1, a2], [sx]);
    assert.deepEqual(await call(b1, 'typing:start', { chat_id: chat.id }), {});
    await each([a1, a2], 'typing:start', {
      chat_id: chat.id,
      channel_id: null,
      user_id: b.user.id,
    });
    assertAckError(
      await call(sx, 'message:send', { chat_id: chat.id, content: 'x' }),
      'chat_not_found',
    );
    assertAckError(await call(sx, 'typing:start', { chat_id: chat.id }), 'chat_not_found');

    // Opening it again changes nothing and announces nothing.
    await ok(await b.post('/api/v1/dms', { user_id: a.user.id }), 200);
    await none([a1, a2, b1], 'dm:opened');
  });

  test('a block closes the DM both ways; an unblock and a new friendship open it again', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const { socket: sb2 } = await signIn(server, b, { transports: ['polling'] });
    await delivered(sa, { chat_id: chat.id }, [sb, sb2]);

    await ok(await a.put(`/api/v1/blocks/${b.user.id}`), 204);
    for (const s of [sa, sb, sb2]) {
      assertAckError(await call(s, 'message:send', { chat_id: chat.id, content: 'x' }), 'blocked');
      assertAckError(await call(s, 'typing:start', { chat_id: chat.id }), 'blocked');
    }
    await none([sa, sb, sb2], 'typing:start');
    await none([sa, sb, sb2], 'message:new', (m) => m.content === 'x');

    await ok(await a.delete(`/api/v1/blocks/${b.user.id}`), 204);
    await befriend(a, b);
    await delivered(sa, { chat_id: chat.id }, [sb, sb2]);
    await delivered(sb2, { chat_id: chat.id }, [sa, sb]);
    assert.deepEqual(await call(sb, 'typing:start', { chat_id: chat.id }), {});
    await each([sa], 'typing:start', { chat_id: chat.id, channel_id: null, user_id: b.user.id });
    await none([sb2], 'typing:start');
  });

  test('blocked both ways: the DM stays closed until both blocks are lifted', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    await ok(await a.put(`/api/v1/blocks/${b.user.id}`), 204);
    await ok(await b.put(`/api/v1/blocks/${a.user.id}`), 204);
    await ok(await a.delete(`/api/v1/blocks/${b.user.id}`), 204);
    // Still blocked by b: closed for both.
    for (const s of [sa, sb]) {
      assertAckError(await call(s, 'message:send', { chat_id: chat.id, content: 'x' }), 'blocked');
      assertAckError(await call(s, 'typing:start', { chat_id: chat.id }), 'blocked');
    }
    await ok(await b.delete(`/api/v1/blocks/${a.user.id}`), 204);
    await befriend(a, b);
    await delivered(sa, { chat_id: chat.id }, [sb]);
    assert.deepEqual(await call(sa, 'typing:start', { chat_id: chat.id }), {});
    await each([sb], 'typing:start', { chat_id: chat.id, channel_id: null, user_id: a.user.id });
  });

  test('a socket connected while blocked is outside the DM; after the unblock it is in', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    await ok(await b.put(`/api/v1/blocks/${a.user.id}`), 204);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    assertAckError(await call(sa, 'typing:start', { chat_id: chat.id }), 'blocked');
    assertAckError(await call(sb, 'typing:start', { chat_id: chat.id }), 'blocked');
    await ok(await b.delete(`/api/v1/blocks/${a.user.id}`), 204);
    await befriend(a, b);
    await delivered(sb, { chat_id: chat.id }, [sa]);
    assert.deepEqual(await call(sa, 'typing:start', { chat_id: chat.id }), {});
    await each([sb], 'typing:start', { chat_id: chat.id, channel_id: null, user_id: a.user.id });
  });
});

describe('reconnections', () => {
  /** A signed-in socket whose connections go through a gate the test opens and closes. */
  async function gated(client) {
    const gate = new GatedAgent();
    const { socket } = await signIn(server, client, { agent: gate });
    return { socket, gate };
  }

  /** Kills the transport; the automatic reconnect waits at the gate. */
  async function drop(c) {
    c.id = c.socket.id;
    const reason = waitFor(c.socket, 'disconnect');
    c.socket.io.engine.close();
    c.gate.close();
    assert.equal((await reason)[0], 'forced close');
    await c.gate.attempted;
  }

  /** Lets the reconnect through: the socket comes back by connection state recovery, with
   * the rooms it had, which the sign-in then sets to the current ones. */
  async function reconnect(c) {
    const connected = waitFor(c.socket, 'connect', { what: 'the reconnect' });
    c.gate.open();
    await connected;
    assert.equal(c.socket.recovered, true);
    assert.equal(c.socket.id, c.id);
    await nextEvent(c.socket, 'ready', () => true, { what: '"ready" after the reconnect' });
  }

  test("kicked while disconnected: after the reconnect, not in the zone's rooms", async () => {
    const [owner, member, kicked] = await users(server, 3);
    const z = await zone(owner, [member, kicked]);
    const { socket: so } = await signIn(server, owner);
    const { socket: sm } = await signIn(server, member);
    const k = await gated(kicked);
    await delivered(so, { channel_id: z.text }, [sm, k.socket]);

    await drop(k);
    await ok(await owner.delete(`/api/v1/zones/${z.id}/members/${kicked.user.id}`), 204);
    await reconnect(k);
    await delivered(so, { channel_id: z.text }, [sm], [k.socket]);
    assert.deepEqual(await call(so, 'typing:start', { channel_id: z.text }), {});
    await each([sm], 'typing:start', { chat_id: z.id, channel_id: z.text, user_id: owner.user.id });
    await none([k.socket], 'typing:start');
    assertAckError(
      await call(k.socket, 'message:send', { channel_id: z.text, content: 'x' }),
      'channel_not_found',
    );
    assertAckError(
      await call(k.socket, 'typing:start', { channel_id: z.text }),
      'channel_not_found',
    );
  });

  // A recovered socket is replayed what went to the rooms it still belongs to: the kicked
  // member may no longer read the channel (its history answers 404), so nothing sent there
  // while it was away is replayed, only what went to the user (the kick itself).
  test('kicked while disconnected: the recovered socket gets the kick and none of the channel', async () => {
    const [owner, kicked] = await users(server, 2);
    const z = await zone(owner, [kicked]);
    const { socket: so } = await signIn(server, owner);
    const k = await gated(kicked);
    await delivered(so, { channel_id: z.text }, [k.socket]);

    await drop(k);
    const before = await send(so, { channel_id: z.text, content: 'before the kick' });
    await ok(await owner.delete(`/api/v1/zones/${z.id}/members/${kicked.user.id}`), 204);
    const afterKick = await send(so, { channel_id: z.text, content: 'after the kick' });
    await reconnect(k);
    assert.equal(k.socket.recovered, true);
    await each([k.socket], 'zone:left', {
      zone_id: z.id,
      user_id: kicked.user.id,
      reason: 'kicked',
    });
    await none([k.socket], 'message:new', (m) => m.id === before.id || m.id === afterKick.id);
  });

  test("joined while disconnected: after the reconnect, in the zone's rooms", async () => {
    const [owner, joiner] = await users(server, 2);
    const z = await zone(owner);
    const { socket: so } = await signIn(server, owner);
    const j = await gated(joiner);
    await drop(j);
    await join(joiner, await invite(owner, z));
    await reconnect(j);
    await delivered(so, { channel_id: z.text }, [j.socket]);
    await delivered(j.socket, { channel_id: z.text }, [so]);
  });

  test('blocked while disconnected: after the reconnect, outside the DM', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    const { socket: sa } = await signIn(server, a);
    const bb = await gated(b);
    await drop(bb);
    await ok(await a.put(`/api/v1/blocks/${b.user.id}`), 204);
    await reconnect(bb);
    assertAckError(await call(bb.socket, 'typing:start', { chat_id: chat.id }), 'blocked');
    assertAckError(await call(sa, 'typing:start', { chat_id: chat.id }), 'blocked');
    await none([bb.socket], 'typing:start');
  });
});
