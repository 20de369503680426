// Accounts over the wire, part 1: registration, login and logout, the session list and
// revocation, on the real binary with the backend of the run (OPENCHAT_TEST_DB). Also the
// dispatcher's rules as they show on these routes: the session cookie's attributes, Bearer
// tokens, CSRF. Part 2 (accounts_lifecycle.test.mjs): password change, account deletion, rate
// limits, re-hashing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenchat } from '../lib/server.mjs';
import { ApiClient, assertError } from '../lib/api.mjs';

const PASSWORD = 'correct horse battery staple';
const COOKIE_RE =
  /^oc_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/;
const CLEARED = 'oc_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax';
// Lots of registrations and logins come from 127.0.0.1 here; the limits get their own server.
const GENEROUS = { OPENCHAT_RATE_LIMITS: 'login=1000/60,register=1000/60' };

let seq = 0;
function fresh(prefix = 'acct') {
  const n = `${process.pid % 10000}x${++seq}`;
  return { username: `${prefix}${n}`, email: `${prefix}${n}@example.test`, password: PASSWORD };
}

/** A client logged in as the same user on another "device". */
async function device(server, user, headers = {}) {
  const c = new ApiClient(server);
  const res = await c.request(
    'POST',
    '/api/v1/auth/login',
    { login: user.username, password: user.password },
    { headers },
  );
  assert.equal(res.status, 200, res.text);
  c.user = res.body.user;
  return c;
}

/** Whether the client's session works (200) or is refused (401). */
async function sessionStatus(client) {
  return (await client.get('/api/v1/auth/sessions')).status;
}

describe('accounts', () => {
  let server;
  before(async () => {
    server = await startOpenchat({ env: GENEROUS });
  });
  after(async () => {
    await server?.stop();
  });

  describe('POST /auth/register', () => {
    test('creates the user, answers with it and a token, and sets the session cookie', async () => {
      const c = new ApiClient(server);
      const f = fresh('Reg');
      const res = await c.post('/api/v1/auth/register', {
        username: f.username.toUpperCase(),
        email: f.email.toUpperCase(),
        password: PASSWORD,
      });
      assert.equal(res.status, 201, res.text);
      const u = res.body.user;
      assert.match(u.id, /^[1-9][0-9]*$/);
      assert.equal(typeof u.created_at, 'number');
      assert.ok(Math.abs(u.created_at - Date.now()) < 60000);
      assert.deepEqual(res.body, {
        user: {
          id: u.id,
          username: f.username.toLowerCase(),
          display_name: f.username.toLowerCase(),
          avatar_url: null,
          bio: '',
          created_at: u.created_at,
          email: f.email.toLowerCase(),
          email_verified: false,
          status: 'online',
        },
        token: res.body.token,
      });
      assert.match(
        res.body.token,
        /^eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/,
      );
      const cookies = res.headers.getSetCookie();
      assert.equal(cookies.length, 1);
      assert.match(cookies[0], COOKIE_RE);
      // The cookie is a working session: the client is logged in.
      const me = await c.get('/api/v1/users/me');
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.id, u.id);
    });

    test('takes a display name, trimmed', async () => {
      const c = new ApiClient(server);
      const res = await c.post('/api/v1/auth/register', { ...fresh(), display_name: '  Zoë Ö  ' });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.user.display_name, 'Zoë Ö');
    });

    test('refuses bad, oversized and missing fields, naming the field', async () => {
      const c = new ApiClient(server);
      const ok = fresh();
      const cases = [
        [{ ...ok, username: undefined }, 'username'],
        [{ ...ok, username: 'ab' }, 'username'],
        [{ ...ok, username: 'a'.repeat(33) }, 'username'],
        [{ ...ok, username: 'al ice' }, 'username'],
        [{ ...ok, username: 'alice!' }, 'username'],
        [{ ...ok, username: 'ålice' }, 'username'],
        [{ ...ok, username: 12345 }, 'username'],
        [{ ...ok, username: 'deleted_123' }, 'username'],
        [{ ...ok, email: undefined }, 'email'],
        [{ ...ok, email: 'nobody' }, 'email'],
        [{ ...ok, email: 'a@localhost' }, 'email'],
        [{ ...ok, email: 'a@@example.test' }, 'email'],
        [{ ...ok, email: 'a b@example.test' }, 'email'],
        [{ ...ok, email: '.a@example.test' }, 'email'],
        [{ ...ok, email: 'a@-example.test' }, 'email'],
        [{ ...ok, email: 'a@example.c' }, 'email'],
        [{ ...ok, email: '1@deleted.invalid' }, 'email'],
        [
          {
            ...ok,
            email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.test`,
          },
          'email',
        ],
        [{ ...ok, email: ['a@example.test'] }, 'email'],
        [{ ...ok, password: undefined }, 'password'],
        [{ ...ok, password: '' }, 'password'],
        [{ ...ok, password: 'Kx9#mQ2' }, 'password'],
        [{ ...ok, password: 'é'.repeat(7) }, 'password'],
        [{ ...ok, password: 'k'.repeat(129) }, 'password'],
        [{ ...ok, password: 1234567890 }, 'password'],
        [{ ...ok, display_name: '' }, 'display_name'],
        [{ ...ok, display_name: 'x'.repeat(33) }, 'display_name'],
        [{ ...ok, display_name: 'bell\u0007' }, 'display_name'],
      ];
      for (const [body, field] of cases) {
        const res = await c.post('/api/v1/auth/register', body);
        assertError(res, 422, 'invalid_field', field);
      }
      // None of them made an account: the name and address are still free.
      const res = await c.post('/api/v1/auth/register', ok);
      assert.equal(res.status, 201, res.text);
    });

    test('length limits count characters, not bytes', async () => {
      const c = new ApiClient(server);
      const f = fresh();
      // 32 two-byte characters is a valid display name; 8 two-byte characters a valid password.
      const res = await c.post('/api/v1/auth/register', {
        ...f,
        password: 'é'.repeat(8),
        display_name: 'é'.repeat(32),
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.user.display_name, 'é'.repeat(32));
      const login = await new ApiClient(server).login(f.username, 'é'.repeat(8));
      assert.equal(login.status, 200, login.text);
    });

    test('refuses common passwords in any case', async () => {
      const c = new ApiClient(server);
      for (const password of ['password', 'iloveyou', 'QWERTYUIOP', 'Sunshine', '12345678']) {
        const res = await c.post('/api/v1/auth/register', { ...fresh(), password });
        assertError(res, 422, 'invalid_field', 'password');
        assert.match(res.body.error.message, /commonly used/);
      }
    });

    test('refuses malformed JSON and other content types', async () => {
      const c = new ApiClient(server);
      assertError(await c.post('/api/v1/auth/register', '{"username": "x",'), 400, 'invalid_json');
      assertError(
        await c.post('/api/v1/auth/register', '["not", "an", "object"]'),
        400,
        'invalid_json',
      );
      const res = await c.post('/api/v1/auth/register', JSON.stringify(fresh()), {
        headers: { 'Content-Type': 'text/plain' },
      });
      assertError(res, 415, 'unsupported_media_type');
    });

    test('a username is unique in any case, an e-mail address too', async () => {
      const a = new ApiClient(server);
      const f = fresh('Dup');
      await a.register({ ...f, username: f.username.toLowerCase() });
      const b = new ApiClient(server);
      const sameName = await b.post('/api/v1/auth/register', {
        ...fresh(),
        username: f.username.toUpperCase(),
      });
      assertError(sameName, 409, 'username_taken', 'username');
      const sameEmail = await b.post('/api/v1/auth/register', {
        ...fresh(),
        email: f.email.toUpperCase(),
      });
      assertError(sameEmail, 409, 'email_taken', 'email');
      assert.equal(b.cookie, undefined);
    });
  });

  describe('POST /auth/login', () => {
    test('by username or e-mail address in any case, with a token and a cookie', async () => {
      const f = fresh('Login');
      const reg = await new ApiClient(server).register(f);
      for (const login of [f.username, f.username.toUpperCase(), f.email, f.email.toUpperCase()]) {
        const c = new ApiClient(server);
        const res = await c.login(login, PASSWORD);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(Object.keys(res.body).sort(), ['token', 'user']);
        assert.equal(res.body.user.id, reg.id);
        assert.equal(res.body.user.email, f.email.toLowerCase());
        const cookies = res.headers.getSetCookie();
        assert.equal(cookies.length, 1);
        assert.match(cookies[0], COOKIE_RE);
        assert.equal(await sessionStatus(c), 200);
      }
    });

    test('a wrong password and an unknown user get the same answer', async () => {
      const f = fresh();
      await new ApiClient(server).register(f);
      const c = new ApiClient(server);
      const wrong = await c.login(f.username, 'not the password');
      const unknown = await c.login(`no${f.username}`, PASSWORD);
      assertError(wrong, 401, 'invalid_credentials');
      assertError(unknown, 401, 'invalid_credentials');
      assert.equal(wrong.text, unknown.text);
      assert.equal(wrong.headers.getSetCookie().length, 0);
      assert.equal(c.cookie, undefined);
    });

    test('refuses missing and malformed fields', async () => {
      const c = new ApiClient(server);
      assertError(
        await c.post('/api/v1/auth/login', { password: PASSWORD }),
        422,
        'invalid_field',
        'login',
      );
      assertError(
        await c.post('/api/v1/auth/login', { login: '', password: PASSWORD }),
        422,
        'invalid_field',
        'login',
      );
      assertError(
        await c.post('/api/v1/auth/login', { login: 'someone' }),
        422,
        'invalid_field',
        'password',
      );
      assertError(
        await c.post('/api/v1/auth/login', { login: 'someone', password: 5 }),
        422,
        'invalid_field',
        'password',
      );
      assertError(
        await c.post('/api/v1/auth/login', { login: 'someone', password: 'x'.repeat(129) }),
        422,
        'invalid_field',
        'password',
      );
      assertError(await c.post('/api/v1/auth/login', 'login=someone'), 400, 'invalid_json');
      assertError(
        await c.post('/api/v1/auth/login', '{}', {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        }),
        415,
        'unsupported_media_type',
      );
    });

    test('the password is taken as typed: no trimming', async () => {
      const f = { ...fresh(), password: '  spaced out password  ' };
      await new ApiClient(server).register(f);
      assert.equal((await new ApiClient(server).login(f.username, f.password)).status, 200);
      assertError(
        await new ApiClient(server).login(f.username, f.password.trim()),
        401,
        'invalid_credentials',
      );
    });
  });

  describe('sessions', () => {
    test('logout revokes the session and clears the cookie; the old cookie is refused', async () => {
      const c = new ApiClient(server);
      await c.register(fresh());
      const old = c.cookie;
      const res = await c.post('/api/v1/auth/logout');
      assert.equal(res.status, 204);
      assert.deepEqual(res.headers.getSetCookie(), [CLEARED]);
      assert.equal(c.cookie, undefined);
      const replay = new ApiClient(server);
      replay.cookies.set('oc_session', old);
      assertError(await replay.get('/api/v1/auth/sessions'), 401, 'unauthenticated');
      assertError(await replay.post('/api/v1/auth/logout'), 401, 'unauthenticated');
      assertError(await c.post('/api/v1/auth/logout'), 401, 'unauthenticated');
    });

    test('lists live sessions newest first, with the current one marked', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      const b = await device(server, user, { 'User-Agent': 'DeviceB/1.0 (test)' });
      const gone = await device(server, user);
      assert.equal((await gone.post('/api/v1/auth/logout')).status, 204);
      const res = await a.get('/api/v1/auth/sessions', { headers: { 'User-Agent': 'ignored' } });
      assert.equal(res.status, 200, res.text);
      const s = res.body.sessions;
      assert.equal(s.length, 2);
      assert.deepEqual(Object.keys(s[0]).sort(), [
        'created_at',
        'current',
        'id',
        'ip',
        'last_used_at',
        'user_agent',
      ]);
      assert.ok(BigInt(s[0].id) > BigInt(s[1].id));
      assert.deepEqual(
        s.map((x) => [x.user_agent, x.ip, x.current]),
        [
          ['DeviceB/1.0 (test)', '127.0.0.1', false],
          ['node', '127.0.0.1', true],
        ],
      );
      for (const x of s) {
        assert.equal(typeof x.created_at, 'number');
        assert.ok(x.last_used_at >= x.created_at);
      }
      // B sees the same two, with its own marked.
      const fromB = await b.get('/api/v1/auth/sessions');
      assert.deepEqual(
        fromB.body.sessions.map((x) => [x.id, x.current]),
        [
          [s[0].id, true],
          [s[1].id, false],
        ],
      );
      // Somebody else sees only their own.
      const other = new ApiClient(server);
      await other.register(fresh());
      const theirs = await other.get('/api/v1/auth/sessions');
      assert.equal(theirs.body.sessions.length, 1);
      assert.equal(theirs.body.sessions[0].current, true);
      assertError(await new ApiClient(server).get('/api/v1/auth/sessions'), 401, 'unauthenticated');
    });

    test('revoking another device stops it at once', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      const b = await device(server, user);
      assert.equal(await sessionStatus(b), 200); // B's session is now in the server's cache
      const list = await a.get('/api/v1/auth/sessions');
      const bId = list.body.sessions.find((x) => !x.current).id;
      const res = await a.delete(`/api/v1/auth/sessions/${bId}`);
      assert.equal(res.status, 204);
      assert.deepEqual(res.headers.getSetCookie(), []);
      assertError(await b.get('/api/v1/auth/sessions'), 401, 'unauthenticated');
      assert.equal(await sessionStatus(a), 200);
      // Again: it is already revoked.
      assertError(await a.delete(`/api/v1/auth/sessions/${bId}`), 404, 'session_not_found');
    });

    test('nobody can revoke a session that is not theirs', async () => {
      const a = new ApiClient(server);
      await a.register(fresh());
      const victim = new ApiClient(server);
      await victim.register(fresh());
      const vid = (await victim.get('/api/v1/auth/sessions')).body.sessions[0].id;
      assertError(await a.delete(`/api/v1/auth/sessions/${vid}`), 404, 'session_not_found');
      assertError(await a.delete('/api/v1/auth/sessions/not-an-id'), 404, 'session_not_found');
      assertError(await a.delete('/api/v1/auth/sessions/0'), 404, 'session_not_found');
      assertError(
        await new ApiClient(server).delete(`/api/v1/auth/sessions/${vid}`),
        401,
        'unauthenticated',
      );
      assert.equal(await sessionStatus(victim), 200);
    });

    test('revoking the current session by id logs out and clears the cookie', async () => {
      const a = new ApiClient(server);
      await a.register(fresh());
      const id = (await a.get('/api/v1/auth/sessions')).body.sessions[0].id;
      const res = await a.delete(`/api/v1/auth/sessions/${id}`);
      assert.equal(res.status, 204);
      assert.deepEqual(res.headers.getSetCookie(), [CLEARED]);
      assert.equal(await sessionStatus(a), 401);
    });

    test('revoke-others keeps only the current session', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      const b = await device(server, user);
      const c = await device(server, user);
      assert.equal(await sessionStatus(c), 200);
      const res = await b.post('/api/v1/auth/sessions/revoke-others');
      assert.equal(res.status, 204);
      assert.deepEqual(res.headers.getSetCookie(), []);
      assert.equal(await sessionStatus(a), 401);
      assert.equal(await sessionStatus(c), 401);
      const left = await b.get('/api/v1/auth/sessions');
      assert.equal(left.status, 200);
      assert.deepEqual(
        left.body.sessions.map((x) => x.current),
        [true],
      );
      assertError(
        await new ApiClient(server).post('/api/v1/auth/sessions/revoke-others'),
        401,
        'unauthenticated',
      );
    });

    test('logout-everywhere ends every session and clears the cookie', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      const b = await device(server, user);
      assert.equal(await sessionStatus(b), 200);
      const res = await a.post('/api/v1/auth/logout-everywhere');
      assert.equal(res.status, 204);
      assert.deepEqual(res.headers.getSetCookie(), [CLEARED]);
      assert.equal(await sessionStatus(b), 401);
      assert.equal(a.cookie, undefined);
      assertError(
        await new ApiClient(server).post('/api/v1/auth/logout-everywhere'),
        401,
        'unauthenticated',
      );
      // The account itself is fine.
      assert.equal((await new ApiClient(server).login(user.username, PASSWORD)).status, 200);
    });
  });

  describe('tokens and CSRF', () => {
    test('the token from the login body works as a Bearer token, without CSRF rules', async () => {
      const f = fresh();
      await new ApiClient(server).register(f);
      const login = await new ApiClient(server).login(f.username, PASSWORD);
      // A client with no cookie, calling from a foreign origin: the token alone authenticates.
      const bearer = new ApiClient(server, { origin: 'http://evil.example' });
      bearer.token = login.body.token;
      const me = await bearer.get('/api/v1/users/me');
      assert.equal(me.status, 200, me.text);
      assert.equal(me.body.username, f.username.toLowerCase());
      const list = await bearer.get('/api/v1/auth/sessions');
      assert.deepEqual(
        list.body.sessions.map((x) => x.current),
        [true, false],
      );
      const out = await bearer.post('/api/v1/auth/logout');
      assert.equal(out.status, 204);
      assertError(await bearer.get('/api/v1/auth/sessions'), 401, 'unauthenticated');
      const garbage = new ApiClient(server);
      garbage.token = 'not.a.token';
      assertError(await garbage.get('/api/v1/auth/sessions'), 401, 'unauthenticated');
    });

    test('a cookie-authenticated change from a foreign origin is refused', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      const b = await device(server, user);
      const evil = new ApiClient(server, { origin: 'http://evil.example' });
      evil.cookies.set('oc_session', a.cookie);
      assertError(await evil.post('/api/v1/auth/sessions/revoke-others'), 403, 'csrf');
      assertError(await evil.post('/api/v1/auth/logout'), 403, 'csrf');
      assertError(await evil.delete('/api/v1/users/me', { password: PASSWORD }), 403, 'csrf');
      const noOrigin = new ApiClient(server, { origin: null });
      noOrigin.cookies.set('oc_session', a.cookie);
      assertError(await noOrigin.post('/api/v1/auth/sessions/revoke-others'), 403, 'csrf');
      assert.equal(await sessionStatus(b), 200);
      // Reading is no change: allowed.
      assert.equal((await evil.get('/api/v1/auth/sessions')).status, 200);
      // The same from the server's own origin works.
      const own = new ApiClient(server);
      own.cookies.set('oc_session', a.cookie);
      assert.equal((await own.post('/api/v1/auth/sessions/revoke-others')).status, 204);
      assert.equal(await sessionStatus(b), 401);
    });
  });
});

describe('accounts on a server with an https public URL', () => {
  let server;
  before(async () => {
    server = await startOpenchat({ args: ['--public-url', 'https://chat.example'], env: GENEROUS });
  });
  after(async () => {
    await server?.stop();
  });

  test('the session cookie is Secure', async () => {
    const c = new ApiClient(server);
    const res = await c.post('/api/v1/auth/register', fresh());
    assert.equal(res.status, 201, res.text);
    const [cookie] = res.headers.getSetCookie();
    assert.match(
      cookie,
      /^oc_session=[A-Za-z0-9_.-]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure$/,
    );
    const bearer = new ApiClient(server);
    bearer.token = res.body.token;
    const out = await bearer.post('/api/v1/auth/logout');
    assert.equal(out.status, 204);
    assert.deepEqual(out.headers.getSetCookie(), [`${CLEARED}; Secure`]);
  });
});
