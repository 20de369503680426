// Presence over the wire: the "ready" snapshot of friends' presence; presence:update sent to
// friends only (never to a non-friend or a stranger who shares a zone) when a user's first
// socket connects and their last one leaves; the chosen status (presence:set and
// PATCH /users/me, invisible looking offline); the REST views of a friend's presence while
// connected and after; friendships made and ended (unfriend, block) while both are
// connected; the sweep of silent sockets with shortened timings. Real sockets against the
// real binary, on the backend of the run.
//
// To show that an event did NOT arrive, a test makes an acknowledged round trip on that
// socket after the moment the event would have been sent (barrier) and then looks at what
// the socket received.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenchat, waitFor, waitUntil } from '../lib/server.mjs';
import { assertError } from '../lib/api.mjs';
import { io } from 'socket.io-client';
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

const ENV = {
  OPENCHAT_RATE_LIMITS:
    'register=1000/60,verify=1000/60,login=1000/60,friend_request=1000/60,message=100000/10',
};

let server;
before(async () => {
  server = await startOpenchat({ env: ENV });
});
after(async () => {
  await server?.stop();
});

/** A presence:update payload. */
const presence = (user, status, last_seen = null) => ({ user_id: user.user.id, status, last_seen });

/** A last_seen (ms) from about now: not before t0 (a second of clock slack either way). */
const recent = (ms, t0) => typeof ms === 'number' && ms >= t0 - 1000 && ms <= Date.now() + 1000;

/** Waits for the next presence:update about `user` on a socket. */
const nextPresence = (socket, user) =>
  nextEvent(socket, 'presence:update', (p) => p.user_id === user.user.id, {
    what: `presence:update about ${user.user.username}`,
  });

/** An acknowledged round trip: everything the server sent this socket before is in. */
async function barrier(socket) {
  assert.deepEqual(await call(socket, 'presence:heartbeat', {}), {});
}

/** The presence:update events a socket received (not consumed) about `user`, or about anyone. */
const updates = (socket, user) =>
  received(socket, 'presence:update').filter((p) => !user || p.user_id === user.user.id);

/** Connected sockets of the main namespace, from /metrics. */
const socketCount = () => server.metric('openchat_sio_sockets{namespace="/"}');

/** Closes a socket and waits until the server has let it go. */
async function closeTab(socket) {
  const before = await socketCount();
  socket.disconnect();
  await waitUntil(async () => (await socketCount()) < before, {
    message: 'the server to drop the closed socket',
  });
}

/** The presence fields of a user object. */
const shown = (u) => ({ status: u.status, last_seen: u.last_seen });

/**
 * What `viewer` sees of `user` over REST: [GET /users/:id, the entry of GET /friends], each
 * as {status, last_seen}; the rest of the two user objects must agree.
 */
async function restViews(viewer, user) {
  const one = await viewer.get(`/api/v1/users/${user.user.id}`);
  assert.equal(one.status, 200, one.text);
  const list = await viewer.get('/api/v1/friends');
  assert.equal(list.status, 200, list.text);
  const entry = list.body.friends.find((f) => f.user.id === user.user.id);
  assert.ok(entry, `${user.user.id} not in ${list.text}`);
  const { status: s1, last_seen: l1, ...rest1 } = one.body;
  const { status: s2, last_seen: l2, ...rest2 } = entry.user;
  assert.deepEqual(rest1, rest2);
  return [shown(one.body), shown(entry.user)];
}

/** What `viewer` sees of `user` over REST now, asserting both routes agree. */
async function restPresence(viewer, user) {
  const [one, listed] = await restViews(viewer, user);
  assert.deepEqual(listed, one, 'GET /friends and GET /users/:id disagree');
  return one;
}

/**
 * The connected/offline state in the REST views is written by the live layer just after the
 * event went out (one database write per change, not awaited by anyone): wait until both
 * routes show exactly `want`.
 */
async function restShows(viewer, user, want) {
  let last;
  try {
    await waitUntil(async () => {
      last = await restViews(viewer, user);
      return last.every((v) => v.status === want.status && v.last_seen === want.last_seen);
    });
  } catch (err) {
    assert.deepEqual(last, [want, want], `REST presence of ${user.user.username}`);
    throw err; // restViews failed
  }
}

describe('presence', () => {
  test('ready lists every friend with their current presence, and nobody else', async () => {
    const [a, on, gone, never, stranger] = await users(server, 5);
    await befriend(a, on);
    await befriend(a, gone);
    await befriend(a, never);
    await befriend(on, gone); // on watches gone leave

    const { socket: sOn } = await signIn(server, on);
    await signIn(server, stranger);
    const { socket: sGone } = await signIn(server, gone);
    assert.deepEqual(await nextPresence(sOn, gone), presence(gone, 'online'));
    const t0 = Date.now();
    sGone.disconnect();
    const left = await nextPresence(sOn, gone);
    assert.equal(left.status, 'offline');
    assert.ok(recent(left.last_seen, t0), `${left.last_seen}`);
    await restShows(on, gone, { status: 'offline', last_seen: left.last_seen });

    const { ready } = await signIn(server, a);
    const me = await a.get('/api/v1/users/me');
    assert.deepEqual(ready.user, me.body);
    const byId = (x, y) => (BigInt(x.user_id) < BigInt(y.user_id) ? -1 : 1);
    assert.deepEqual(
      [...ready.presence].sort(byId),
      [
        presence(on, 'online'),
        presence(gone, 'offline', left.last_seen),
        presence(never, 'offline'),
      ].sort(byId),
    );
  });

  test('ready shows a friend as idle, dnd or offline (invisible) as they chose', async () => {
    const [a, idle, dnd, hidden] = await users(server, 4);
    for (const f of [idle, dnd, hidden]) await befriend(a, f);
    const { socket: s1 } = await signIn(server, idle);
    const { socket: s2 } = await signIn(server, dnd);
    const { socket: s3 } = await signIn(server, hidden);
    assert.deepEqual(await call(s1, 'presence:set', { status: 'idle' }), { status: 'idle' });
    assert.deepEqual(await call(s2, 'presence:set', { status: 'dnd' }), { status: 'dnd' });
    assert.deepEqual(await call(s3, 'presence:set', { status: 'invisible' }), {
      status: 'invisible',
    });
    const { ready } = await signIn(server, a);
    const byId = (x, y) => (BigInt(x.user_id) < BigInt(y.user_id) ? -1 : 1);
    assert.deepEqual(
      [...ready.presence].sort(byId),
      [presence(idle, 'idle'), presence(dnd, 'dnd'), presence(hidden, 'offline')].sort(byId),
    );
  });

  test('online on the first tab, offline when the last one closes, not when one of two does', async () => {
    const [a, b] = await users(server, 2);
    await befriend(a, b);
    const { socket: sb, ready } = await signIn(server, b);
    assert.deepEqual(ready.presence, [presence(a, 'offline')]);

    const { socket: a1 } = await signIn(server, a);
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'online'));
    const { socket: a2, ready: ready2 } = await signIn(server, a);
    assert.deepEqual(ready2.presence, [presence(b, 'online')]);

    // One of two tabs closes: a is still online, nobody is told anything.
    await closeTab(a1);
    await barrier(sb);
    assert.deepEqual(updates(sb), []);
    // A's own tabs never hear about a.
    await barrier(a2);
    assert.deepEqual(updates(a2), []);

    const t0 = Date.now();
    a2.disconnect();
    const off = await nextPresence(sb, a);
    assert.equal(off.status, 'offline');
    assert.equal(typeof off.last_seen, 'number');
    assert.ok(recent(off.last_seen, t0), `${off.last_seen}`);
    assert.deepEqual(off, presence(a, 'offline', off.last_seen));
    await barrier(sb);
    assert.deepEqual(updates(sb), []);

    // Back again: online, with last_seen null.
    await signIn(server, a);
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'online'));
  });

  test('a friend who signs in just as the user leaves ends up seeing them offline', async () => {
    // The user leaves while the friend's sign-in is under way: whatever "ready" says, the
    // friend must end up with the user offline (a presence:update after ready, if ready still
    // said online) and hear nothing more. Repeated: it is a race. (The sign-in reads presence
    // in a database job that need not see the departure's write yet.)
    const [u, f, watcher] = await users(server, 3);
    await befriend(u, f);
    await befriend(u, watcher);
    const { socket: sw } = await signIn(server, watcher);
    for (let round = 0; round < 10; round++) {
      const { socket: su } = await signIn(server, u);
      assert.deepEqual(await nextPresence(sw, u), presence(u, 'online'));
      const sf = io(server.url, {
        forceNew: true,
        transports: ['websocket'],
        reconnection: false,
        auth: { token: f.cookie },
      });
      record(sf);
      server.sockets.add(sf);
      sf.io.once('open', () => su.disconnect()); // f's CONNECT is on its way
      const ready = await nextEvent(sf, 'ready');
      const off = await nextPresence(sw, u);
      assert.equal(typeof off.last_seen, 'number');
      let seen = ready.presence.find((p) => p.user_id === u.user.id);
      if (seen.status !== 'offline') seen = await nextPresence(sf, u);
      assert.deepEqual(seen, off, `round ${round}`);
      await barrier(sf);
      assert.deepEqual(updates(sf), []);
      sf.disconnect();
    }
  });

  test('a non-friend and a stranger in the same zone never hear about the user', async () => {
    const [a, friend, other, zoneMate] = await users(server, 4);
    await befriend(a, friend);
    await zone(a, [zoneMate]);
    const { socket: sf } = await signIn(server, friend);
    const { socket: so } = await signIn(server, other);
    const { socket: sz } = await signIn(server, zoneMate);

    const { socket: sa } = await signIn(server, a);
    assert.deepEqual(await nextPresence(sf, a), presence(a, 'online'));
    await call(sa, 'presence:set', { status: 'dnd' });
    assert.deepEqual(await nextPresence(sf, a), presence(a, 'dnd'));
    await a.patch('/api/v1/users/me', { status: 'idle' });
    assert.deepEqual(await nextPresence(sf, a), presence(a, 'idle'));
    sa.disconnect();
    assert.equal((await nextPresence(sf, a)).status, 'offline');

    // The friend heard all of it; the others, by now, would have.
    for (const s of [so, sz]) {
      await barrier(s);
      assert.deepEqual(updates(s), []);
    }
  });

  test('presence:set: idle and dnd are shown, invisible looks offline, then online again', async () => {
    const [a, b] = await users(server, 2);
    await befriend(a, b);
    const { socket: sb } = await signIn(server, b);
    const { socket: sa } = await signIn(server, a);
    const { socket: sa2 } = await signIn(server, a);
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'online'));

    for (const [status, seen] of [
      ['idle', 'idle'],
      ['dnd', 'dnd'],
      ['invisible', 'offline'],
      ['online', 'online'],
    ]) {
      assert.deepEqual(await call(sa, 'presence:set', { status }), { status });
      assert.deepEqual(await nextPresence(sb, a), presence(a, seen));
      const me = await a.get('/api/v1/users/me');
      assert.equal(me.body.status, status); // the user sees their own choice
    }

    // The same status again changes nothing others see.
    assert.deepEqual(await call(sa, 'presence:set', { status: 'online' }), { status: 'online' });
    await barrier(sb);
    assert.deepEqual(updates(sb), []);

    // Invisible, then the tabs close: friends saw offline already and hear nothing more; on
    // the way back the user stays invisible.
    await call(sa, 'presence:set', { status: 'invisible' });
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'offline'));
    await closeTab(sa);
    await closeTab(sa2);
    await barrier(sb);
    assert.deepEqual(updates(sb), []);
    const { socket: sa3, ready } = await signIn(server, a);
    assert.equal(ready.user.status, 'invisible');
    await barrier(sb);
    assert.deepEqual(updates(sb), []);
    assert.deepEqual((await signIn(server, b)).ready.presence, [presence(a, 'offline')]);

    await call(sa3, 'presence:set', { status: 'online' });
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'online'));
    // A's own tabs never hear about a.
    await barrier(sa3);
    assert.deepEqual(updates(sa3), []);
  });

  test('presence:set with a bad status is invalid_field status and changes nothing', async () => {
    const [a, b] = await users(server, 2);
    await befriend(a, b);
    const { socket: sb } = await signIn(server, b);
    const { socket: sa } = await signIn(server, a);
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'online'));
    const badStatus = {
      error: {
        code: 'invalid_field',
        message: 'status must be online, idle, dnd or invisible.',
        field: 'status',
      },
    };
    for (const payload of [
      { status: 'offline' },
      { status: 'away' },
      { status: 'ONLINE' },
      { status: '' },
      { status: 5 },
      { status: null },
      { status: ['idle'] },
      {},
    ]) {
      assert.deepEqual(await call(sa, 'presence:set', payload), badStatus, JSON.stringify(payload));
    }
    // Not a JSON object at all: like every event with a payload.
    const notObject = {
      error: { code: 'invalid_field', message: 'The event needs a JSON object.', field: 'payload' },
    };
    for (const payload of ['idle', null, ['idle'], 1]) {
      assert.deepEqual(await call(sa, 'presence:set', payload), notObject, JSON.stringify(payload));
    }
    await barrier(sb);
    assert.deepEqual(updates(sb), []);
    assert.equal((await a.get('/api/v1/users/me')).body.status, 'online');
  });

  test('PATCH /users/me {status} while connected: friends are told', async () => {
    const [a, b] = await users(server, 2);
    await befriend(a, b);
    const { socket: sb } = await signIn(server, b);
    const { socket: sa } = await signIn(server, a);
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'online'));
    for (const [status, seen] of [
      ['dnd', 'dnd'],
      ['idle', 'idle'],
      ['invisible', 'offline'],
      ['online', 'online'],
    ]) {
      const res = await a.patch('/api/v1/users/me', { status });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.status, status);
      assert.deepEqual(await nextPresence(sb, a), presence(a, seen));
    }
    // A bio change is not a presence change.
    assert.equal((await a.patch('/api/v1/users/me', { bio: 'hi' })).status, 200);
    const bad = await a.patch('/api/v1/users/me', { status: 'offline' });
    assertError(bad, 422, 'invalid_field', 'status');
    await barrier(sb);
    assert.deepEqual(updates(sb), []);
    await barrier(sa);
    assert.deepEqual(updates(sa), []);
  });

  test('REST shows a connected friend online or idle, and offline with last_seen after', async () => {
    const [a, b, stranger] = await users(server, 3);
    await befriend(a, b);
    assert.deepEqual(await restPresence(a, b), { status: 'offline', last_seen: null });

    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    assert.deepEqual(await nextPresence(sa, b), presence(b, 'online'));
    await restShows(a, b, { status: 'online', last_seen: null });
    // The friendship is both ways.
    await restShows(b, a, { status: 'online', last_seen: null });

    // presence:set answers after the status is stored: REST shows it at once.
    for (const [status, seen] of [
      ['idle', 'idle'],
      ['dnd', 'dnd'],
      ['invisible', 'offline'],
      ['online', 'online'],
    ]) {
      await call(sb, 'presence:set', { status });
      assert.deepEqual(await restPresence(a, b), { status: seen, last_seen: null });
      assert.deepEqual(await nextPresence(sa, b), presence(b, seen));
    }

    // Strangers see no presence at all.
    const seen = await stranger.get(`/api/v1/users/${b.user.id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal('status' in seen.body, false, seen.text);
    assert.equal('last_seen' in seen.body, false, seen.text);

    const t0 = Date.now();
    sb.disconnect();
    const off = await nextPresence(sa, b);
    assert.ok(recent(off.last_seen, t0), `${off.last_seen}`);
    await restShows(a, b, { status: 'offline', last_seen: off.last_seen });
    // Coming back clears last_seen.
    await signIn(server, b);
    assert.deepEqual(await nextPresence(sa, b), presence(b, 'online'));
    await restShows(a, b, { status: 'online', last_seen: null });
  });

  const befriending = 'befriending while both are connected: friend:added and each other\'s presence';
  test(befriending, async () => {
    const [a, b, c] = await users(server, 3);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const { socket: sb2 } = await signIn(server, b);
    await call(sb, 'presence:set', { status: 'dnd' });
    // Not friends yet: nothing about b reaches a.
    await barrier(sa);
    assert.deepEqual(updates(sa), []);

    const req = await a.post('/api/v1/friends/requests', { user_id: b.user.id });
    assert.equal(req.status, 201, req.text);
    assert.deepEqual(await nextEvent(sb, 'friend:request'), {
      id: req.body.request.id,
      user_id: a.user.id,
    });
    const acc = await b.post(`/api/v1/friends/requests/${req.body.request.id}/accept`);
    assert.equal(acc.status, 200, acc.text);

    assert.deepEqual(await nextEvent(sa, 'friend:added'), { user_id: b.user.id });
    assert.deepEqual(await nextEvent(sb, 'friend:added'), { user_id: a.user.id });
    assert.deepEqual(await nextEvent(sb2, 'friend:added'), { user_id: a.user.id });
    assert.deepEqual(await nextPresence(sa, b), presence(b, 'dnd'));
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'online'));
    assert.deepEqual(await nextPresence(sb2, a), presence(a, 'online'));

    // From now on they follow each other's changes.
    await call(sa, 'presence:set', { status: 'idle' });
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'idle'));
    await closeTab(sb2);
    sb.disconnect();
    const off = await nextPresence(sa, b);
    assert.deepEqual(off, presence(b, 'offline', off.last_seen));
    assert.equal(typeof off.last_seen, 'number');

    // A friend who is offline is reported offline with their last_seen.
    const { socket: sc } = await signIn(server, c);
    await closeTab(sc);
    // A write after the one that stored c's last_seen: once it answered, that one committed.
    assert.equal((await c.patch('/api/v1/users/me', { status: 'online' })).status, 200);
    await befriend(c, a);
    assert.deepEqual(await nextEvent(sa, 'friend:added'), { user_id: c.user.id });
    const cOff = await nextPresence(sa, c);
    assert.equal(typeof cOff.last_seen, 'number');
    assert.deepEqual(cOff, presence(c, 'offline', cOff.last_seen));
  });

  const crossed = 'a request answered by a request the other way: friends at once, live';
  test(crossed, async () => {
    const [a, b] = await users(server, 2);
    const { socket: sa } = await signIn(server, a);
    const { socket: sb } = await signIn(server, b);
    const first = await a.post('/api/v1/friends/requests', { user_id: b.user.id });
    assert.equal(first.status, 201, first.text);
    const second = await b.post('/api/v1/friends/requests', { user_id: a.user.id });
    assert.equal(second.status, 200, second.text); // {"friend": ...}: befriended
    assert.deepEqual(await nextEvent(sa, 'friend:added'), { user_id: b.user.id });
    assert.deepEqual(await nextEvent(sb, 'friend:added'), { user_id: a.user.id });
    assert.deepEqual(await nextPresence(sa, b), presence(b, 'online'));
    assert.deepEqual(await nextPresence(sb, a), presence(a, 'online'));
    await call(sb, 'presence:set', { status: 'idle' });
    assert.deepEqual(await nextPresence(sa, b), presence(b, 'idle'));
  });

  for (const how of ['reject', 'cancel']) {
    test(`a request ${how}ed: both sides hear friend:request_removed on every tab`, async () => {
      const [a, b, c] = await users(server, 3);
      const { socket: sa } = await signIn(server, a);
      const { socket: sb } = await signIn(server, b);
      const { socket: sb2 } = await signIn(server, b);
      const { socket: sc } = await signIn(server, c);
      const req = await a.post('/api/v1/friends/requests', { user_id: b.user.id });
      assert.equal(req.status, 201, req.text);
      const id = req.body.request.id;
      await nextEvent(sb, 'friend:request', (r) => r.id === id);
      // Only the recipient may reject and only the sender may cancel: c and the wrong side
      // are refused, and nobody hears anything.
      const wrong = how === 'reject' ? a : b;
      const path = how === 'reject' ? `/api/v1/friends/requests/${id}/reject` : `/api/v1/friends/requests/${id}`;
      const send = (client) => (how === 'reject' ? client.post(path) : client.delete(path));
      assert.equal((await send(c)).status, 404);
      assert.equal((await send(wrong)).status, 404);
      const res = how === 'reject' ? await send(b) : await send(a);
      assert.equal(res.status, 204, res.text);
      // Both sides, every tab: user_id is the other user of the request.
      for (const s of [sb, sb2]) {
        assert.deepEqual(await nextEvent(s, 'friend:request_removed'), { id, user_id: a.user.id });
      }
      assert.deepEqual(await nextEvent(sa, 'friend:request_removed'), { id, user_id: b.user.id });
      await barrier(sc);
      assert.deepEqual(received(sc, 'friend:request_removed'), []);
    });
  }

  for (const how of ['unfriend', 'block']) {
    test(`${how} while both are connected: friend:removed and presence:update offline`, async () => {
      const [a, b, c] = await users(server, 3);
      await befriend(a, b);
      await befriend(a, c); // a stays friends with c: c keeps hearing
      const { socket: sa } = await signIn(server, a);
      const { socket: sb } = await signIn(server, b);
      const { socket: sc } = await signIn(server, c);
      assert.deepEqual(await nextPresence(sa, b), presence(b, 'online'));
      assert.deepEqual(await nextPresence(sa, c), presence(c, 'online'));

      const res =
        how === 'unfriend'
          ? await a.delete(`/api/v1/friends/${b.user.id}`)
          : await a.put(`/api/v1/blocks/${b.user.id}`);
      assert.equal(res.status, 204, res.text);
      assert.deepEqual(await nextEvent(sa, 'friend:removed'), { user_id: b.user.id });
      assert.deepEqual(await nextEvent(sb, 'friend:removed'), { user_id: a.user.id });
      assert.deepEqual(await nextPresence(sa, b), presence(b, 'offline'));
      assert.deepEqual(await nextPresence(sb, a), presence(a, 'offline'));

      // From now on neither hears about the other; c still hears about a.
      await call(sa, 'presence:set', { status: 'dnd' });
      assert.deepEqual(await nextPresence(sc, a), presence(a, 'dnd'));
      await call(sb, 'presence:set', { status: 'idle' });
      sb.disconnect();
      sa.disconnect();
      assert.equal((await nextPresence(sc, a)).status, 'offline');
      await signIn(server, b);
      await barrier(sc);
      for (const s of [sa, sb]) assert.deepEqual(updates(s), []);
      // Reconnecting: no longer in each other's ready.
      assert.deepEqual((await signIn(server, a)).ready.presence, [presence(c, 'online')]);
      const rest = await a.get(`/api/v1/users/${b.user.id}`);
      assert.equal('status' in rest.body, false, rest.text);
    });
  }

  test('presence:heartbeat acks {} with or without a payload', async () => {
    const [a] = await users(server, 1);
    const { socket } = await signIn(server, a);
    assert.deepEqual(await call(socket, 'presence:heartbeat', {}), {});
    const answer = await new Promise((resolve, reject) => {
      socket.timeout(5000).emit('presence:heartbeat', (err, x) => (err ? reject(err) : resolve(x)));
    });
    assert.deepEqual(answer, {});
  });
});

describe('the sweep of silent sockets', () => {
  let fast;
  before(async () => {
    fast = await startOpenchat({
      env: { ...ENV, OPENCHAT_PRESENCE_TIMEOUT_MS: '600', OPENCHAT_PRESENCE_SWEEP_MS: '200' },
    });
  });
  after(async () => {
    await fast?.stop();
  });

  /** Sends presence:heartbeat every `ms` like a client would; returns stop() -> the acks. */
  function heartbeats(socket, ms) {
    const acks = [];
    const timer = setInterval(() => socket.emit('presence:heartbeat', {}, (x) => acks.push(x)), ms);
    return () => (clearInterval(timer), acks);
  }

  test('a socket that sends heartbeats stays; a silent one is dropped and goes offline', async () => {
    const [alive, silent, friend] = await users(fast, 3);
    await befriend(alive, friend);
    await befriend(silent, friend);
    const opts = { reconnection: false };
    const { socket: sf } = await signIn(fast, friend, opts);
    const stopFriend = heartbeats(sf, 150);
    const { socket: sAlive } = await signIn(fast, alive, opts);
    const aliveSince = Date.now();
    const stopAlive = heartbeats(sAlive, 150);
    const aliveGone = [];
    sAlive.on('disconnect', (reason) => aliveGone.push(reason));
    assert.deepEqual(await nextPresence(sf, alive), presence(alive, 'online'));

    const { socket: sSilent } = await signIn(fast, silent, opts);
    const silentSince = Date.now();
    const silentGone = waitFor(sSilent, 'disconnect', {
      timeout: 3000,
      what: 'the silent socket to be disconnected',
    });
    // A second tab of the user who keeps sending, silent itself: it goes, the user stays.
    const { socket: sAliveIdle } = await signIn(fast, alive, opts);
    const idleTabGone = waitFor(sAliveIdle, 'disconnect', {
      timeout: 3000,
      what: 'the silent tab to be disconnected',
    });
    assert.deepEqual(await nextPresence(sf, silent), presence(silent, 'online'));
    // Told by the server (a DISCONNECT packet): a client does not reconnect by itself then.
    assert.equal((await idleTabGone)[0], 'io server disconnect');
    assert.equal((await silentGone)[0], 'io server disconnect');
    const after = Date.now() - silentSince;
    assert.ok(after >= 550, `dropped ${after} ms after connecting, before the 600 ms timeout`);
    assert.equal(sSilent.connected, false);
    assert.equal(sAliveIdle.connected, false);
    const off = await nextPresence(sf, silent);
    assert.ok(recent(off.last_seen, silentSince), `${off.last_seen}`);
    assert.deepEqual(off, presence(silent, 'offline', off.last_seen));

    // The one that keeps sending stays for 2 s (more than three timeouts).
    const left = 2000 - (Date.now() - aliveSince);
    if (left > 0) await new Promise((r) => setTimeout(r, left)); // the time under test
    const acks = stopAlive();
    stopFriend();
    assert.deepEqual(aliveGone, []);
    assert.equal(sAlive.connected, true);
    assert.ok(acks.length >= 10, `${acks.length} heartbeats acknowledged`);
    assert.ok(acks.every((x) => JSON.stringify(x) === '{}'), JSON.stringify(acks));
    await barrier(sf);
    assert.deepEqual(updates(sf), []);
  });
});
