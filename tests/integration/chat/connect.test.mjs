// Signing sockets in, and signing them out: the main namespace accepts a socket only with a
// live session, taken from the CONNECT payload {token} or from the oc_session cookie of the
// Engine.IO handshake (both transports); a token in the payload wins over the cookie. A new
// socket gets "ready" with the user (as GET /users/me) and its friends' presence; events a
// client emits before its connect completed are answered, never dropped. Revoking a session
// (logout, the session list, revoke-others, logout-everywhere, password change, account
// deletion) ends exactly that session's sockets with "session:ended" and a server disconnect,
// including sockets that were still signing in. Unknown events and payloads that are not JSON
// objects are answered with errors. Real sockets against the real binary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { WAIT_MS, startOpenchat, waitFor } from '../lib/server.mjs';
import { ApiClient } from '../lib/api.mjs';
import { befriend, call, dm, nextEvent, record, received, signIn, users } from '../lib/chat.mjs';

const ENV = { OPENCHAT_RATE_LIMITS: 'register=1000/60,verify=1000/60,login=1000/60' };
const NEW_PASSWORD = 'a different horse battery staple';

let server;
before(async () => {
  server = await startOpenchat({ env: ENV });
});
after(async () => {
  await server?.stop();
});

/** A socket that is not waited for (to see a refusal, or to emit before the connect). */
function open(opts = {}) {
  const socket = io(server.url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    ...opts,
  });
  record(socket);
  server.sockets.add(socket);
  return socket;
}

/** Resolves with the connect_error of a socket; fails if it connects instead. */
function refusal(socket) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`neither connect nor connect_error within ${WAIT_MS} ms`)),
      WAIT_MS,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('the connect was accepted'));
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      resolve(err);
    });
  });
}

function assertRefused(err, message) {
  assert.equal(err.message, message);
  assert.deepEqual(err.data, { code: 'unauthenticated' });
}

/** A second session of the same user (a login from another device). */
async function secondSession(client) {
  const other = new ApiClient(server);
  const res = await other.login(client.user.username, client.user.password);
  assert.equal(res.status, 200, res.text);
  other.user = client.user;
  assert.notEqual(other.cookie, client.cookie);
  return other;
}

/** Every event a socket gets from now on, and its disconnect, in order. */
function journal(socket) {
  const log = [];
  socket.onAny((name, payload) => log.push([name, payload]));
  socket.on('disconnect', (reason) => log.push(['disconnect', reason]));
  return log;
}

/** An acknowledged round trip: everything the server sent before it has arrived. */
async function barrier(socket) {
  assert.deepEqual(await call(socket, 'presence:heartbeat', {}), {});
}

/** The claims of a session token. */
function claims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** A token with our header and these claims, signed with key (HS256). */
function signToken(token, payload, key) {
  const head = token.split('.')[0];
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = crypto.createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** The server's signing key (generated in the data folder on first start). */
function serverKey() {
  return fs.readFileSync(path.join(server.dataDir, 'jwt_secret'));
}

describe('signing in', () => {
  test('no token: CONNECT_ERROR "Sign in first." with code unauthenticated', async () => {
    for (const transports of [['websocket'], ['polling']]) {
      const err = await refusal(open({ transports }));
      assertRefused(err, 'Sign in first.');
    }
    // An auth object without a usable token is the same as none.
    assertRefused(await refusal(open({ auth: { token: 42 } })), 'Sign in first.');
    assertRefused(await refusal(open({ auth: { token: '' } })), 'Sign in first.');
  });

  test('malformed and forged tokens are refused', async () => {
    const [a, b] = await users(server, 2);
    const good = a.cookie;
    const c = claims(good);
    const forged = [
      'not-a-token',
      'a.b.c',
      good.slice(0, -10), // truncated signature
      signToken(good, c, 'not the server key, but long enough to be one'), // foreign key
      signToken(good, { ...c, uid: b.user.id }, 'x'.repeat(32)), // claims changed, bad key
      // Correctly signed, but the session is someone else's or does not exist.
      signToken(good, { ...c, uid: b.user.id }, serverKey()),
      signToken(good, { ...c, sid: '1234567890123' }, serverKey()),
      // Correctly signed, expired.
      signToken(
        good,
        { ...c, iat: c.iat - 100, exp: Math.floor(Date.now() / 1000) - 10 },
        serverKey(),
      ),
    ];
    for (const token of forged) {
      const err = await refusal(open({ auth: { token } }));
      assertRefused(err, 'Your session has ended.');
    }
    // The key is the one the server signs with: our own signature of the real claims works.
    const { ready } = await signIn(server, a, { auth: { token: signToken(good, c, serverKey()) } });
    assert.equal(ready.user.id, a.user.id);
  });

  test('the token of a logged-out session is refused', async () => {
    const [a] = await users(server, 1);
    const a2 = await secondSession(a);
    const token = a2.cookie;
    const out = await a2.post('/api/v1/auth/logout');
    assert.equal(out.status, 204, out.text);
    assertRefused(await refusal(open({ auth: { token } })), 'Your session has ended.');
    assertRefused(
      await refusal(
        open({ transports: ['polling'], extraHeaders: { Cookie: `oc_session=${token}` } }),
      ),
      'Your session has ended.',
    );
    // The user's other session still signs in.
    const { ready } = await signIn(server, a);
    assert.equal(ready.user.id, a.user.id);
  });

  test('the token in the CONNECT payload signs in, over both transports', async () => {
    const [a] = await users(server, 1);
    for (const transports of [['websocket'], ['polling']]) {
      const { socket, ready } = await signIn(server, a, { transports });
      assert.equal(ready.user.id, a.user.id);
      assert.equal(socket.io.engine.transport.name, transports[0]);
      await barrier(socket);
    }
  });

  test('the oc_session cookie of the handshake signs in, over both transports', async () => {
    const [a] = await users(server, 1);
    for (const transports of [['polling'], ['websocket'], ['polling', 'websocket']]) {
      const { socket, ready } = await signIn(server, a, {
        transports,
        auth: {},
        extraHeaders: { Cookie: `theme=dark; oc_session=${a.cookie}; lang=en` },
      });
      assert.equal(ready.user.id, a.user.id, `over ${transports}`);
      await barrier(socket);
    }
  });

  test('a token in the CONNECT payload wins over the cookie', async () => {
    const [a, b] = await users(server, 2);
    const cookie = { Cookie: `oc_session=${a.cookie}` };
    for (const transports of [['polling'], ['websocket']]) {
      const { ready } = await signIn(server, b, { transports, extraHeaders: cookie });
      assert.equal(ready.user.id, b.user.id);
      // A bad token is not rescued by a good cookie, however long it is.
      for (const token of ['bad', 'x'.repeat(5000)]) {
        const err = await refusal(open({ transports, extraHeaders: cookie, auth: { token } }));
        assertRefused(err, 'Your session has ended.');
      }
      // An empty token is no token: the cookie signs in.
      const { ready: byCookie } = await signIn(server, a, {
        transports,
        extraHeaders: cookie,
        auth: { token: '' },
      });
      assert.equal(byCookie.user.id, a.user.id);
    }
  });

  test('ready: the user as GET /users/me and every friend presence, exactly', async () => {
    const [a, b, c, d, e] = await users(server, 5);
    await befriend(a, b); // online
    await befriend(a, c); // never connected
    await befriend(a, e); // connected, invisible
    // d is not a friend: connected, but not in a's presence.
    const { socket: sb } = await signIn(server, b);
    await signIn(server, d);
    const { socket: se } = await signIn(server, e);
    assert.deepEqual(await call(se, 'presence:set', { status: 'invisible' }), {
      status: 'invisible',
    });
    assert.deepEqual(await call(sb, 'presence:set', { status: 'dnd' }), { status: 'dnd' });

    const me = await a.get('/api/v1/users/me');
    assert.equal(me.status, 200, me.text);
    const { ready } = await signIn(server, a);
    assert.deepEqual(Object.keys(ready).sort(), ['presence', 'user']);
    assert.deepEqual(ready.user, me.body);
    const byId = (x, y) => (BigInt(x.user_id) < BigInt(y.user_id) ? -1 : 1);
    assert.deepEqual(
      [...ready.presence].sort(byId),
      [
        { user_id: b.user.id, status: 'dnd', last_seen: null },
        { user_id: c.user.id, status: 'offline', last_seen: null },
        { user_id: e.user.id, status: 'offline', last_seen: null },
      ].sort(byId),
    );
  });

  test('a user without friends gets an empty presence list; ready comes once per socket', async () => {
    const [a] = await users(server, 1);
    const { socket, ready } = await signIn(server, a);
    assert.deepEqual(ready.presence, []);
    await barrier(socket);
    assert.deepEqual(received(socket, 'ready'), []);
  });
});

describe('events emitted before the connect completed', () => {
  for (const transports of [['websocket'], ['polling']]) {
    test(`are answered in order over ${transports[0]}`, async () => {
      const [a, b] = await users(server, 2);
      const chat = await dm(a, b);
      const { socket: sb } = await signIn(server, b);

      const sa = open({ transports, auth: { token: a.cookie } });
      assert.equal(sa.connected, false);
      const sent = call(sa, 'message:send', {
        chat_id: chat.id,
        content: 'right away',
        nonce: 'early-1',
      });
      const typed = call(sa, 'typing:start', { chat_id: chat.id });
      const second = call(sa, 'message:send', { chat_id: chat.id, content: 'and again' });
      const beat = call(sa, 'presence:heartbeat', {});
      const readyP = nextEvent(sa, 'ready');

      const first = await sent;
      assert.ok(first.message, JSON.stringify(first));
      assert.equal(first.message.content, 'right away');
      assert.equal(first.message.nonce, 'early-1');
      assert.equal(first.message.chat_id, chat.id);
      assert.equal(first.message.author.id, a.user.id);
      assert.deepEqual(await typed, {});
      const next = await second;
      assert.equal(next.message.content, 'and again');
      assert.ok(BigInt(next.message.id) > BigInt(first.message.id));
      assert.deepEqual(await beat, {});
      assert.equal((await readyP).user.id, a.user.id);

      const got1 = await nextEvent(sb, 'message:new', (m) => m.id === first.message.id);
      assert.deepEqual(got1, first.message);
      const got2 = await nextEvent(sb, 'message:new', (m) => m.id === next.message.id);
      assert.deepEqual(got2, next.message);
    });
  }
});

describe('revoked sessions', () => {
  test("logout: that session's sockets get session:ended, then a server disconnect; another session's stay", async () => {
    const [a] = await users(server, 1);
    const a2 = await secondSession(a);
    const token = a.cookie;
    const { socket: t1 } = await signIn(server, a);
    const { socket: t2 } = await signIn(server, a, { transports: ['polling'] });
    const { socket: other } = await signIn(server, a2);
    const logs = [t1, t2, other].map(journal);
    const gone = [t1, t2].map((s) => waitFor(s, 'disconnect'));

    const res = await a.post('/api/v1/auth/logout');
    assert.equal(res.status, 204, res.text);
    await Promise.all(gone);
    for (const log of logs.slice(0, 2))
      assert.deepEqual(log, [
        ['session:ended', { reason: 'revoked' }],
        ['disconnect', 'io server disconnect'],
      ]);
    assert.equal(t1.connected, false);
    assert.equal(t2.connected, false);

    await barrier(other);
    assert.equal(other.connected, true);
    assert.deepEqual(logs[2], []);
    // The revoked token cannot come back.
    assertRefused(await refusal(open({ auth: { token } })), 'Your session has ended.');
  });

  test('a logout while sockets are still signing in: none of them stays connected', async () => {
    // Sockets of the session race its logout: each is refused, or connected and then ended;
    // none is left connected with the revoked session. The logout goes out when the k-th
    // socket's transport opened (its CONNECT follows at once), so it meets the others at every
    // step of their sign-in: the gate, the places load, the accept.
    let ended = 0;
    let refused = 0;
    for (let round = 0; round < 30; round++) {
      const [a] = await users(server, 1);
      const token = a.cookie;
      const sockets = [];
      const outcomes = [];
      for (let i = 0; i < 8; i++) {
        const s = open({ auth: { token } });
        sockets.push(s);
        outcomes.push(
          new Promise((resolve) => {
            s.once('connect', () => resolve('connect'));
            s.once('connect_error', (err) => resolve(err));
          }),
        );
      }
      await waitFor(sockets[round % sockets.length].io, 'open');
      const res = await a.post('/api/v1/auth/logout');
      assert.equal(res.status, 204, res.text);
      for (let i = 0; i < sockets.length; i++) {
        const s = sockets[i];
        const outcome = await outcomes[i];
        if (outcome !== 'connect') {
          assertRefused(outcome, 'Your session has ended.');
          refused++;
          continue;
        }
        // Connected: it must be ended. An acknowledged round trip either comes back after the
        // session:ended (then the disconnect follows), or never (already disconnected).
        if (s.connected) await call(s, 'presence:heartbeat', {}).catch(() => {});
        if (s.connected)
          await waitFor(s, 'disconnect', { what: 'the revoked socket to be disconnected' });
        assert.deepEqual(received(s, 'session:ended'), [{ reason: 'revoked' }]);
        ended++;
      }
    }
    assert.equal(ended + refused, 30 * 8);
  });

  test("revoke-others keeps the caller's sockets and drops every other session's", async () => {
    const [a, bystander] = await users(server, 2);
    const a2 = await secondSession(a);
    const a3 = await secondSession(a);
    const { socket: mine } = await signIn(server, a);
    const { socket: s2 } = await signIn(server, a2);
    const { socket: s3 } = await signIn(server, a3, { transports: ['polling'] });
    const { socket: sx } = await signIn(server, bystander);
    const logs = [mine, s2, s3, sx].map(journal);
    const gone = [s2, s3].map((s) => waitFor(s, 'disconnect'));

    const res = await a.post('/api/v1/auth/sessions/revoke-others');
    assert.equal(res.status, 204, res.text);
    await Promise.all(gone);
    for (const log of logs.slice(1, 3))
      assert.deepEqual(log, [
        ['session:ended', { reason: 'revoked' }],
        ['disconnect', 'io server disconnect'],
      ]);
    await barrier(mine);
    await barrier(sx);
    assert.deepEqual(logs[0], []);
    assert.deepEqual(logs[3], []);
  });

  test('ending one session from the list drops its sockets; logout-everywhere drops them all', async () => {
    const [a] = await users(server, 1);
    const a2 = await secondSession(a);
    const a3 = await secondSession(a);
    const { socket: s1 } = await signIn(server, a);
    const { socket: s2 } = await signIn(server, a2);
    const { socket: s3 } = await signIn(server, a3, { transports: ['polling'] });
    const logs = [s1, s2, s3].map(journal);
    const ended = [
      ['session:ended', { reason: 'revoked' }],
      ['disconnect', 'io server disconnect'],
    ];

    const gone2 = waitFor(s2, 'disconnect');
    const res = await a.delete(`/api/v1/auth/sessions/${claims(a2.cookie).sid}`);
    assert.equal(res.status, 204, res.text);
    await gone2;
    assert.deepEqual(logs[1], ended);
    await barrier(s1);
    await barrier(s3);
    assert.deepEqual(logs[0], []);
    assert.deepEqual(logs[2], []);

    const gone = [s1, s3].map((s) => waitFor(s, 'disconnect'));
    const all = await a3.post('/api/v1/auth/logout-everywhere');
    assert.equal(all.status, 204, all.text);
    await Promise.all(gone);
    assert.deepEqual(logs[0], ended);
    assert.deepEqual(logs[2], ended);
  });

  test("a password change drops the other sessions' sockets and keeps the caller's", async () => {
    const [a] = await users(server, 1);
    const a2 = await secondSession(a);
    const { socket: mine } = await signIn(server, a);
    const { socket: theirs } = await signIn(server, a2);
    const logs = [mine, theirs].map(journal);
    const gone = waitFor(theirs, 'disconnect');

    const res = await a.post('/api/v1/auth/password', {
      current_password: a.user.password,
      new_password: NEW_PASSWORD,
    });
    assert.equal(res.status, 204, res.text);
    await gone;
    assert.deepEqual(logs[1], [
      ['session:ended', { reason: 'revoked' }],
      ['disconnect', 'io server disconnect'],
    ]);
    await barrier(mine);
    assert.deepEqual(logs[0], []);
    assertRefused(await refusal(open({ auth: { token: a2.cookie } })), 'Your session has ended.');
  });

  test('account deletion drops every socket of the user', async () => {
    const [a, friend] = await users(server, 2);
    await befriend(a, friend);
    const a2 = await secondSession(a);
    const token = a.cookie; // the client forgets it when the deletion clears the cookie
    const { socket: t1 } = await signIn(server, a);
    const { socket: t2 } = await signIn(server, a2, { transports: ['polling'] });
    const { socket: sf } = await signIn(server, friend);
    // The friend's "online" has reached a's tabs before the journal starts.
    await Promise.all([barrier(t1), barrier(t2)]);
    const logs = [t1, t2].map(journal);
    const gone = [t1, t2].map((s) => waitFor(s, 'disconnect'));

    const res = await a.delete('/api/v1/users/me', { password: a.user.password });
    assert.equal(res.status, 204, res.text);
    await Promise.all(gone);
    for (const log of logs)
      assert.deepEqual(log, [
        ['session:ended', { reason: 'revoked' }],
        ['disconnect', 'io server disconnect'],
      ]);
    // The friend sees the account go offline, and stays connected.
    const seen = await nextEvent(
      sf,
      'presence:update',
      (p) => p.user_id === a.user.id && p.status === 'offline',
    );
    assert.equal(typeof seen.last_seen, 'number');
    await barrier(sf);
    assertRefused(await refusal(open({ auth: { token } })), 'Your session has ended.');
  });
});

/** Sends event with payloads that are not JSON objects, and with none: invalid_field "payload". */
async function assertPayloadRefused(socket, event) {
  const expected = {
    error: { code: 'invalid_field', message: 'The event needs a JSON object.', field: 'payload' },
  };
  for (const payload of ['text', 42, null, [], true]) {
    const answer = await call(socket, event, payload);
    assert.deepEqual(answer, expected, `${event} ${JSON.stringify(payload)}`);
  }
  // No argument at all but the acknowledgement.
  const answer = await new Promise((resolve, reject) =>
    socket.timeout(WAIT_MS).emit(event, (err, res) => (err ? reject(err) : resolve(res))),
  );
  assert.deepEqual(answer, expected, `${event} without a payload`);
}

describe('unknown events and bad payloads', () => {
  test('an unknown event with an acknowledgement answers unknown_event', async () => {
    const [a] = await users(server, 1);
    const { socket } = await signIn(server, a);
    assert.deepEqual(await call(socket, 'no:such-event', {}), {
      error: { code: 'unknown_event', message: 'No handler for the event "no:such-event".' },
    });
    // Without an acknowledgement it is ignored, and the socket carries on.
    socket.emit('no:such-event', {});
    await barrier(socket);
    assert.equal(socket.connected, true);
  });

  test('an event whose payload is not a JSON object answers invalid_field "payload"', async () => {
    const [a] = await users(server, 1);
    const { socket } = await signIn(server, a);
    const events = [
      'message:send',
      'message:edit',
      'message:delete',
      'message:pin',
      'message:unpin',
      'reaction:add',
      'reaction:remove',
      'typing:start',
      'typing:stop',
      'chat:read',
    ];
    for (const event of events) await assertPayloadRefused(socket, event);
    await barrier(socket);
  });

  test(
    'presence:set without a JSON object payload answers invalid_field "payload"',
    async () => {
      const [a] = await users(server, 1);
      const { socket } = await signIn(server, a);
      await assertPayloadRefused(socket, 'presence:set');
    },
  );
});
