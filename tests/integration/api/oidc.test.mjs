// Sign-in with an OpenID provider over the wire: the real binary against a local provider
// (lib/oidc_issuer.mjs), with the backend of the run (OPENCHAT_TEST_DB). A test plays the
// browser: it follows each redirect by hand (start -> provider -> callback) with its own cookie
// jar, so every hop's status, Location and cookies can be checked exactly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { freePort, startOpenchat, TEST_BACKEND } from '../lib/server.mjs';
import { ApiClient, assertError } from '../lib/api.mjs';
import { startIssuer } from '../lib/oidc_issuer.mjs';

const CLIENT_ID = 'openchat-test';
const CLIENT_SECRET = 's3cret:with/odd+chars';
const RANDOM_RE = /^[A-Za-z0-9_-]{43}$/;
const STATE_CLEARED = 'oc_oidc_state=; Path=/api/v1/auth/oidc; Max-Age=0; HttpOnly; SameSite=Lax';

/** Runs SQL against a server's database; rows as arrays of strings (null for NULL). */
function db(server, sql) {
  let res;
  if (TEST_BACKEND === 'postgres') {
    res = spawnSync('psql', [server.env.DATABASE_URL, '-qAtX', '-F', '\x1f', '-P', 'null=\\N', '-v',
      'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  } else {
    const py =
      'import sqlite3, sys, json\n' +
      'c = sqlite3.connect(sys.argv[1], timeout=10)\n' +
      'rows = c.execute(sys.argv[2]).fetchall()\n' +
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

function oidcServer(issuer, env = {}) {
  return startOpenchat({
    env: {
      OIDC_ISSUER: issuer.url,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OPENCHAT_RATE_LIMITS: 'oidc=1000/60,register=1000/60,login=1000/60',
      ...env,
    },
  });
}

/** The server's public URL: the default, http://localhost:<port>. */
const publicUrl = (server) => `http://localhost:${server.port}`;

/**
 * One browser: a cookie jar for the OpenChat server and requests that never follow redirects.
 * URLs on localhost (the public URL) are reached at 127.0.0.1, where the server listens.
 */
class Browser {
  constructor(server) {
    this.server = server;
    this.cookies = new Map();
    this.setCookies = []; // the Set-Cookie lines of the last response
  }

  async hop(href) {
    const url = new URL(href);
    if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
    const own = url.hostname === '127.0.0.1' && Number(url.port) === this.server.port;
    const headers = {};
    if (own && this.cookies.size)
      headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { redirect: 'manual', headers });
    this.setCookies = own ? res.headers.getSetCookie() : [];
    for (const line of this.setCookies) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/;\s*Max-Age=0(;|$)/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, location: res.headers.get('location'), text };
  }

  /** GET /auth/oidc/start; returns the provider URL it redirects to. */
  async start(redirect) {
    const q = redirect === undefined ? '' : `?redirect=${encodeURIComponent(redirect)}`;
    const res = await this.hop(`${this.server.url}/api/v1/auth/oidc/start${q}`);
    assert.equal(res.status, 302, res.text);
    return res.location;
  }

  /** Visits the provider; returns the callback URL it sends the browser back to. */
  async authorize(url) {
    const res = await this.hop(url);
    assert.equal(res.status, 302, res.text);
    return res.location;
  }

  /** A client for the REST API with this browser's session. */
  api() {
    const c = new ApiClient(this.server);
    assert.ok(this.cookies.has('oc_session'), 'no session cookie');
    c.cookies.set('oc_session', this.cookies.get('oc_session'));
    return c;
  }
}

/** The whole flow for the identity queued as `login`; returns the final redirect. */
async function signIn(server, issuer, login, { browser = new Browser(server), redirect } = {}) {
  issuer.nextLogin(login);
  const callback = await browser.authorize(await browser.start(redirect));
  const done = await browser.hop(callback);
  assert.equal(done.status, 302, done.text);
  return { browser, location: done.location, callback };
}

/** The oidc_error of a redirect to the login page (fails for any other location). */
function loginError(server, location) {
  const prefix = `${publicUrl(server)}/login?oidc_error=`;
  assert.ok(location.startsWith(prefix), `expected a redirect to the login page, got ${location}`);
  return location.slice(prefix.length);
}

async function me(browser) {
  const res = await browser.api().get('/api/v1/users/me');
  assert.equal(res.status, 200, res.text);
  return res.body;
}

describe('sign-in with an OpenID provider', () => {
  let issuer, server;
  before(async () => {
    issuer = await startIssuer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    server = await oidcServer(issuer, { OIDC_NAME: 'Acme ID' });
  });
  after(async () => {
    await server?.stop();
    await issuer?.stop();
  });

  test('GET /auth/oidc says sign-in is on, with the configured name', async () => {
    const res = await new ApiClient(server).get('/api/v1/auth/oidc');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { enabled: true, name: 'Acme ID' });
  });

  test('start sends the browser to the provider with state, nonce and PKCE', async () => {
    const browser = new Browser(server);
    const location = await browser.start();
    const url = new URL(location);
    assert.equal(`${url.origin}${url.pathname}`, `${issuer.url}/authorize`);
    const p = url.searchParams;
    assert.deepEqual([...p.keys()].sort(), ['client_id', 'code_challenge', 'code_challenge_method',
      'nonce', 'redirect_uri', 'response_type', 'scope', 'state']);
    assert.equal(p.get('response_type'), 'code');
    assert.equal(p.get('client_id'), CLIENT_ID);
    assert.equal(p.get('redirect_uri'), `${publicUrl(server)}/api/v1/auth/oidc/callback`);
    assert.equal(p.get('scope'), 'openid email profile');
    assert.match(p.get('state'), RANDOM_RE);
    assert.match(p.get('nonce'), RANDOM_RE);
    assert.match(p.get('code_challenge'), RANDOM_RE);
    assert.notEqual(p.get('state'), p.get('nonce'));
    assert.equal(p.get('code_challenge_method'), 'S256');
    assert.deepEqual(browser.setCookies, [
      `oc_oidc_state=${p.get('state')}; Path=/api/v1/auth/oidc; Max-Age=660; HttpOnly; SameSite=Lax`,
    ]);
    // Each start is a new sign-in.
    const again = new URL(await browser.start()).searchParams;
    assert.notEqual(again.get('state'), p.get('state'));
    assert.notEqual(again.get('nonce'), p.get('nonce'));
    assert.notEqual(again.get('code_challenge'), p.get('code_challenge'));
  });

  test('a first sign-in creates a user; the session cookie works', async () => {
    const tokensBefore = issuer.tokenRequests.length;
    const { browser, location } = await signIn(
      server,
      issuer,
      { sub: 'g-1001', email: 'Ada.Lovelace+test@Example.com', email_verified: true, name: 'Ada Lovelace' },
      { redirect: '/channels/@me?tab=all' },
    );
    assert.equal(location, `${publicUrl(server)}/channels/@me?tab=all`);
    assert.equal(browser.setCookies.length, 2);
    assert.equal(browser.setCookies[0], STATE_CLEARED);
    assert.match(browser.setCookies[1], /^oc_session=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/);
    const user = await me(browser);
    assert.equal(user.username, 'ada.lovelacetest');
    assert.equal(user.display_name, 'Ada Lovelace');
    assert.equal(user.email, 'ada.lovelace+test@example.com');
    assert.equal(user.email_verified, true);
    // The code went back with the verifier and the client's credentials (Basic by default).
    const tok = issuer.tokenRequests[tokensBefore];
    assert.equal(tok.auth, 'basic');
    assert.equal(tok.params.get('grant_type'), 'authorization_code');
    assert.equal(tok.params.get('redirect_uri'), `${publicUrl(server)}/api/v1/auth/oidc/callback`);
    assert.match(tok.params.get('code_verifier'), RANDOM_RE);
    assert.equal(tok.params.get('client_secret'), null);
    // No password: no credentials row; the identity is linked.
    assert.deepEqual(db(server, `SELECT COUNT(*) FROM credentials WHERE user_id = ${user.id}`), [['0']]);
    assert.deepEqual(
      db(server, `SELECT issuer, subject, user_id, email FROM oauth_identities WHERE subject = 'g-1001'`),
      [[issuer.url, 'g-1001', user.id, 'ada.lovelace+test@example.com']],
    );
  });

  test('signing in again finds the same user and changes nothing', async () => {
    const first = await me((await signIn(server, issuer, { sub: 'g-1001', email: 'ada.lovelace+test@example.com', email_verified: true, name: 'Ada' })).browser);
    const second = await signIn(server, issuer, {
      sub: 'g-1001',
      email: 'someone.else@example.com',
      email_verified: true,
      name: 'Another Name',
    });
    assert.equal(second.location, `${publicUrl(server)}/`);
    const user = await me(second.browser);
    assert.equal(user.id, first.id);
    assert.equal(user.username, 'ada.lovelacetest');
    assert.equal(user.display_name, 'Ada Lovelace');
    assert.equal(user.email, 'ada.lovelace+test@example.com');
  });

  test('usernames: suffix while taken, short and reserved stems, display name fallbacks', async () => {
    const a = await me((await signIn(server, issuer, {
      sub: 'g-1002', email: 'ADA.lovelace+test@elsewhere.example', email_verified: false,
    })).browser);
    assert.equal(a.username, 'ada.lovelacetest2');
    assert.equal(a.display_name, 'ada.lovelacetest2');
    assert.equal(a.email_verified, false);
    const b = await me((await signIn(server, issuer, {
      sub: 'g-1003', email: 'ada.lovelace-test@third.example', email_verified: true,
      name: '  A very long name that goes on and on and on  ',
    })).browser);
    assert.equal(b.username, 'ada.lovelacetest3');
    assert.equal(b.display_name, 'A very long name that goes on an');
    const c = await me((await signIn(server, issuer, {
      sub: 'g-1004', email: 'x@short.example', email_verified: true, name: '\u0007\n',
    })).browser);
    assert.equal(c.username, 'userx');
    assert.equal(c.display_name, 'userx');
    const d = await me((await signIn(server, issuer, {
      sub: 'g-1005', email: 'deleted_bob@reserved.example', email_verified: true, name: 'Bob',
    })).browser);
    assert.equal(d.username, 'userdeleted_bob');
    const long = 'abcdefghij'.repeat(4);
    const e1 = await me((await signIn(server, issuer, {
      sub: 'g-1006', email: `${long}@one.example`, email_verified: true,
    })).browser);
    const e2 = await me((await signIn(server, issuer, {
      sub: 'g-1007', email: `${long}@two.example`, email_verified: true,
    })).browser);
    assert.equal(e1.username, long.slice(0, 32));
    assert.equal(e2.username, `${long.slice(0, 31)}2`);
  });

  test('a password account with the same verified address is linked, not duplicated', async () => {
    const owner = new ApiClient(server);
    const registered = await owner.register({ email: 'grace.hopper@example.test' });
    assert.equal(registered.email_verified, false);
    const { browser } = await signIn(server, issuer, {
      sub: 'g-2001', email: 'Grace.Hopper@EXAMPLE.test', email_verified: true, name: 'Rear Admiral',
    });
    const user = await me(browser);
    assert.equal(user.id, registered.id);
    assert.equal(user.username, registered.username);
    assert.equal(user.display_name, registered.display_name);
    assert.equal(user.email_verified, true); // the provider vouched for the address
    // The account had never proved the address, so whoever set its password and holds its
    // sessions may not be the address's owner: both are gone; the owner can reset by e-mail.
    const login = await new ApiClient(server).login(registered.username, registered.password);
    assertError(login, 401, 'invalid_credentials');
    assertError(await owner.get('/api/v1/users/me'), 401, 'unauthenticated');
    const again = await me((await signIn(server, issuer, { sub: 'g-2001', email: 'grace.hopper@example.test', email_verified: true })).browser);
    assert.equal(again.id, registered.id);
  });

  test('an address the provider did not verify is not linked to the account holding it', async () => {
    const owner = new ApiClient(server);
    const registered = await owner.register({ email: 'alan.turing@example.test' });
    const usersBefore = db(server, 'SELECT COUNT(*) FROM users')[0][0];
    const refused = await signIn(server, issuer, {
      sub: 'g-3001', email: 'alan.turing@example.test', email_verified: false, name: 'Impostor',
    });
    assert.equal(loginError(server, refused.location), 'email_not_verified');
    assert.equal(refused.browser.cookies.has('oc_session'), false);
    assert.deepEqual(refused.browser.setCookies, [STATE_CLEARED]);
    // Nothing was made: no user, no identity.
    assert.equal(db(server, 'SELECT COUNT(*) FROM users')[0][0], usersBefore);
    assert.deepEqual(db(server, `SELECT COUNT(*) FROM oauth_identities WHERE subject = 'g-3001'`), [['0']]);
    const mine = await owner.get('/api/v1/users/me');
    assert.equal(mine.body.email_verified, false);
    // Once the provider vouches for the address, the same identity links to the account.
    const linked = await me((await signIn(server, issuer, { sub: 'g-3001', email: 'alan.turing@example.test', email_verified: true })).browser);
    assert.equal(linked.id, registered.id);
  });

  test('each kind of bad ID token is refused with its own code, and makes no account', async () => {
    const cases = [
      ['aud', 'token_audience'],
      ['audiences', 'token_audience'],
      ['iss', 'token_issuer'],
      ['expired', 'token_expired'],
      ['iat', 'token_issued_in_future'],
      ['nonce', 'token_nonce'],
      ['signature', 'token_signature'],
      ['kid', 'token_unknown_key'],
      ['alg', 'token_algorithm'],
      ['malformed', 'token_malformed'],
    ];
    for (const [bad, code] of cases) {
      const jwksBefore = issuer.hits.jwks;
      const { browser, location } = await signIn(server, issuer, {
        sub: 'g-4001', email: 'mallory@example.test', email_verified: true, name: 'Mallory', bad,
      });
      assert.equal(loginError(server, location), code, `bad=${bad}`);
      assert.equal(browser.cookies.has('oc_session'), false, `bad=${bad}`);
      // An unknown kid makes the server fetch the keys again, once; nothing else does.
      assert.equal(issuer.hits.jwks - jwksBefore, bad === 'kid' ? 1 : 0, `key fetches for bad=${bad}`);
    }
    const sub = db(server, `SELECT COUNT(*) FROM oauth_identities WHERE subject = 'g-4001'`);
    assert.deepEqual(sub, [['0']]);
    // Several audiences are fine when the token says it was issued to us (azp).
    const ok = await signIn(server, issuer, {
      sub: 'g-4001', email: 'mallory@example.test', email_verified: true,
      claims: { aud: [CLIENT_ID, 'another-client'], azp: CLIENT_ID },
    });
    assert.equal((await me(ok.browser)).username, 'mallory'); // no half-made "mallory" before
  });

  test('a token signed with a rotated key is accepted after one fetch of the key set', async () => {
    issuer.rotateKey();
    const before = issuer.hits.jwks;
    const { browser } = await signIn(server, issuer, { sub: 'g-5001', email: 'rotated@example.test', email_verified: true });
    assert.equal((await me(browser)).username, 'rotated');
    assert.equal(issuer.hits.jwks, before + 1);
    await signIn(server, issuer, { sub: 'g-5001', email: 'rotated@example.test', email_verified: true });
    assert.equal(issuer.hits.jwks, before + 1); // cached
    assert.equal(issuer.hits.discovery, 1); // discovery is cached too
  });

  test('provider errors: the user declined, the provider failed, the code was refused', async () => {
    const declined = await signIn(server, issuer, { error: 'access_denied' });
    assert.equal(loginError(server, declined.location), 'access_denied');
    assert.deepEqual(declined.browser.setCookies, [STATE_CLEARED]);
    // The declined sign-in is forgotten: its state cannot be used any more.
    const state = new URL(declined.callback).searchParams.get('state');
    declined.browser.cookies.set('oc_oidc_state', state);
    const late = await declined.browser.hop(
      `${server.url}/api/v1/auth/oidc/callback?code=whatever&state=${state}`);
    assert.equal(loginError(server, late.location), 'state_unknown');

    const failed = await signIn(server, issuer, { error: 'temporarily_unavailable' });
    assert.equal(loginError(server, failed.location), 'provider_error');
    const refused = await signIn(server, issuer, { sub: 'g-6001', email: 'x6@example.test', tokenError: 'invalid_grant' });
    assert.equal(loginError(server, refused.location), 'token_exchange_failed');
  });

  test('the callback needs the state cookie of the browser that started', async () => {
    // No cookie at all.
    const a = new Browser(server);
    issuer.nextLogin({ sub: 'g-7001', email: 'victim@example.test', email_verified: true });
    const callbackA = await a.authorize(await a.start());
    const bare = new Browser(server);
    assert.equal(loginError(server, (await bare.hop(callbackA)).location), 'state_mismatch');
    // Another browser's cookie: an attacker's callback URL opened in a victim's browser.
    const victim = new Browser(server);
    await victim.start();
    const res = await victim.hop(callbackA);
    assert.equal(loginError(server, res.location), 'state_mismatch');
    assert.equal(victim.cookies.has('oc_session'), false);
    // Neither attempt used up the sign-in: the browser that started it can still finish.
    const done = await a.hop(callbackA);
    assert.equal(done.location, `${publicUrl(server)}/`);
    assert.equal((await me(a)).username, 'victim');
  });

  test('a state or code cannot be used twice', async () => {
    const first = await signIn(server, issuer, { sub: 'g-8001', email: 'replay@example.test', email_verified: true });
    const used = new URL(first.callback).searchParams;
    // The same callback again, even with the state cookie put back.
    const b = new Browser(server);
    b.cookies.set('oc_oidc_state', used.get('state'));
    assert.equal(loginError(server, (await b.hop(first.callback)).location), 'state_unknown');
    // The same code under a fresh state: the provider refuses it.
    const fresh = new URL(await b.start()).searchParams.get('state');
    const replay = await b.hop(
      `${server.url}/api/v1/auth/oidc/callback?code=${encodeURIComponent(used.get('code'))}&state=${fresh}`);
    assert.equal(loginError(server, replay.location), 'token_exchange_failed');
  });

  test('a callback without code or state is refused', async () => {
    const b = new Browser(server);
    const state = new URL(await b.start()).searchParams.get('state');
    const noCode = await b.hop(`${server.url}/api/v1/auth/oidc/callback?state=${state}`);
    assert.equal(loginError(server, noCode.location), 'invalid_request');
    const noState = await b.hop(`${server.url}/api/v1/auth/oidc/callback?code=abc`);
    assert.equal(loginError(server, noState.location), 'invalid_request');
  });

  test('start only returns to paths on this site', async () => {
    const c = new ApiClient(server);
    for (const bad of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'relative',
      '', '/a b', `/${'x'.repeat(512)}`]) {
      const res = await c.get(`/api/v1/auth/oidc/start?redirect=${encodeURIComponent(bad)}`);
      assertError(res, 422, 'invalid_field', 'redirect');
    }
    const ok = await new Browser(server).hop(
      `${server.url}/api/v1/auth/oidc/start?redirect=${encodeURIComponent('/zones/1?x=%20y#top')}`);
    assert.equal(ok.status, 302);
  });
});

describe('sign-in with a provider that takes client credentials in the form', () => {
  let issuer, server;
  before(async () => {
    issuer = await startIssuer({
      clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, authMethods: ['client_secret_post'],
    });
    server = await oidcServer(issuer);
  });
  after(async () => {
    await server?.stop();
    await issuer?.stop();
  });

  test('the secret goes in the form, and an unreachable token endpoint is reported', async () => {
    const { browser } = await signIn(server, issuer, { sub: 'p-1', email: 'post@example.test', email_verified: true, name: 'Post' });
    assert.equal((await me(browser)).username, 'post');
    const tok = issuer.tokenRequests.at(-1);
    assert.equal(tok.auth, 'post');
    assert.equal(tok.params.get('client_id'), CLIENT_ID);
    assert.equal(tok.params.get('client_secret'), CLIENT_SECRET);
    // The provider goes away after the browser came back from it.
    issuer.nextLogin({ sub: 'p-2', email: 'p2@example.test', email_verified: true });
    const b = new Browser(server);
    const callback = await b.authorize(await b.start());
    await issuer.stop();
    issuer = null;
    assert.equal(loginError(server, (await b.hop(callback)).location), 'provider_unavailable');
  });
});

describe('sign-in that takes too long, and the start rate limit', () => {
  let issuer, server;
  before(async () => {
    issuer = await startIssuer({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    server = await oidcServer(issuer, {
      OPENCHAT_OIDC_LOGIN_TTL_MS: '0',
      OPENCHAT_RATE_LIMITS: 'oidc=2/3600',
    });
  });
  after(async () => {
    await server?.stop();
    await issuer?.stop();
  });

  test('an expired sign-in is refused as expired', async () => {
    const { browser, location } = await signIn(server, issuer, { sub: 't-1', email: 't1@example.test', email_verified: true });
    assert.equal(loginError(server, location), 'state_expired');
    assert.equal(browser.cookies.has('oc_session'), false);
    assert.equal(issuer.hits.token, 0); // refused before the code was used
  });

  test('starting is rate limited per address', async () => {
    const c = new ApiClient(server);
    assert.equal((await new Browser(server).hop(`${server.url}/api/v1/auth/oidc/start`)).status, 302);
    const res = await c.get('/api/v1/auth/oidc/start');
    assertError(res, 429, 'rate_limited');
    assert.match(res.headers.get('retry-after'), /^[1-9][0-9]*$/);
  });
});

describe('sign-in with a provider that cannot be reached', () => {
  let server;
  before(async () => {
    const port = await freePort(); // nobody listens there
    server = await oidcServer({ url: `http://127.0.0.1:${port}` });
  });
  after(async () => {
    await server?.stop();
  });

  test('start sends the browser back to the login page', async () => {
    const res = await new Browser(server).hop(`${server.url}/api/v1/auth/oidc/start`);
    assert.equal(res.status, 302);
    assert.equal(loginError(server, res.location), 'provider_unavailable');
    const cfg = await new ApiClient(server).get('/api/v1/auth/oidc');
    assert.deepEqual(cfg.body, { enabled: true, name: 'Google' });
  });
});

describe('sign-in with a provider switched off', () => {
  let server;
  before(async () => {
    server = await startOpenchat();
  });
  after(async () => {
    await server?.stop();
  });

  test('GET /auth/oidc says off, and the flow routes answer 404 oidc_disabled', async () => {
    const c = new ApiClient(server);
    const cfg = await c.get('/api/v1/auth/oidc');
    assert.equal(cfg.status, 200);
    assert.deepEqual(cfg.body, { enabled: false, name: 'Google' });
    assertError(await c.get('/api/v1/auth/oidc/start'), 404, 'oidc_disabled');
    assertError(await c.get('/api/v1/auth/oidc/callback?code=a&state=b'), 404, 'oidc_disabled');
  });
});
