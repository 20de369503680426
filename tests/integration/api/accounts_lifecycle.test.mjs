// Accounts over the wire, part 2: password change, account deletion, rate limits and
// re-hashing, on the real binary with the backend of the run (OPENCHAT_TEST_DB). A few checks
// read or set up the database itself (what deletion scrubs, rows of other areas, that a
// re-hash was stored): see db() below. Part 1 is accounts.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { startOpenchat, TEST_BACKEND } from '../lib/server.mjs';
import { ApiClient, assertError } from '../lib/api.mjs';

const PASSWORD = 'correct horse battery staple';
const CLEARED = 'oc_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax';
// Lots of registrations and logins come from 127.0.0.1 here; the limits get their own server.
const GENEROUS = { OPENCHAT_RATE_LIMITS: 'login=1000/60,register=1000/60' };

let seq = 0;
function fresh(prefix = 'acct') {
  const n = `${process.pid % 10000}x${++seq}`;
  return { username: `${prefix}${n}`, email: `${prefix}${n}@example.test`, password: PASSWORD };
}

/** Runs SQL against a server's database; rows as arrays of strings (null for NULL). */
function db(server, sql) {
  let res;
  if (TEST_BACKEND === 'postgres') {
    res = spawnSync(
      'psql',
      [
        server.env.DATABASE_URL,
        '-qAtX',
        '-F',
        '\x1f',
        '-P',
        'null=\\N',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        sql,
      ],
      { encoding: 'utf8' },
    );
  } else {
    const py =
      'import sqlite3, sys, json\n' +
      'c = sqlite3.connect(sys.argv[1], timeout=10)\n' +
      'rows = c.execute(sys.argv[2]).fetchall()\n' +
      'c.commit()\n' +
      'print(json.dumps([[None if v is None else str(v) for v in r] for r in rows]))\n';
    res = spawnSync('python3', ['-c', py, path.join(server.dataDir, 'openchat.db'), sql], {
      encoding: 'utf8',
    });
  }
  assert.equal(res.status, 0, `query failed: ${sql}\n${res.stderr}`);
  if (TEST_BACKEND !== 'postgres') return JSON.parse(res.stdout);
  return res.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\x1f').map((v) => (v === '\\N' ? null : v)));
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

/** A JSON POST from a given local address (127.0.0.x), for per-IP limits. */
function postFrom(server, localAddress, route, body) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: route,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, text, body: JSON.parse(text) }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const loginFrom = (server, ip, body) => postFrom(server, ip, '/api/v1/auth/login', body);

// Rows the tests put straight into the database get ids far above any the server makes.
const CHAT_ID = ['9100000000000000001', '9100000000000000002'];
const ROW_ID = '9100000000000000003';

describe('accounts: password change and deletion', () => {
  let server;
  before(async () => {
    server = await startOpenchat({ env: GENEROUS });
  });
  after(async () => {
    await server?.stop();
  });

  describe('POST /auth/password', () => {
    test('changes the password and revokes the other sessions', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      const b = await device(server, user);
      assert.equal(await sessionStatus(b), 200);
      const res = await a.post('/api/v1/auth/password', {
        current_password: PASSWORD,
        new_password: 'a brand new passphrase',
      });
      assert.equal(res.status, 204, res.text);
      assert.equal(await sessionStatus(a), 200);
      assert.equal(await sessionStatus(b), 401);
      assertError(
        await new ApiClient(server).login(user.username, PASSWORD),
        401,
        'invalid_credentials',
      );
      assert.equal(
        (await new ApiClient(server).login(user.username, 'a brand new passphrase')).status,
        200,
      );
    });

    test('refuses a wrong current password, and weak or missing fields', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      const wrong = await a.post('/api/v1/auth/password', {
        current_password: 'not my password',
        new_password: 'a brand new passphrase',
      });
      assertError(wrong, 403, 'wrong_password');
      assertError(
        await a.post('/api/v1/auth/password', { new_password: 'a brand new passphrase' }),
        422,
        'invalid_field',
        'current_password',
      );
      for (const new_password of [undefined, '', 'short', 'password1', 'x'.repeat(129), 7]) {
        const res = await a.post('/api/v1/auth/password', {
          current_password: PASSWORD,
          new_password,
        });
        assertError(res, 422, 'invalid_field', 'new_password');
      }
      assertError(await a.post('/api/v1/auth/password', '{'), 400, 'invalid_json');
      assertError(
        await new ApiClient(server).post('/api/v1/auth/password', {
          current_password: PASSWORD,
          new_password: 'whatever it is 1',
        }),
        401,
        'unauthenticated',
      );
      // Still the old password.
      assert.equal((await new ApiClient(server).login(user.username, PASSWORD)).status, 200);
    });

    test('a user who signs in with a provider only may set a first password', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      // Such a user has no credentials row.
      db(server, `DELETE FROM credentials WHERE user_id = ${user.id}`);
      assertError(
        await new ApiClient(server).login(user.username, PASSWORD),
        401,
        'invalid_credentials',
      );
      const res = await a.post('/api/v1/auth/password', { new_password: 'my very first password' });
      assert.equal(res.status, 204, res.text);
      assert.equal(
        (await new ApiClient(server).login(user.username, 'my very first password')).status,
        200,
      );
    });
  });

  describe('DELETE /users/me', () => {
    test('deletes the account: scrubbed, logged out everywhere, name free again', async () => {
      const a = new ApiClient(server);
      const f = fresh('Gone');
      const user = await a.register(f);
      const b = await device(server, user);
      assert.equal(await sessionStatus(b), 200);
      const friend = new ApiClient(server);
      const fr = await friend.register(fresh());
      // What goes with the account (set up in the database: other areas own those routes).
      const [lo, hi] = BigInt(user.id) < BigInt(fr.id) ? [user.id, fr.id] : [fr.id, user.id];
      const now = Date.now();
      const [chat, msg] = [CHAT_ID[0], ROW_ID];
      db(
        server,
        `INSERT INTO friendships (user_low, user_high, created_at) VALUES (${lo}, ${hi}, ${now})`,
      );
      db(
        server,
        `INSERT INTO blocks (blocker, blocked, created_at) VALUES (${fr.id}, ${user.id}, ${now})`,
      );
      db(
        server,
        `INSERT INTO friend_requests (id, from_user, to_user, created_at) VALUES (${msg}, ${user.id}, ${fr.id}, ${now})`,
      );
      db(
        server,
        `INSERT INTO chats (id, type, name, owner_id, created_at) VALUES (${chat}, 'zone', 'Z', ${fr.id}, ${now})`,
      );
      db(
        server,
        `INSERT INTO members (chat_id, user_id, role, joined_at) VALUES (${chat}, ${user.id}, 'member', ${now})`,
      );
      db(
        server,
        `INSERT INTO messages (id, chat_id, author_id, content, created_at) VALUES (${msg}, ${chat}, ${user.id}, 'hello', ${now})`,
      );
      db(
        server,
        `INSERT INTO oauth_identities (issuer, subject, user_id, created_at) VALUES ('https://idp.example', 'sub-${user.id}', ${user.id}, ${now})`,
      );

      assertError(
        await a.delete('/api/v1/users/me', { password: 'not my password' }),
        403,
        'wrong_password',
      );
      assertError(await a.delete('/api/v1/users/me', {}), 422, 'invalid_field', 'password');
      assertError(await a.delete('/api/v1/users/me', '{"password":'), 400, 'invalid_json');
      assertError(
        await new ApiClient(server).delete('/api/v1/users/me', { password: PASSWORD }),
        401,
        'unauthenticated',
      );
      assert.equal(await sessionStatus(a), 200);

      const old = a.cookie;
      const res = await a.delete('/api/v1/users/me', { password: PASSWORD });
      assert.equal(res.status, 204, res.text);
      assert.deepEqual(res.headers.getSetCookie(), [CLEARED]);
      assert.equal(await sessionStatus(b), 401);
      const replay = new ApiClient(server);
      replay.cookies.set('oc_session', old);
      assertError(await replay.get('/api/v1/users/me'), 401, 'unauthenticated');

      assertError(
        await new ApiClient(server).login(f.username, PASSWORD),
        401,
        'invalid_credentials',
      );
      assertError(await new ApiClient(server).login(f.email, PASSWORD), 401, 'invalid_credentials');
      assertError(
        await new ApiClient(server).login(`deleted_${user.id}`, PASSWORD),
        401,
        'invalid_credentials',
      );

      assert.deepEqual(
        db(
          server,
          `SELECT username, email, display_name, avatar, bio, deleted_at IS NOT NULL FROM users WHERE id = ${user.id}`,
        ),
        [
          [
            `deleted_${user.id}`,
            `${user.id}@deleted.invalid`,
            'Deleted user',
            null,
            '',
            TEST_BACKEND === 'postgres' ? 't' : '1',
          ],
        ],
      );
      const count = (sql) => Number(db(server, sql)[0][0]);
      assert.equal(count(`SELECT COUNT(*) FROM credentials WHERE user_id = ${user.id}`), 0);
      assert.equal(
        count(`SELECT COUNT(*) FROM sessions WHERE user_id = ${user.id} AND revoked_at IS NULL`),
        0,
      );
      assert.equal(count(`SELECT COUNT(*) FROM sessions WHERE user_id = ${user.id}`), 2);
      assert.equal(
        count(
          `SELECT COUNT(*) FROM friendships WHERE user_low = ${user.id} OR user_high = ${user.id}`,
        ),
        0,
      );
      assert.equal(count(`SELECT COUNT(*) FROM blocks WHERE blocked = ${user.id}`), 0);
      assert.equal(count(`SELECT COUNT(*) FROM friend_requests WHERE from_user = ${user.id}`), 0);
      assert.equal(count(`SELECT COUNT(*) FROM members WHERE user_id = ${user.id}`), 0);
      assert.equal(count(`SELECT COUNT(*) FROM oauth_identities WHERE user_id = ${user.id}`), 0);
      assert.deepEqual(db(server, `SELECT author_id, content FROM messages WHERE id = ${msg}`), [
        [user.id, 'hello'],
      ]);
      // The friend's own account is untouched.
      assert.equal(await sessionStatus(friend), 200);

      // The name and the address can be registered again, by a new account.
      const again = await new ApiClient(server).register(f);
      assert.notEqual(again.id, user.id);
      assert.equal(again.username, f.username.toLowerCase());
    });

    test('refused while the user owns a zone', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh());
      const chat = CHAT_ID[1];
      db(
        server,
        `INSERT INTO chats (id, type, name, owner_id, created_at) VALUES (${chat}, 'zone', 'Mine', ${user.id}, ${Date.now()})`,
      );
      assertError(await a.delete('/api/v1/users/me', { password: PASSWORD }), 409, 'owns_zones');
      assert.equal(await sessionStatus(a), 200);
      assert.equal((await new ApiClient(server).login(user.username, PASSWORD)).status, 200);
      // Once the zone is someone else's (or gone), deletion goes through.
      db(server, `DELETE FROM chats WHERE id = ${chat}`);
      assert.equal((await a.delete('/api/v1/users/me', { password: PASSWORD })).status, 204);
    });

    test('without a password the user confirms with their username', async () => {
      const a = new ApiClient(server);
      const user = await a.register(fresh('Idp'));
      db(server, `DELETE FROM credentials WHERE user_id = ${user.id}`);
      assertError(await a.delete('/api/v1/users/me', {}), 422, 'invalid_field', 'confirm');
      assertError(
        await a.delete('/api/v1/users/me', { password: PASSWORD }),
        422,
        'invalid_field',
        'confirm',
      );
      assertError(
        await a.delete('/api/v1/users/me', { confirm: 'someone_else' }),
        403,
        'confirmation_mismatch',
      );
      const res = await a.delete('/api/v1/users/me', { confirm: user.username.toUpperCase() });
      assert.equal(res.status, 204, res.text);
      assert.equal(await sessionStatus(a), 401);
    });
  });
});

describe('accounts rate limits', () => {
  let server;
  before(async () => {
    server = await startOpenchat({ env: { OPENCHAT_RATE_LIMITS: 'login=3/60,register=2/3600' } });
  });
  after(async () => {
    await server?.stop();
  });

  test('login: per IP and per account name, 429 with Retry-After', async () => {
    const victim = fresh('Victim');
    const bystander = fresh('Bystander');
    const reg = new ApiClient(server);
    assert.equal((await reg.post('/api/v1/auth/register', victim)).status, 201);
    assert.equal((await reg.post('/api/v1/auth/register', bystander)).status, 201);
    // Three wrong guesses at the victim from 127.0.0.2 use up that IP and that account name.
    for (let i = 0; i < 3; i++) {
      const res = await loginFrom(server, '127.0.0.2', {
        login: victim.username,
        password: `guess ${i}`,
      });
      assert.equal(res.status, 401, res.text);
    }
    const ipLimited = await loginFrom(server, '127.0.0.2', {
      login: bystander.username,
      password: PASSWORD,
    });
    assert.equal(ipLimited.status, 429);
    assert.equal(ipLimited.body.error.code, 'rate_limited');
    const retry = Number(ipLimited.headers['retry-after']);
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    // From another IP: the victim's name is limited (the name, in any case), others are not.
    const nameLimited = await loginFrom(server, '127.0.0.3', {
      login: victim.username.toUpperCase(),
      password: PASSWORD,
    });
    assert.equal(nameLimited.status, 429);
    assert.equal(nameLimited.body.error.code, 'rate_limited');
    assert.ok(Number(nameLimited.headers['retry-after']) >= 1);
    const other = await loginFrom(server, '127.0.0.4', {
      login: bystander.username,
      password: PASSWORD,
    });
    assert.equal(other.status, 200, other.text);
  });

  test('register: per IP, 429 with Retry-After', async () => {
    const register = (ip) => postFrom(server, ip, '/api/v1/auth/register', fresh());
    assert.equal((await register('127.0.0.5')).status, 201);
    assert.equal((await register('127.0.0.5')).status, 201);
    const res = await register('127.0.0.5');
    assert.equal(res.status, 429, res.text);
    assert.equal(res.body.error.code, 'rate_limited');
    const retry = Number(res.headers['retry-after']);
    assert.ok(Number.isInteger(retry) && retry > 60 && retry <= 3600, `Retry-After ${retry}`);
    assert.equal((await register('127.0.0.6')).status, 201);
  });
});

describe('password re-hash', () => {
  let server;
  before(async () => {
    server = await startOpenchat({
      env: { ...GENEROUS, OPENCHAT_ARGON2_OPS: '1', OPENCHAT_ARGON2_MEM: '8m' },
    });
  });
  after(async () => {
    await server?.stop();
  });

  test('a hash made with old parameters is replaced at the next login', async () => {
    const f = fresh();
    const user = await new ApiClient(server).register(f);
    const hashOf = () =>
      db(server, `SELECT password_hash FROM credentials WHERE user_id = ${user.id}`)[0][0];
    const before1 = hashOf();
    assert.match(before1, /^\$argon2id\$v=19\$m=8192,t=1,p=1\$/);
    // Restart the same server (same data) with stronger parameters.
    server.proc.kill('SIGTERM');
    await server.exitPromise;
    await server.closePromise;
    server.check();
    server.env = { ...server.env, OPENCHAT_ARGON2_OPS: '2' };
    await server.spawnOnce();
    assertError(
      await new ApiClient(server).login(f.username, 'wrong password'),
      401,
      'invalid_credentials',
    );
    assert.equal(hashOf(), before1);
    assert.equal((await new ApiClient(server).login(f.username, PASSWORD)).status, 200);
    const after1 = hashOf();
    assert.match(after1, /^\$argon2id\$v=19\$m=8192,t=2,p=1\$/);
    // And it is a hash of the same password.
    assert.equal((await new ApiClient(server).login(f.email, PASSWORD)).status, 200);
    assert.equal(hashOf(), after1);
  });
});
