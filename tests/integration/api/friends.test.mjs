// Relations between users: friend requests (send, accept, reject, cancel), friendships, blocks
// and direct-message chats, with every refusal, against the real server on the backend the run
// selects (SQLite, or PostgreSQL with OPENCHAT_TEST_DB=postgres).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ApiClient, assertError } from '../lib/api.mjs';
import { startOpenchat } from '../lib/server.mjs';

const GENEROUS = 'register=10000/60,login=10000/60,verify=10000/60,friend_request=10000/60';

let server;

before(async () => {
  server = await startOpenchat({ env: { OPENCHAT_RATE_LIMITS: GENEROUS } });
});

after(async () => {
  await server?.stop();
});

async function newUser(srv = server) {
  const c = new ApiClient(srv);
  await c.register();
  return c;
}

async function verifiedUser(srv = server) {
  const c = await newUser(srv);
  await c.verifyEmail();
  return c;
}

function publicView(u) {
  return {
    id: u.id,
    username: u.username,
    display_name: u.display_name,
    avatar_url: u.avatar_url,
    bio: u.bio,
    created_at: u.created_at,
  };
}

// No socket is connected in these tests: every friend is offline, never seen.
const withPresence = (u) => ({ ...publicView(u), status: 'offline', last_seen: null });

async function request(a, b) {
  const res = await a.post('/api/v1/friends/requests', { user_id: b.user.id });
  assert.equal(res.status, 201, res.text);
  return res.body.request;
}

async function befriend(a, b) {
  const req = await request(a, b);
  const res = await b.post(`/api/v1/friends/requests/${req.id}/accept`);
  assert.equal(res.status, 200, res.text);
  return res.body.friend;
}

const friendIds = async (c) => (await c.get('/api/v1/friends')).body.friends.map((f) => f.user.id);

// ---- requests ---------------------------------------------------------------------------------

describe('friend requests', () => {
  test('a request by username or id shows up on both sides', async () => {
    const a = await verifiedUser();
    const b = await newUser();
    const c = await newUser();

    const before = Date.now();
    const byName = await a.post('/api/v1/friends/requests', {
      username: b.user.username.toUpperCase(),
    });
    assert.equal(byName.status, 201, byName.text);
    const r1 = byName.body.request;
    assert.match(r1.id, /^\d+$/);
    assert.deepEqual(r1, { id: r1.id, user: publicView(b.user), created_at: r1.created_at });
    assert.ok(r1.created_at >= before - 1000 && r1.created_at <= Date.now() + 1000);

    const byId = await a.post('/api/v1/friends/requests', { user_id: c.user.id });
    assert.equal(byId.status, 201, byId.text);
    const r2 = byId.body.request;
    assert.deepEqual(r2.user, publicView(c.user));

    const mine = await a.get('/api/v1/friends/requests');
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body, { incoming: [], outgoing: [r1, r2] });
    const theirs = await b.get('/api/v1/friends/requests');
    assert.deepEqual(theirs.body, {
      incoming: [{ id: r1.id, user: publicView(a.user), created_at: r1.created_at }],
      outgoing: [],
    });
    // The request is not a friendship yet.
    assert.deepEqual((await a.get('/api/v1/friends')).body, { friends: [] });
  });

  test('accepting makes both friends, with presence in the friend list', async () => {
    const a = await verifiedUser();
    const b = await newUser();
    const req = await request(a, b);
    const res = await b.post(`/api/v1/friends/requests/${req.id}/accept`);
    assert.equal(res.status, 200, res.text);
    const since = res.body.friend.since;
    assert.deepEqual(res.body, { friend: { user: withPresence(a.user), since } });
    assert.deepEqual((await a.get('/api/v1/friends')).body, {
      friends: [{ user: withPresence(b.user), since }],
    });
    assert.deepEqual((await b.get('/api/v1/friends')).body, {
      friends: [{ user: withPresence(a.user), since }],
    });
    for (const c of [a, b])
      assert.deepEqual((await c.get('/api/v1/friends/requests')).body, {
        incoming: [],
        outgoing: [],
      });
    // The request is used up.
    assertError(
      await b.post(`/api/v1/friends/requests/${req.id}/accept`),
      404,
      'request_not_found',
    );
    // Asking again is refused.
    assertError(
      await a.post('/api/v1/friends/requests', { user_id: b.user.id }),
      409,
      'already_friends',
    );
    await b.verifyEmail();
    assertError(
      await b.post('/api/v1/friends/requests', { username: a.user.username }),
      409,
      'already_friends',
    );
  });

  test('asking someone who already asked you makes you friends at once', async () => {
    const a = await verifiedUser();
    const b = await verifiedUser();
    await request(a, b);
    const res = await b.post('/api/v1/friends/requests', { user_id: a.user.id });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {
      friend: { user: withPresence(a.user), since: res.body.friend.since },
    });
    assert.deepEqual(await friendIds(a), [b.user.id]);
    assert.deepEqual(await friendIds(b), [a.user.id]);
    for (const c of [a, b])
      assert.deepEqual((await c.get('/api/v1/friends/requests')).body, {
        incoming: [],
        outgoing: [],
      });
  });

  test('only the recipient accepts or rejects, only the sender cancels', async () => {
    const a = await verifiedUser();
    const b = await newUser();
    const outsider = await verifiedUser();
    const req = await request(a, b);
    for (const c of [a, outsider]) {
      assertError(
        await c.post(`/api/v1/friends/requests/${req.id}/accept`),
        404,
        'request_not_found',
      );
      assertError(
        await c.post(`/api/v1/friends/requests/${req.id}/reject`),
        404,
        'request_not_found',
      );
    }
    for (const c of [b, outsider])
      assertError(await c.delete(`/api/v1/friends/requests/${req.id}`), 404, 'request_not_found');
    // Still there for both.
    assert.equal((await b.get('/api/v1/friends/requests')).body.incoming.length, 1);

    const rejected = await b.post(`/api/v1/friends/requests/${req.id}/reject`);
    assert.equal(rejected.status, 204);
    assert.equal(rejected.text, '');
    assert.deepEqual((await a.get('/api/v1/friends/requests')).body, {
      incoming: [],
      outgoing: [],
    });
    assertError(
      await b.post(`/api/v1/friends/requests/${req.id}/reject`),
      404,
      'request_not_found',
    );

    // After a rejection the sender may ask again, and cancel.
    const again = await request(a, b);
    assert.notEqual(again.id, req.id);
    const cancelled = await a.delete(`/api/v1/friends/requests/${again.id}`);
    assert.equal(cancelled.status, 204);
    assert.deepEqual((await b.get('/api/v1/friends/requests')).body, {
      incoming: [],
      outgoing: [],
    });
    assertError(await a.delete(`/api/v1/friends/requests/${again.id}`), 404, 'request_not_found');
  });

  test('malformed and unknown request ids are 404 request_not_found', async () => {
    const a = await verifiedUser();
    for (const id of ['abc', '0', '12345678901234567890123', '987654321']) {
      assertError(await a.post(`/api/v1/friends/requests/${id}/accept`), 404, 'request_not_found');
      assertError(await a.post(`/api/v1/friends/requests/${id}/reject`), 404, 'request_not_found');
      assertError(await a.delete(`/api/v1/friends/requests/${id}`), 404, 'request_not_found');
    }
  });

  test('sending is refused: unverified, self, unknown, duplicate', async () => {
    const unverified = await newUser();
    const a = await verifiedUser();
    const b = await newUser();
    assertError(
      await unverified.post('/api/v1/friends/requests', { user_id: b.user.id }),
      403,
      'email_unverified',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { user_id: a.user.id }),
      422,
      'cannot_befriend_self',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { username: a.user.username }),
      422,
      'cannot_befriend_self',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { username: 'nobody_here' }),
      404,
      'user_not_found',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { user_id: '123456789' }),
      404,
      'user_not_found',
    );
    await request(a, b);
    assertError(
      await a.post('/api/v1/friends/requests', { user_id: b.user.id }),
      409,
      'request_exists',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { username: b.user.username }),
      409,
      'request_exists',
    );
    // The unverified user's attempt left nothing behind.
    assert.deepEqual(
      (await b.get('/api/v1/friends/requests')).body.incoming.map((r) => r.user.id),
      [a.user.id],
    );
  });

  test('sending checks its input', async () => {
    const a = await verifiedUser();
    const b = await newUser();
    assertError(await a.post('/api/v1/friends/requests', {}), 422, 'invalid_field', 'username');
    assertError(
      await a.post('/api/v1/friends/requests', { username: b.user.username, user_id: b.user.id }),
      422,
      'invalid_field',
      'user_id',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { user_id: 'abc' }),
      422,
      'invalid_field',
      'user_id',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { user_id: -1 }),
      422,
      'invalid_field',
      'user_id',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { username: '' }),
      422,
      'invalid_field',
      'username',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { username: 'x'.repeat(33) }),
      422,
      'invalid_field',
      'username',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { username: 7 }),
      422,
      'invalid_field',
      'username',
    );
    assertError(await a.post('/api/v1/friends/requests', '{'), 400, 'invalid_json');
  });

  test('requests to or from a deleted user disappear', async () => {
    const a = await verifiedUser();
    const gone = await verifiedUser();
    const other = await newUser();
    await request(a, gone);
    const incoming = await request(gone, other);
    const del = await gone.delete('/api/v1/users/me', { password: gone.user.password });
    assert.equal(del.status, 204, del.text);
    assert.deepEqual((await a.get('/api/v1/friends/requests')).body, {
      incoming: [],
      outgoing: [],
    });
    assert.deepEqual((await other.get('/api/v1/friends/requests')).body, {
      incoming: [],
      outgoing: [],
    });
    assertError(
      await other.post(`/api/v1/friends/requests/${incoming.id}/accept`),
      404,
      'request_not_found',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { user_id: gone.user.id }),
      404,
      'user_not_found',
    );
    assertError(
      await a.post('/api/v1/friends/requests', { username: gone.user.username }),
      404,
      'user_not_found',
    );
  });

  test('friend requests are rate limited per account', async () => {
    const srv = await startOpenchat({
      env: { OPENCHAT_RATE_LIMITS: 'register=10000/60,verify=10000/60,friend_request=3/3600' },
    });
    try {
      const a = await verifiedUser(srv);
      const b = await verifiedUser(srv);
      const targets = [
        await newUser(srv),
        await newUser(srv),
        await newUser(srv),
        await newUser(srv),
      ];
      for (const t of targets.slice(0, 3))
        assert.equal(
          (await a.post('/api/v1/friends/requests', { user_id: t.user.id })).status,
          201,
        );
      const refused = await a.post('/api/v1/friends/requests', { user_id: targets[3].user.id });
      assertError(refused, 429, 'rate_limited');
      assert.match(refused.headers.get('retry-after'), /^\d+$/);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      // Another account from the same address has its own budget.
      assert.equal(
        (await b.post('/api/v1/friends/requests', { user_id: targets[3].user.id })).status,
        201,
      );
    } finally {
      await srv.stop();
    }
  });

  test('every route needs a session', async () => {
    const anon = new ApiClient(server);
    for (const [method, path] of [
      ['GET', '/api/v1/friends'],
      ['DELETE', '/api/v1/friends/1'],
      ['GET', '/api/v1/friends/requests'],
      ['POST', '/api/v1/friends/requests'],
      ['POST', '/api/v1/friends/requests/1/accept'],
      ['POST', '/api/v1/friends/requests/1/reject'],
      ['DELETE', '/api/v1/friends/requests/1'],
      ['GET', '/api/v1/blocks'],
      ['PUT', '/api/v1/blocks/1'],
      ['DELETE', '/api/v1/blocks/1'],
      ['GET', '/api/v1/dms'],
      ['POST', '/api/v1/dms'],
    ]) {
      const body = method === 'POST' ? {} : undefined;
      assertError(await anon.request(method, path, body), 401, 'unauthenticated');
    }
  });
});

// ---- friendships ----------------------------------------------------------------------------

describe('friendships', () => {
  test('DELETE /friends/:user_id ends a friendship for both', async () => {
    const a = await verifiedUser();
    const b = await newUser();
    const c = await newUser();
    await befriend(a, b);
    await befriend(a, c);
    assert.deepEqual((await friendIds(a)).sort(), [b.user.id, c.user.id].sort());
    const res = await b.delete(`/api/v1/friends/${a.user.id}`);
    assert.equal(res.status, 204);
    assert.deepEqual(await friendIds(a), [c.user.id]);
    assert.deepEqual(await friendIds(b), []);
    assertError(await b.delete(`/api/v1/friends/${a.user.id}`), 404, 'not_friends');
    assertError(await b.delete(`/api/v1/friends/${c.user.id}`), 404, 'not_friends');
    for (const id of ['abc', '0', b.user.id])
      assertError(await b.delete(`/api/v1/friends/${id}`), 404, 'not_friends');
  });

  test('a friend who deletes their account leaves the list', async () => {
    const a = await verifiedUser();
    const gone = await newUser();
    await befriend(a, gone);
    assert.deepEqual(await friendIds(a), [gone.user.id]);
    const del = await gone.delete('/api/v1/users/me', { password: gone.user.password });
    assert.equal(del.status, 204, del.text);
    assert.deepEqual(await friendIds(a), []);
  });
});

// ---- blocks ---------------------------------------------------------------------------------

describe('blocks', () => {
  test('blocking ends the friendship and every request, and forbids new ones both ways', async () => {
    const a = await verifiedUser();
    const b = await verifiedUser();
    await befriend(a, b);
    const res = await a.put(`/api/v1/blocks/${b.user.id}`);
    assert.equal(res.status, 204);
    assert.deepEqual(await friendIds(a), []);
    assert.deepEqual(await friendIds(b), []);
    assert.deepEqual((await a.get('/api/v1/blocks')).body, { blocked: [publicView(b.user)] });
    assert.deepEqual((await b.get('/api/v1/blocks')).body, { blocked: [] });
    // Both directions get the same answer: the blocked user cannot tell who blocked whom.
    assertError(await a.post('/api/v1/friends/requests', { user_id: b.user.id }), 403, 'blocked');
    assertError(await b.post('/api/v1/friends/requests', { user_id: a.user.id }), 403, 'blocked');
    assertError(
      await b.post('/api/v1/friends/requests', { username: a.user.username }),
      403,
      'blocked',
    );
    // Blocking twice is fine.
    assert.equal((await a.put(`/api/v1/blocks/${b.user.id}`)).status, 204);
    assert.equal((await a.get('/api/v1/blocks')).body.blocked.length, 1);
  });

  test('blocking removes pending requests in both directions', async () => {
    const a = await verifiedUser();
    const b = await verifiedUser();
    const c = await verifiedUser();
    const fromB = await request(b, a);
    await request(a, c);
    assert.equal((await c.put(`/api/v1/blocks/${a.user.id}`)).status, 204);
    assert.equal((await a.put(`/api/v1/blocks/${b.user.id}`)).status, 204);
    assert.deepEqual((await a.get('/api/v1/friends/requests')).body, {
      incoming: [],
      outgoing: [],
    });
    assert.deepEqual((await b.get('/api/v1/friends/requests')).body, {
      incoming: [],
      outgoing: [],
    });
    assert.deepEqual((await c.get('/api/v1/friends/requests')).body, {
      incoming: [],
      outgoing: [],
    });
    assertError(
      await a.post(`/api/v1/friends/requests/${fromB.id}/accept`),
      404,
      'request_not_found',
    );
    assert.deepEqual(
      (await a.get('/api/v1/blocks')).body.blocked.map((u) => u.id),
      [b.user.id],
    );
  });

  test('unblocking lifts the refusal but restores nothing', async () => {
    const a = await verifiedUser();
    const b = await verifiedUser();
    await befriend(a, b);
    assert.equal((await b.put(`/api/v1/blocks/${a.user.id}`)).status, 204);
    assert.equal((await b.delete(`/api/v1/blocks/${a.user.id}`)).status, 204);
    assert.deepEqual((await b.get('/api/v1/blocks')).body, { blocked: [] });
    assert.deepEqual(await friendIds(a), []);
    assertError(await b.delete(`/api/v1/blocks/${a.user.id}`), 404, 'not_blocked');
    // The other side cannot lift a block it did not set.
    assert.equal((await b.put(`/api/v1/blocks/${a.user.id}`)).status, 204);
    assertError(await a.delete(`/api/v1/blocks/${b.user.id}`), 404, 'not_blocked');
    assertError(await a.post('/api/v1/friends/requests', { user_id: b.user.id }), 403, 'blocked');
    assert.equal((await b.delete(`/api/v1/blocks/${a.user.id}`)).status, 204);
    assert.equal((await a.post('/api/v1/friends/requests', { user_id: b.user.id })).status, 201);
  });

  test('blocking refuses self, unknown and deleted users', async () => {
    const a = await newUser();
    const gone = await newUser();
    assertError(await a.put(`/api/v1/blocks/${a.user.id}`), 422, 'cannot_block_self');
    for (const id of ['abc', '0', '123456789'])
      assertError(await a.put(`/api/v1/blocks/${id}`), 404, 'user_not_found');
    const del = await gone.delete('/api/v1/users/me', { password: gone.user.password });
    assert.equal(del.status, 204, del.text);
    assertError(await a.put(`/api/v1/blocks/${gone.user.id}`), 404, 'user_not_found');
    for (const id of ['abc', '0', '123456789'])
      assertError(await a.delete(`/api/v1/blocks/${id}`), 404, 'not_blocked');
    // Unverified users may block: it protects them.
    const b = await newUser();
    assert.equal((await a.put(`/api/v1/blocks/${b.user.id}`)).status, 204);
  });
});

// ---- direct messages ------------------------------------------------------------------------

describe('direct messages', () => {
  test('POST /dms opens the chat once and returns it afterwards', async () => {
    const a = await verifiedUser();
    const b = await newUser();
    await befriend(a, b);
    const first = await a.post('/api/v1/dms', { user_id: b.user.id });
    assert.equal(first.status, 201, first.text);
    const chat = first.body.chat;
    assert.match(chat.id, /^\d+$/);
    // With the caller's read state (docs/API.md, "Read positions and unread counts"): nothing written yet.
    const unread = {
      last_read_id: null,
      last_message_id: null,
      unread_count: 0,
      mention_count: 0,
      peer_last_read_id: null,
    };
    assert.deepEqual(first.body, {
      chat: {
        id: chat.id,
        type: 'dm',
        user: withPresence(b.user),
        created_at: chat.created_at,
        ...unread,
      },
    });
    const again = await a.post('/api/v1/dms', { user_id: b.user.id });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    const fromB = await b.post('/api/v1/dms', { user_id: a.user.id });
    assert.equal(fromB.status, 200);
    assert.deepEqual(fromB.body, {
      chat: {
        id: chat.id,
        type: 'dm',
        user: withPresence(a.user),
        created_at: chat.created_at,
        ...unread,
      },
    });
    assert.deepEqual((await a.get('/api/v1/dms')).body, { chats: [first.body.chat] });
    assert.deepEqual((await b.get('/api/v1/dms')).body, { chats: [fromB.body.chat] });
  });

  test('20 parallel opens for one pair make exactly one chat', async () => {
    const a = await verifiedUser();
    const b = await newUser();
    await befriend(a, b);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? b : a).post('/api/v1/dms', { user_id: (i % 2 ? a : b).user.id }),
      ),
    );
    const ids = new Set(answers.map((r) => r.body.chat.id));
    assert.equal(ids.size, 1, `chat ids: ${[...ids]}`);
    assert.deepEqual(
      answers.map((r) => r.status).sort(),
      [
        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
        200, 201,
      ],
    );
    assert.equal((await a.get('/api/v1/dms')).body.chats.length, 1);
    assert.equal((await b.get('/api/v1/dms')).body.chats.length, 1);
  });

  test('only friends may open a DM, and never across a block', async () => {
    const a = await verifiedUser();
    const stranger = await newUser();
    const b = await newUser();
    assertError(await a.post('/api/v1/dms', { user_id: stranger.user.id }), 403, 'not_friends');
    assertError(await stranger.post('/api/v1/dms', { user_id: a.user.id }), 403, 'not_friends');
    await befriend(a, b);
    const opened = await a.post('/api/v1/dms', { user_id: b.user.id });
    assert.equal(opened.status, 201);
    assert.equal((await b.put(`/api/v1/blocks/${a.user.id}`)).status, 204);
    assertError(await a.post('/api/v1/dms', { user_id: b.user.id }), 403, 'blocked');
    assertError(await b.post('/api/v1/dms', { user_id: a.user.id }), 403, 'blocked');
    // The existing chat stays listed (its history belongs to both).
    assert.deepEqual(
      (await a.get('/api/v1/dms')).body.chats.map((c) => c.id),
      [opened.body.chat.id],
    );
    const listed = (await a.get('/api/v1/dms')).body.chats[0];
    assert.deepEqual(listed.user, publicView(b.user)); // no longer friends: no presence
    assert.deepEqual((await stranger.get('/api/v1/dms')).body, { chats: [] });
  });

  test('POST /dms checks its input', async () => {
    const a = await verifiedUser();
    const gone = await verifiedUser();
    await befriend(a, gone);
    assertError(await a.post('/api/v1/dms', { user_id: a.user.id }), 422, 'cannot_dm_self');
    assertError(await a.post('/api/v1/dms', { user_id: '123456789' }), 404, 'user_not_found');
    assertError(await a.post('/api/v1/dms', {}), 422, 'invalid_field', 'user_id');
    assertError(await a.post('/api/v1/dms', { user_id: 'abc' }), 422, 'invalid_field', 'user_id');
    assertError(await a.post('/api/v1/dms', { user_id: 1.5 }), 422, 'invalid_field', 'user_id');
    assertError(await a.post('/api/v1/dms', 'nope'), 400, 'invalid_json');
    assert.equal((await a.post('/api/v1/dms', { user_id: gone.user.id })).status, 201);
    const del = await gone.delete('/api/v1/users/me', { password: gone.user.password });
    assert.equal(del.status, 204, del.text);
    assertError(await a.post('/api/v1/dms', { user_id: gone.user.id }), 404, 'user_not_found');
    assert.deepEqual((await a.get('/api/v1/dms')).body, { chats: [] });
  });
});
