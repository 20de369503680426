// E-mail over the wire: address verification (code and link) and password reset, on the real
// binary with the backend of the run (OPENCHAT_TEST_DB), reading the real messages from a local
// SMTP server (lib/smtp_server.py, Debian's aiosmtpd) or from the outbox folder. Every mail is
// taken by its recipient's address, so tests do not depend on each other's mail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startOpenchat, WAIT_MS } from '../lib/server.mjs';
import { ApiClient, assertError } from '../lib/api.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SMTP_SERVER = path.join(here, '../lib/smtp_server.py');
const PUBLIC = 'http://chat.example.test:8080';
const FROM = 'OpenChat Test <noreply@openchat.test>';
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase';
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const INVALID_TOKEN = `${PUBLIC}/?email_verify_error=invalid_token`;
// Everything here comes from 127.0.0.1: the limits get a server of their own.
const GENEROUS = 'login=1000/60,register=1000/60,verify=1000/60,reset=1000/60';

/**
 * The local SMTP server: every message it accepts, in order, as
 * {mail_from, rcpt_tos, data, login, password}.
 */
class Mailbox {
  static async start(args = []) {
    const box = new Mailbox(
      spawn('/usr/bin/python3', [SMTP_SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] }),
    );
    box.port = (await box.until((r) => r.ready, 'the SMTP server to listen')).ready;
    return box;
  }

  constructor(proc) {
    this.proc = proc;
    this.records = [];
    this.taken = new Set();
    this.waiters = new Set();
    this.stderr = '';
    readline.createInterface({ input: proc.stdout }).on('line', (line) => {
      this.records.push(JSON.parse(line));
      for (const w of this.waiters) w();
    });
    proc.stderr.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => proc.on('exit', resolve));
  }

  get messages() {
    return this.records.filter((r) => r.data !== undefined);
  }

  /** Resolves with the first record pred accepts. */
  until(pred, what, timeout = WAIT_MS) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const r = this.records.find(pred);
        if (r) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(r);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeout} ms waiting for ${what}\n${this.stderr}`));
      }, timeout);
      this.waiters.add(check);
      check();
    });
  }

  /** The next message to `to` not taken before, parsed (see parseMail). */
  async next(to) {
    const r = await this.until(
      (m) => m.data !== undefined && !this.taken.has(m) && m.rcpt_tos.includes(to),
      `a mail to ${to}`,
    );
    this.taken.add(r);
    return { ...parseMail(r.data), envelope: r };
  }

  async stop() {
    this.proc.stdin.end();
    await this.exited;
  }
}

/** Headers (lower-case names, unfolded) and body of an RFC 5322 message, plus what it carries. */
function parseMail(raw) {
  const split = raw.indexOf('\r\n\r\n');
  assert.ok(split > 0, `no header/body separator in ${JSON.stringify(raw)}`);
  const headers = {};
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const code = /Your code is (\d{6}),/.exec(body)?.[1];
  const link = /^(https?:\/\/\S+)\r$/m.exec(body)?.[1];
  const token = link && new URL(link).searchParams.get('token');
  return { raw, headers, body, code, link, token };
}

/** Decodes RFC 2047 "B" encoded words (what our server writes for non-ASCII names). */
function decodeWords(s) {
  return s
    .replace(/\?=\s+=\?/g, '?==?') // white space between encoded words is not text
    .replace(/=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=/gi, (_, b64) =>
      Buffer.from(b64, 'base64').toString('utf8'),
    );
}

/** A string as a literal part of a regular expression. */
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let seq = 0;
function fresh(prefix = 'mail') {
  const n = `${process.pid % 10000}x${++seq}`;
  return { username: `${prefix}${n}`, email: `${prefix}${n}@example.test`, password: PASSWORD };
}

async function register(server, fields = {}) {
  const c = new ApiClient(server);
  await c.register({ ...fresh(), ...fields });
  return c;
}

const VERIFY = '/api/v1/auth/verify-email';
const RESET = '/api/v1/auth/password-reset';
const verify = (c, code) => c.post(VERIFY, { code });
const resend = (c) => c.post(`${VERIFY}/resend`);
const askReset = (c, email) => c.post(RESET, { email });
const confirmReset = (c, body) => c.post(`${RESET}/confirm`, body);

async function me(client) {
  const res = await client.get('/api/v1/users/me');
  assert.equal(res.status, 200, res.text);
  return res.body;
}

/** Opens a mailed link on this server (the mail names PUBLIC_URL) without following it. */
async function openLink(server, link) {
  const u = new URL(link);
  const res = await fetch(server.url + u.pathname + u.search, { redirect: 'manual' });
  await res.text();
  return { status: res.status, location: res.headers.get('location') };
}

async function verifyLinkWith(server, query) {
  return openLink(server, `${PUBLIC}/api/v1/auth/verify-email${query}`);
}

function smtpServer(box, env = {}, extraArgs = []) {
  return startOpenchat({
    args: ['--public-url', `${PUBLIC}/`, '--smtp-from', FROM, ...extraArgs],
    env: { OPENCHAT_RATE_LIMITS: GENEROUS, SMTP_URL: `smtp://127.0.0.1:${box.port}`, ...env },
  });
}

describe('address verification over SMTP', () => {
  let box, server;
  before(async () => {
    // The relay wants a login: the credentials travel in SMTP_URL.
    box = await Mailbox.start(['--auth', 'mailer:s3cret!']);
    server = await smtpServer(box, { SMTP_URL: `smtp://mailer:s3cret%21@127.0.0.1:${box.port}` });
  });
  after(async () => {
    await server?.stop();
    await box?.stop();
  });

  test('registration sends a verification mail with proper headers, code and link', async () => {
    const name = 'Zoë Ünal';
    const c = await register(server, { display_name: name });
    const { email } = c.user;
    const mail = await box.next(email);
    assert.equal(mail.envelope.mail_from, 'noreply@openchat.test');
    assert.deepEqual(mail.envelope.rcpt_tos, [email]);
    assert.equal(mail.envelope.login, 'mailer');
    assert.equal(mail.envelope.password, 's3cret!');
    const h = mail.headers;
    assert.equal(h.from, FROM);
    assert.equal(h.to, `=?utf-8?B?${Buffer.from(name).toString('base64')}?= <${email}>`);
    assert.equal(decodeWords(h.to), `${name} <${email}>`);
    assert.equal(h.subject, 'Confirm your e-mail address for OpenChat');
    assert.match(h.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d/);
    assert.ok(h.date.endsWith(' +0000'), h.date);
    assert.ok(Math.abs(Date.parse(h.date) - Date.now()) < 60000, `Date ${h.date}`);
    assert.match(h['message-id'], /^<[0-9a-f]{32}@openchat\.test>$/);
    assert.equal(h['mime-version'], '1.0');
    assert.equal(h['content-type'], 'text/plain; charset=utf-8');
    assert.equal(h['content-transfer-encoding'], '8bit');
    assert.equal(h['auto-submitted'], 'auto-generated');
    assert.match(mail.code, /^\d{6}$/);
    assert.match(mail.token, TOKEN_RE);
    assert.equal(
      mail.body,
      `Welcome to OpenChat, ${name}.\r\n\r\nYour code is ${mail.code}, or open this link:\r\n\r\n` +
        `${PUBLIC}/api/v1/auth/verify-email?token=${mail.token}\r\n\r\nIt expires in 24 hours.\r\n`,
    );
    assert.equal((await me(c)).email_verified, false);
    // The log names the relay, never its password.
    const relay = `smtp://127.0.0.1:${box.port}`;
    assert.ok(server.output.includes(`mail goes through ${relay} as noreply@openchat.test`));
    await server.waitForLog(new RegExp(`mail to ${esc(email)} sent through`));
    assert.ok(!server.output.includes('s3cret'), 'the SMTP password shows in the log');
  });

  test('the code verifies the address once', async () => {
    const c = await register(server);
    const mail = await box.next(c.user.email);
    const res = await verify(c, mail.code);
    assert.equal(res.status, 204, res.text);
    assert.equal(res.text, '');
    assert.equal((await me(c)).email_verified, true);
    assertError(await verify(c, mail.code), 409, 'already_verified');
    assertError(await resend(c), 409, 'already_verified');
    // The link of the same mail is spent too.
    const link = await openLink(server, mail.link);
    assert.deepEqual(link, { status: 302, location: INVALID_TOKEN });
  });

  test('the link verifies the address and redirects to the web client', async () => {
    const c = await register(server);
    const mail = await box.next(c.user.email);
    const res = await openLink(server, mail.link);
    assert.deepEqual(res, { status: 302, location: `${PUBLIC}/?email_verified=1` });
    assert.equal((await me(c)).email_verified, true);
    // Single use.
    assert.deepEqual(await openLink(server, mail.link), { status: 302, location: INVALID_TOKEN });
    // Bad, unknown and missing tokens.
    const invalid = { status: 302, location: INVALID_TOKEN };
    assert.deepEqual(await verifyLinkWith(server, '?token=nonsense'), invalid);
    assert.deepEqual(await verifyLinkWith(server, `?token=${'A'.repeat(43)}`), invalid);
    assert.deepEqual(await verifyLinkWith(server, ''), invalid);
    // The answer is also readable JSON, for scripts.
    const raw = await fetch(`${server.url}${VERIFY}?token=x`, { redirect: 'manual' });
    assert.deepEqual(await raw.json(), { location: invalid.location });
  });

  test('wrong codes count down until the code is dead', async () => {
    const c = await register(server);
    const mail = await box.next(c.user.email);
    const wrong = mail.code === '000000' ? '111111' : '000000';
    for (const left of [4, 3, 2, 1]) {
      const res = await verify(c, wrong);
      assertError(res, 422, 'invalid_code');
      const attempts = `${left} attempt${left === 1 ? '' : 's'}`;
      assert.equal(res.body.error.message, `That code is not right. ${attempts} left.`);
    }
    const fifth = await verify(c, wrong);
    assertError(fifth, 422, 'invalid_code');
    assert.equal(
      fifth.body.error.message,
      'That code is not right. No attempts left: ask for a new code.',
    );
    // Dead: the right code and the link are refused now.
    assertError(await verify(c, mail.code), 410, 'too_many_attempts');
    assert.deepEqual(await openLink(server, mail.link), { status: 302, location: INVALID_TOKEN });
    assert.equal((await me(c)).email_verified, false);
    // A new mail brings a new code that works.
    const resent = await resend(c);
    assert.equal(resent.status, 202, resent.text);
    const again = await box.next(c.user.email);
    assert.equal((await verify(c, again.code)).status, 204);
    assert.equal((await me(c)).email_verified, true);
  });

  test('a resend replaces the older code and link', async () => {
    const c = await register(server, { display_name: 'Ann' });
    const first = await box.next(c.user.email);
    const res = await resend(c);
    assert.equal(res.status, 202, res.text);
    assert.deepEqual(res.body, { email: c.user.email });
    const second = await box.next(c.user.email);
    assert.notEqual(second.token, first.token);
    assert.notEqual(second.headers['message-id'], first.headers['message-id']);
    assert.match(second.body, /^Welcome to OpenChat, Ann\.\r\n/);
    // The old link is dead; the old code (unless the draw repeated it) is a wrong code now.
    assert.deepEqual(await openLink(server, first.link), { status: 302, location: INVALID_TOKEN });
    if (first.code !== second.code) {
      const old = await verify(c, first.code);
      assertError(old, 422, 'invalid_code');
      assert.equal(old.body.error.message, 'That code is not right. 4 attempts left.');
    }
    assert.equal((await verify(c, second.code)).status, 204);
  });

  test('verification routes refuse strangers and bad input', async () => {
    const anon = new ApiClient(server);
    assertError(await verify(anon, '123456'), 401, 'unauthenticated');
    assertError(await resend(anon), 401, 'unauthenticated');
    const c = await register(server);
    await box.next(c.user.email);
    assertError(await c.post(VERIFY, {}), 422, 'invalid_field', 'code');
    assertError(await verify(c, 123456), 422, 'invalid_field', 'code');
    assertError(await verify(c, '12345'), 422, 'invalid_field', 'code');
    assertError(await verify(c, '12a456'), 422, 'invalid_field', 'code');
    assertError(await c.post(VERIFY, '{"code":'), 400, 'invalid_json');
    // A logged-out session is refused too.
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
    assertError(await resend(c), 401, 'unauthenticated');
  });
});

describe('password reset over SMTP', () => {
  let box, server;
  before(async () => {
    box = await Mailbox.start();
    server = await smtpServer(box);
  });
  after(async () => {
    await server?.stop();
    await box?.stop();
  });

  test('the link sets a new password, verifies the address and ends every session', async () => {
    const c = await register(server, { display_name: 'Reset Me' });
    const { username, email } = c.user;
    await box.next(email); // the verification mail
    const other = new ApiClient(server);
    assert.equal((await other.login(username, PASSWORD)).status, 200);

    const anon = new ApiClient(server);
    const res = await askReset(anon, `  ${email.toUpperCase()} `);
    assert.equal(res.status, 202, res.text);
    assert.deepEqual(res.body, {});
    const mail = await box.next(email);
    assert.equal(mail.headers.subject, 'Reset your OpenChat password');
    assert.equal(mail.headers.to, `Reset Me <${email}>`);
    assert.match(mail.token, TOKEN_RE);
    assert.equal(
      mail.body,
      `Hello Reset Me,\r\n\r\nSomeone asked to reset the password of your OpenChat account. ` +
        `Your code is ${mail.code}, or open this link:\r\n\r\n` +
        `${PUBLIC}/reset-password?token=${mail.token}\r\n\r\n` +
        `It expires in 1 hour. If you did not ask for this, ignore this mail: ` +
        `your password stays as it is.\r\n`,
    );

    // The password rules apply; a refused password does not spend the token.
    const weak = await confirmReset(anon, { token: mail.token, new_password: 'short' });
    assertError(weak, 422, 'invalid_field', 'new_password');
    const none = await confirmReset(anon, { token: mail.token });
    assertError(none, 422, 'invalid_field', 'new_password');

    const done = await confirmReset(anon, { token: mail.token, new_password: NEW_PASSWORD });
    assert.equal(done.status, 204, done.text);
    assertError(await c.get('/api/v1/users/me'), 401, 'unauthenticated');
    assertError(await other.get('/api/v1/users/me'), 401, 'unauthenticated');
    assertError(await anon.login(username, PASSWORD), 401, 'invalid_credentials');
    const fresh = new ApiClient(server);
    assert.equal((await fresh.login(username, NEW_PASSWORD)).status, 200);
    assert.equal((await me(fresh)).email_verified, true);
    // Single use.
    const reuse = await confirmReset(anon, { token: mail.token, new_password: 'yet another one' });
    assertError(reuse, 422, 'invalid_token');
  });

  test('the address and code set a new password; wrong codes are refused', async () => {
    const c = await register(server);
    const { username, email } = c.user;
    await box.next(email);
    const anon = new ApiClient(server);
    assert.equal((await askReset(anon, email)).status, 202);
    const mail = await box.next(email);
    const wrong = mail.code === '000000' ? '111111' : '000000';
    const bad = await confirmReset(anon, { email, code: wrong, new_password: NEW_PASSWORD });
    assertError(bad, 422, 'invalid_code');
    assertError(await anon.login(username, NEW_PASSWORD), 401, 'invalid_credentials');
    const ok = await confirmReset(anon, { email, code: mail.code, new_password: NEW_PASSWORD });
    assert.equal(ok.status, 204, ok.text);
    assertError(await c.get('/api/v1/users/me'), 401, 'unauthenticated');
    assert.equal((await anon.login(username, NEW_PASSWORD)).status, 200);
    // The link of the same mail is spent with it.
    const link = await confirmReset(anon, { token: mail.token, new_password: 'yet another one' });
    assertError(link, 422, 'invalid_token');
  });

  test('a password change kills reset mails asked for before it', async () => {
    const c = await register(server);
    const { username, email } = c.user;
    await box.next(email);
    const anon = new ApiClient(server);
    assert.equal((await askReset(anon, email)).status, 202);
    const mail = await box.next(email);
    const changed = await c.post('/api/v1/auth/password', {
      current_password: PASSWORD,
      new_password: NEW_PASSWORD,
    });
    assert.equal(changed.status, 204, changed.text);
    const byCode = await confirmReset(anon, { email, code: mail.code, new_password: 'yet another one' });
    assertError(byCode, 422, 'invalid_code');
    const byLink = await confirmReset(anon, { token: mail.token, new_password: 'yet another one' });
    assertError(byLink, 422, 'invalid_token');
    assert.equal((await anon.login(username, NEW_PASSWORD)).status, 200);
  });

  test('an unknown address gets the same answer and no mail', async () => {
    const anon = new ApiClient(server);
    const nobody = `nobody${process.pid}@example.test`;
    const res = await askReset(anon, nobody);
    assert.equal(res.status, 202, res.text);
    assert.deepEqual(res.body, {});
    // Its code answers exactly like a wrong code for a real account.
    const unknown = await confirmReset(anon, {
      email: nobody,
      code: '123456',
      new_password: NEW_PASSWORD,
    });
    assertError(unknown, 422, 'invalid_code');
    const c = await register(server);
    await box.next(c.user.email);
    assert.equal((await askReset(anon, c.user.email)).status, 202);
    const mail = await box.next(c.user.email);
    const wrong = await confirmReset(anon, {
      email: c.user.email,
      code: mail.code === '000000' ? '111111' : '000000',
      new_password: NEW_PASSWORD,
    });
    assert.deepEqual(wrong.body, unknown.body);
    // The unknown address's request was decided before its 202: had it sent anything, that
    // mail would have been queued before this one.
    assert.deepEqual(box.messages.filter((m) => m.rcpt_tos.includes(nobody)), []);
  });

  test('reset input is checked', async () => {
    const anon = new ApiClient(server);
    assertError(await anon.post(RESET, {}), 422, 'invalid_field', 'email');
    assertError(await askReset(anon, 'not-an-address'), 422, 'invalid_field', 'email');
    assertError(await askReset(anon, 42), 422, 'invalid_field', 'email');
    assertError(await anon.post(RESET, 'nope'), 400, 'invalid_json');
    const confirm = (body) => confirmReset(anon, body);
    assertError(await confirm({ new_password: NEW_PASSWORD }), 422, 'invalid_field', 'email');
    const email = 'a@example.test';
    const np = NEW_PASSWORD;
    assertError(await confirm({ email, new_password: np }), 422, 'invalid_field', 'code');
    const letters = await confirm({ email, code: 'abcdef', new_password: np });
    assertError(letters, 422, 'invalid_field', 'code');
    assertError(await confirm({ token: 7, new_password: np }), 422, 'invalid_field', 'token');
    assertError(await confirm({ token: 'short', new_password: np }), 422, 'invalid_token');
    assertError(await confirm({ token: 'B'.repeat(43), new_password: np }), 422, 'invalid_token');
    const common = await confirm({ token: 'B'.repeat(43), new_password: 'password' });
    assertError(common, 422, 'invalid_field', 'new_password');
  });
});

describe('expiry (OPENCHAT_EMAIL_TOKEN_TTL_MS)', () => {
  let box, server;
  before(async () => {
    box = await Mailbox.start();
    // Codes and links live one millisecond: expired by the time the test reads the mail.
    server = await smtpServer(box, { OPENCHAT_EMAIL_TOKEN_TTL_MS: '1' });
  });
  after(async () => {
    await server?.stop();
    await box?.stop();
  });

  test('an expired verification code and link are refused', async () => {
    const c = await register(server);
    const mail = await box.next(c.user.email);
    assert.match(mail.body, /\r\nIt expires in 1 millisecond\.\r\n$/);
    assertError(await verify(c, mail.code), 410, 'code_expired');
    assert.deepEqual(await openLink(server, mail.link), {
      status: 302,
      location: `${PUBLIC}/?email_verify_error=token_expired`,
    });
    assert.equal((await me(c)).email_verified, false);
  });

  test('an expired reset link is refused; the code form does not say why', async () => {
    const c = await register(server);
    await box.next(c.user.email);
    const anon = new ApiClient(server);
    assert.equal((await askReset(anon, c.user.email)).status, 202);
    const mail = await box.next(c.user.email);
    const byLink = await confirmReset(anon, { token: mail.token, new_password: NEW_PASSWORD });
    assertError(byLink, 410, 'token_expired');
    const byCode = await confirmReset(anon, {
      email: c.user.email,
      code: mail.code,
      new_password: NEW_PASSWORD,
    });
    assertError(byCode, 422, 'invalid_code');
    assert.equal((await anon.login(c.user.username, PASSWORD)).status, 200);
  });
});

describe('rate limits (OPENCHAT_RATE_LIMITS)', () => {
  let box, server;
  before(async () => {
    box = await Mailbox.start();
    server = await smtpServer(box, {
      OPENCHAT_RATE_LIMITS: 'register=1000/60,login=1000/60,verify=3/600,reset=2/3600',
    });
  });
  after(async () => {
    await server?.stop();
    await box?.stop();
  });

  test('"verify" limits code attempts and resends per account', async () => {
    const a = await register(server);
    const b = await register(server);
    const mailA = await box.next(a.user.email);
    const mailB = await box.next(b.user.email);
    const wrong = (m) => (m.code === '000000' ? '111111' : '000000');
    assertError(await verify(a, wrong(mailA)), 422, 'invalid_code');
    assertError(await verify(a, wrong(mailA)), 422, 'invalid_code');
    assert.equal((await resend(a)).status, 202);
    const limited = await verify(a, wrong(mailA));
    assertError(limited, 429, 'rate_limited');
    assert.match(limited.headers.get('retry-after'), /^[1-9]\d*$/);
    assertError(await resend(a), 429, 'rate_limited');
    // Another account from the same address is not held back.
    assert.equal((await verify(b, mailB.code)).status, 204);
  });

  test('"reset" limits reset requests per address and per IP', async () => {
    const anon = new ApiClient(server);
    const c = await register(server);
    await box.next(c.user.email);
    assert.equal((await askReset(anon, c.user.email)).status, 202);
    assert.equal((await askReset(anon, 'other@example.test')).status, 202);
    const limited = await askReset(anon, c.user.email);
    assertError(limited, 429, 'rate_limited');
    assert.match(limited.headers.get('retry-after'), /^[1-9]\d*$/);
    assertError(await askReset(anon, 'third@example.test'), 429, 'rate_limited');
  });

  test('"verify" limits reset confirmations per IP', async () => {
    const anon = new ApiClient(server);
    const confirm = () =>
      confirmReset(anon, { token: 'C'.repeat(43), new_password: NEW_PASSWORD });
    for (let i = 0; i < 3; i++) assertError(await confirm(), 422, 'invalid_token');
    assertError(await confirm(), 429, 'rate_limited');
  });
});

describe('outbox and delivery failures', () => {
  test('without SMTP_URL mail goes to .eml files in the outbox; the log shows links', async () => {
    const server = await startOpenchat({ env: { OPENCHAT_RATE_LIMITS: GENEROUS } });
    try {
      assert.match(server.output, /no SMTP_URL: mail is written to \S+\/outbox/);
      const c = await register(server);
      const { email } = c.user;
      const m = await server.waitForLog(
        new RegExp(`mail to ${esc(email)} written to (\\S+\\.eml); its link: (\\S+)`),
      );
      const [, file, logged] = m;
      assert.equal(path.dirname(file), path.join(server.dataDir, 'outbox'));
      assert.deepEqual(fs.readdirSync(path.dirname(file)), [path.basename(file)]);
      const mail = parseMail(fs.readFileSync(file, 'utf8'));
      assert.equal(mail.headers.from, 'OpenChat <no-reply@localhost>');
      assert.equal(mail.headers.to, `${c.user.username} <${email}>`);
      assert.equal(mail.headers.subject, 'Confirm your e-mail address for OpenChat');
      assert.equal(mail.link, logged);
      assert.equal(logged, `http://localhost:${server.port}${VERIFY}?token=${mail.token}`);
      assert.deepEqual(await openLink(server, logged), {
        status: 302,
        location: `http://localhost:${server.port}/?email_verified=1`,
      });
      assert.equal((await me(c)).email_verified, true);
    } finally {
      await server.stop();
    }
  });

  test('a relay that refuses the mail is logged; registration still succeeds', async () => {
    const box = await Mailbox.start(['--reject']);
    const server = await smtpServer(box);
    const relay = `smtp://127.0.0.1:${box.port}`;
    try {
      const c = await register(server);
      await server.waitForLog(
        new RegExp(`mail to ${esc(c.user.email)} not sent through ${esc(relay)}: .*550`),
      );
      // The user can ask again once the relay works; the route itself answers.
      assert.equal((await resend(c)).status, 202);
    } finally {
      await server.stop();
      await box.stop();
    }
  });
});
