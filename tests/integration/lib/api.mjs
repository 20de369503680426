// A small REST client for the /api/v1 tests: one instance is one browser-like user with a
// cookie jar. It sends the Origin a browser would (so CSRF rules pass like for our own page),
// returns {status, body, headers} without throwing on HTTP errors, and has shortcuts for
// setting up state (register, login) so tests drive the routes they are about.
import assert from 'node:assert/strict';
import { verificationCode } from './outbox.mjs';

let userSeq = 0;

export class ApiClient {
  constructor(server, { origin } = {}) {
    this.server = server;
    this.origin = origin === undefined ? server.url : origin;
    this.cookies = new Map();
    this.token = null; // set to use "Authorization: Bearer" instead of the cookie
  }

  get cookie() {
    return this.cookies.get('oc_session');
  }

  /** Any request; body objects are sent as JSON. */
  async request(method, path, body, { headers = {}, raw } = {}) {
    const h = { ...headers };
    if (this.origin && !('Origin' in h)) h.Origin = this.origin;
    if (this.cookies.size && !('Cookie' in h))
      h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.token && !('Authorization' in h)) h.Authorization = `Bearer ${this.token}`;
    let payload = raw;
    if (body !== undefined && raw === undefined) {
      h['Content-Type'] = h['Content-Type'] || 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(this.server.url + path, { method, headers: h, body: payload });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let json = null;
    if (text && (res.headers.get('content-type') || '').includes('application/json'))
      json = JSON.parse(text);
    return { status: res.status, body: json, text, headers: res.headers };
  }

  get(path, opts) {
    return this.request('GET', path, undefined, opts);
  }
  post(path, body = {}, opts) {
    return this.request('POST', path, body, opts);
  }
  patch(path, body = {}, opts) {
    return this.request('PATCH', path, body, opts);
  }
  put(path, body = {}, opts) {
    return this.request('PUT', path, body, opts);
  }
  delete(path, body, opts) {
    return this.request('DELETE', path, body, opts);
  }

  /** Registers a fresh user (unique name unless given) and keeps its session. */
  async register(fields = {}) {
    // Separators keep the parts apart: without them pid 8339, user 35 and 61 read like user 356 and 1.
    const n = `${process.pid % 10000}x${++userSeq}x${Math.floor(Math.random() * 1000)}`;
    const user = {
      username: `user${n}`,
      email: `user${n}@example.test`,
      password: 'correct horse battery staple',
      ...fields,
    };
    const res = await this.post('/api/v1/auth/register', user);
    assert.equal(res.status, 201, `register ${user.username}: ${res.text}`);
    this.user = { ...res.body.user, password: user.password };
    return this.user;
  }

  async login(login, password) {
    return this.post('/api/v1/auth/login', { login, password });
  }

  /**
   * Verifies this user's e-mail address the way a person would: reads the code from the
   * newest mail to their address in the server's outbox (waiting for it to be written) and
   * posts it to /auth/verify-email. Resolves with the response (asserted 204).
   */
  async verifyEmail() {
    const email = this.user.email.toLowerCase();
    const code = await verificationCode(this.server, email);
    const res = await this.post('/api/v1/auth/verify-email', { code });
    assert.equal(res.status, 204, `verify-email for ${email}: ${res.text}`);
    this.user.email_verified = true;
    return res;
  }
}

/** Asserts an error response: status, code and (optionally) the field at fault. */
export function assertError(res, status, code, field) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.equal(res.body?.error?.code, code, `error code in ${res.text}`);
  assert.equal(typeof res.body.error.message, 'string');
  if (field !== undefined) assert.equal(res.body.error.field, field, `field in ${res.text}`);
}
