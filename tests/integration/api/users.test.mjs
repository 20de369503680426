// Users: the caller's own profile (GET/PATCH /users/me), avatars (PUT/DELETE /users/me/avatar,
// GET /avatars/:file), public profiles (GET /users/:id) and search (GET /users), against the
// real server on the backend the run selects (SQLite, or PostgreSQL with OPENCHAT_TEST_DB).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ApiClient, assertError } from '../lib/api.mjs';
import { startOpenchat, waitUntil } from '../lib/server.mjs';

const AVATAR_MAX = 65536;

// The smallest real pictures of each kind (the same bytes as tests/unit/domain/test_images.c).
const IMAGES = {
  png: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==',
    'base64',
  ),
  jpg: Buffer.from(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB' +
      'AQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAA' +
      'AAAAAAAAAAD/2gAIAQEAAD8AP//Z',
    'base64',
  ),
  gif: Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
  webp: Buffer.from('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA', 'base64'),
};
const MIME = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };
const AVATAR_URL = /^\/api\/v1\/avatars\/([0-9a-f]{32})\.(png|jpg|gif|webp)$/;

let server;

before(async () => {
  server = await startOpenchat({
    env: {
      OPENCHAT_RATE_LIMITS:
        'register=10000/60,login=10000/60,verify=10000/60,friend_request=10000/60',
      OPENCHAT_AVATAR_MAX: String(AVATAR_MAX),
    },
  });
});

after(async () => {
  await server?.stop();
});

async function newUser(fields) {
  const c = new ApiClient(server);
  await c.register(fields);
  return c;
}

async function verifiedUser(fields) {
  const c = await newUser(fields);
  await c.verifyEmail();
  return c;
}

async function befriend(a, b) {
  const sent = await a.post('/api/v1/friends/requests', { user_id: b.user.id });
  assert.equal(sent.status, 201, sent.text);
  const acc = await b.post(`/api/v1/friends/requests/${sent.body.request.id}/accept`);
  assert.equal(acc.status, 200, acc.text);
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

function putAvatar(client, bytes, type = 'application/octet-stream') {
  return client.request('PUT', '/api/v1/users/me/avatar', undefined, {
    raw: bytes,
    headers: { 'Content-Type': type },
  });
}

function avatarFiles() {
  const dir = path.join(server.dataDir, 'avatars');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

// ---- GET/PATCH /users/me --------------------------------------------------------------------

describe('own profile', () => {
  test('GET /users/me needs a session', async () => {
    const anon = new ApiClient(server);
    assertError(await anon.get('/api/v1/users/me'), 401, 'unauthenticated');
    assertError(await anon.patch('/api/v1/users/me', { bio: 'x' }), 401, 'unauthenticated');
  });

  test('PATCH /users/me changes the given fields and keeps the others', async () => {
    const a = await newUser();
    const res = await a.patch('/api/v1/users/me', {
      display_name: '  Ada Lovelace  ',
      bio: 'Analytical engines.\nPoetical science.',
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {
      id: a.user.id,
      username: a.user.username,
      display_name: 'Ada Lovelace',
      avatar_url: null,
      bio: 'Analytical engines.\nPoetical science.',
      created_at: a.user.created_at,
      email: a.user.email,
      email_verified: false,
      status: 'online',
    });
    const st = await a.patch('/api/v1/users/me', { status: 'dnd' });
    assert.equal(st.status, 200, st.text);
    assert.equal(st.body.status, 'dnd');
    assert.equal(st.body.display_name, 'Ada Lovelace');
    assert.equal(st.body.bio, 'Analytical engines.\nPoetical science.');
    const me = await a.get('/api/v1/users/me');
    assert.deepEqual(me.body, st.body);
    // An empty bio is allowed; an empty object changes nothing.
    const cleared = await a.patch('/api/v1/users/me', { bio: '' });
    assert.equal(cleared.body.bio, '');
    const same = await a.patch('/api/v1/users/me', {});
    assert.equal(same.status, 200);
    assert.deepEqual(same.body, cleared.body);
  });

  test('PATCH /users/me limits: 32-character names and 190-character bios, in characters', async () => {
    const a = await newUser();
    const name32 = '🚀'.repeat(32);
    const ok = await a.patch('/api/v1/users/me', { display_name: name32, bio: 'é'.repeat(190) });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.display_name, name32);
    assert.equal(ok.body.bio, 'é'.repeat(190));
    for (const [body, field] of [
      [{ display_name: '' }, 'display_name'],
      [{ display_name: '   ' }, 'display_name'],
      [{ display_name: 'x'.repeat(33) }, 'display_name'],
      [{ display_name: 'two\nlines' }, 'display_name'],
      [{ display_name: 42 }, 'display_name'],
      [{ bio: 'x'.repeat(191) }, 'bio'],
      [{ bio: 'bell\u0007' }, 'bio'],
      [{ bio: ['list'] }, 'bio'],
      [{ status: 'offline' }, 'status'],
      [{ status: 'ONLINE' }, 'status'],
      [{ status: true }, 'status'],
    ]) {
      assertError(await a.patch('/api/v1/users/me', body), 422, 'invalid_field', field);
    }
    // Nothing of the refused changes was kept.
    const me = await a.get('/api/v1/users/me');
    assert.equal(me.body.display_name, name32);
    assert.equal(me.body.status, 'online');
  });

  test('PATCH /users/me refuses malformed bodies', async () => {
    const a = await newUser();
    assertError(await a.patch('/api/v1/users/me', '{"bio":'), 400, 'invalid_json');
    assertError(await a.patch('/api/v1/users/me', '[1]'), 400, 'invalid_json');
    assertError(
      await a.patch('/api/v1/users/me', 'bio=x', { headers: { 'Content-Type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    );
  });

  test('a cookie-authenticated change from another origin is refused', async () => {
    const a = await newUser();
    const res = await a.patch(
      '/api/v1/users/me',
      { bio: 'hi' },
      { headers: { Origin: 'https://evil.test' } },
    );
    assertError(res, 403, 'csrf');
  });
});

// ---- avatars --------------------------------------------------------------------------------

describe('avatars', () => {
  test('each picture type is stored under a random name and served with its sniffed type', async () => {
    const a = await newUser();
    let previous = null;
    for (const ext of ['png', 'jpg', 'gif', 'webp']) {
      // The declared type is ignored: only the content counts.
      const res = await putAvatar(a, IMAGES[ext], 'image/png');
      assert.equal(res.status, 200, res.text);
      const m = AVATAR_URL.exec(res.body.avatar_url);
      assert.ok(m, `avatar_url ${res.body.avatar_url}`);
      assert.equal(m[2], ext);
      assert.equal(res.body.id, a.user.id);
      assert.equal(res.body.email, a.user.email);
      const me = await a.get('/api/v1/users/me');
      assert.equal(me.body.avatar_url, res.body.avatar_url);

      const anon = new ApiClient(server);
      const img = await anon.get(res.body.avatar_url);
      assert.equal(img.status, 200);
      assert.equal(img.headers.get('content-type'), MIME[ext]);
      assert.equal(img.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(img.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      const bytes = Buffer.from(
        await (await fetch(server.url + res.body.avatar_url)).arrayBuffer(),
      );
      assert.deepEqual(bytes, IMAGES[ext]);

      // The previous file is gone once the answer arrives, and so is its URL.
      const file = `${m[1]}.${m[2]}`;
      assert.ok(avatarFiles().includes(file));
      if (previous) {
        assert.equal(avatarFiles().includes(previous.file), false);
        assertError(await anon.get(previous.url), 404, 'not_found');
      }
      previous = { file, url: res.body.avatar_url };
    }
  });

  test('DELETE /users/me/avatar clears the avatar and deletes the file', async () => {
    const a = await newUser();
    const put = await putAvatar(a, IMAGES.png);
    assert.equal(put.status, 200, put.text);
    const file = put.body.avatar_url.split('/').pop();
    assert.ok(avatarFiles().includes(file));
    const del = await a.delete('/api/v1/users/me/avatar');
    assert.equal(del.status, 200, del.text);
    assert.equal(del.body.avatar_url, null);
    assert.equal(del.body.id, a.user.id);
    assert.equal(avatarFiles().includes(file), false);
    assertError(await a.get(put.body.avatar_url), 404, 'not_found');
    // Without an avatar it is still 200 with the user.
    const again = await a.delete('/api/v1/users/me/avatar');
    assert.equal(again.status, 200);
    assert.equal(again.body.avatar_url, null);
  });

  test("deleting the account deletes the avatar's file too", async () => {
    const a = await newUser();
    const put = await putAvatar(a, IMAGES.png);
    assert.equal(put.status, 200, put.text);
    const file = put.body.avatar_url.split('/').pop();
    const other = await newUser();
    const del = await a.delete('/api/v1/users/me', { password: a.user.password });
    assert.equal(del.status, 204, del.text);
    await waitUntil(() => !avatarFiles().includes(file), { message: `${file} to be deleted` });
    assertError(await other.get(put.body.avatar_url), 404, 'not_found');
  });

  test('a file that is not a picture is refused whatever it claims to be', async () => {
    const a = await newUser();
    const before = avatarFiles();
    const html = Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>');
    assertError(await putAvatar(a, html, 'image/png'), 415, 'unsupported_image');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    assertError(await putAvatar(a, svg, 'image/svg+xml'), 415, 'unsupported_image');
    // A PNG signature in front of text, a truncated PNG, and nothing at all.
    const fake = Buffer.concat([IMAGES.png.subarray(0, 8), Buffer.from('<html>'.repeat(10))]);
    assertError(await putAvatar(a, fake, 'image/png'), 415, 'unsupported_image');
    assertError(
      await putAvatar(a, IMAGES.png.subarray(0, 50), 'image/png'),
      415,
      'unsupported_image',
    );
    assertError(await putAvatar(a, Buffer.alloc(0), 'image/png'), 415, 'unsupported_image');
    assert.deepEqual(avatarFiles(), before);
    assert.equal((await a.get('/api/v1/users/me')).body.avatar_url, null);
  });

  test('an avatar above OPENCHAT_AVATAR_MAX is refused; one at the limit is taken', async () => {
    const a = await newUser();
    const at = Buffer.concat([IMAGES.png, Buffer.alloc(AVATAR_MAX - IMAGES.png.length)]);
    const over = Buffer.concat([at, Buffer.alloc(1)]);
    const before = avatarFiles();
    assertError(await putAvatar(a, over, 'image/png'), 413, 'avatar_too_large');
    assert.deepEqual(avatarFiles(), before);
    const ok = await putAvatar(a, at, 'image/png');
    assert.equal(ok.status, 200, ok.text);
    const img = await fetch(server.url + ok.body.avatar_url);
    assert.equal(Buffer.from(await img.arrayBuffer()).length, AVATAR_MAX);
  });

  test('uploading and removing need a session', async () => {
    const anon = new ApiClient(server);
    assertError(await putAvatar(anon, IMAGES.png), 401, 'unauthenticated');
    assertError(await anon.delete('/api/v1/users/me/avatar'), 401, 'unauthenticated');
  });

  test('GET /avatars serves only stored picture names', async () => {
    const anon = new ApiClient(server);
    for (const name of [
      '0123456789abcdef0123456789abcdef.png', // well-formed but not there
      '0123456789ABCDEF0123456789abcdef.png',
      '0123456789abcdef0123456789abcdef.svg',
      '0123456789abcdef0123456789abcdef.html',
      '0123456789abcdef0123456789abcdef',
      'openchat.db',
      '..%2fopenchat.db',
      '%2e%2e',
      'x.png',
    ]) {
      assertError(await anon.get(`/api/v1/avatars/${name}`), 404, 'not_found');
    }
  });
});

// ---- GET /users/:id -------------------------------------------------------------------------

describe('public profiles', () => {
  test('strangers see the public fields only; friends also see presence', async () => {
    const a = await verifiedUser();
    const b = await newUser();
    const stranger = await newUser();
    await b.patch('/api/v1/users/me', { bio: 'hello', status: 'idle' });
    const bSelf = (await b.get('/api/v1/users/me')).body;

    const seen = await stranger.get(`/api/v1/users/${b.user.id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual(seen.body, publicView(bSelf));
    assert.equal(seen.text.includes(b.user.email), false);

    await befriend(a, b);
    // Presence comes from b's sockets: with none connected, b is offline whatever b chose
    // (tests/integration/chat/presence.test.mjs covers the connected case).
    const friendView = await a.get(`/api/v1/users/${b.user.id}`);
    assert.deepEqual(friendView.body, { ...publicView(bSelf), status: 'offline', last_seen: null });

    // Invisible looks offline, even to friends.
    await b.patch('/api/v1/users/me', { status: 'invisible' });
    const hidden = await a.get(`/api/v1/users/${b.user.id}`);
    assert.equal(hidden.body.status, 'offline');
    assert.equal(hidden.body.last_seen, null);
    assert.deepEqual((await stranger.get(`/api/v1/users/${b.user.id}`)).body, publicView(bSelf));
  });

  test('unknown, malformed and deleted ids are 404 user_not_found; no session is 401', async () => {
    const a = await newUser();
    const gone = await newUser();
    for (const id of ['123', 'abc', '0', '-5', '99999999999999999999']) {
      assertError(await a.get(`/api/v1/users/${id}`), 404, 'user_not_found');
    }
    assert.equal((await a.get(`/api/v1/users/${gone.user.id}`)).status, 200);
    const del = await gone.delete('/api/v1/users/me', { password: gone.user.password });
    assert.equal(del.status, 204, del.text);
    assertError(await a.get(`/api/v1/users/${gone.user.id}`), 404, 'user_not_found');
    assertError(
      await new ApiClient(server).get(`/api/v1/users/${a.user.id}`),
      401,
      'unauthenticated',
    );
  });
});

// ---- GET /users?search= ---------------------------------------------------------------------

describe('search', () => {
  test('finds users by username prefix, case-insensitively, never the caller or e-mail', async () => {
    const tag = `s${Math.floor(Math.random() * 1e6)}`;
    const me = await newUser({ username: `${tag}_me` });
    const x1 = await newUser({ username: `${tag}_alpha` });
    const x2 = await newUser({ username: `${tag}_beta` });
    const x3 = await newUser({ username: `${tag}xgamma` });
    await newUser({ username: `z${tag}_late` }); // contains the tag but does not start with it

    const res = await me.get(`/api/v1/users?search=${tag.toUpperCase()}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.users.map((u) => u.username),
      [`${tag}_alpha`, `${tag}_beta`, `${tag}xgamma`],
    );
    assert.deepEqual(res.body.users[0], publicView(x1.user));
    for (const c of [me, x1, x2, x3]) assert.equal(res.text.includes(c.user.email), false);
    assert.equal(res.text.includes('"email'), false);

    // '_' is a character of the prefix, not a LIKE wildcard; '%' matches nothing.
    const underscore = await me.get(`/api/v1/users?search=${tag}_`);
    assert.deepEqual(
      underscore.body.users.map((u) => u.username),
      [`${tag}_alpha`, `${tag}_beta`],
    );
    const percent = await me.get(`/api/v1/users?search=${encodeURIComponent(`${tag}%`)}`);
    assert.deepEqual(percent.body, { users: [] });
    const limited = await me.get(`/api/v1/users?search=${tag}&limit=2`);
    assert.deepEqual(
      limited.body.users.map((u) => u.username),
      [`${tag}_alpha`, `${tag}_beta`],
    );
  });

  test('friends in the results carry presence; deleted users are not found', async () => {
    const tag = `f${Math.floor(Math.random() * 1e6)}`;
    const me = await verifiedUser({ username: `${tag}_me` });
    const friend = await newUser({ username: `${tag}_friend` });
    const gone = await newUser({ username: `${tag}_gone` });
    await befriend(me, friend);
    const del = await gone.delete('/api/v1/users/me', { password: gone.user.password });
    assert.equal(del.status, 204, del.text);
    const res = await me.get(`/api/v1/users?search=${tag}`);
    assert.deepEqual(res.body.users, [
      { ...publicView(friend.user), status: 'offline', last_seen: null },
    ]);
  });

  test('search and limit are checked', async () => {
    const a = await newUser();
    assertError(await a.get('/api/v1/users'), 422, 'invalid_field', 'search');
    assertError(await a.get('/api/v1/users?search='), 422, 'invalid_field', 'search');
    assertError(await a.get('/api/v1/users?search=%20%20'), 422, 'invalid_field', 'search');
    assertError(
      await a.get(`/api/v1/users?search=${'a'.repeat(33)}`),
      422,
      'invalid_field',
      'search',
    );
    assertError(await a.get('/api/v1/users?search=%zz'), 422, 'invalid_field', 'search');
    for (const limit of ['0', '51', 'abc', '-1', '1.5', '', '20x']) {
      assertError(
        await a.get(`/api/v1/users?search=user&limit=${limit}`),
        422,
        'invalid_field',
        'limit',
      );
    }
    // 20 results unless asked otherwise, at most 50.
    const tag = `l${Math.floor(Math.random() * 1e6)}`;
    const names = Array.from({ length: 52 }, (_, i) => `${tag}_${String(i).padStart(2, '0')}`);
    await Promise.all(names.map((username) => newUser({ username })));
    const byDefault = await a.get(`/api/v1/users?search=${tag}`);
    assert.deepEqual(
      byDefault.body.users.map((u) => u.username),
      names.slice(0, 20),
    );
    const most = await a.get(`/api/v1/users?search=${tag}&limit=50`);
    assert.deepEqual(
      most.body.users.map((u) => u.username),
      names.slice(0, 50),
    );
    assertError(
      await new ApiClient(server).get('/api/v1/users?search=user'),
      401,
      'unauthenticated',
    );
  });
});
