// The product's HTTP server (build/openchat): health and metrics, JSON errors, HTTP/1.1
// framing (keep-alive, pipelining, chunked bodies, limits and timeouts), security headers,
// CORS, static files with the SPA fallback, path traversal, and the connection limit.
//
// Raw TCP (RawHttp) is used wherever fetch() would hide the bytes: pipelining, partial or
// oversized heads, and paths fetch() would normalise ("/../etc").
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  OPENCHAT_BIN,
  RawHttp,
  ack,
  freePort,
  rawRequest,
  startOpenchat,
  waitFor,
  waitUntil,
  writeTree,
} from './lib/server.mjs';
import { signIn, users } from './lib/chat.mjs';

const ALLOWED = 'http://app.example';
const HEADER_TIMEOUT = 500;
const MAX_BODY = 1024;
const SECRET = 'top secret, outside the web root';

const FILES = {
  'index.html': '<!doctype html><title>OpenChat</title><div id="root"></div>\n',
  'app.js': 'console.log("app");\n',
  'style.css': 'body { margin: 0 }\n',
  'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
  'assets/index-AbCd1234.js': 'export const hashed = true;\n',
  'assets/index-Zz_9-8Yx.css': '.hashed { color: red }\n',
  'assets/vendor-abcdefgh.js': '// a word, not a hash\n',
  'logo-AbCd1234.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
  '.git/config': '[core]\n',
  '.env': 'PASSWORD=hunter2\n',
};

/** Asserts the headers every response must carry. */
function assertSecurityHeaders(headers, what) {
  const get = (k) => (typeof headers.get === 'function' ? headers.get(k) : headers[k]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP without frame-ancestors 'none'`);
  assert.match(csp, /default-src 'self'/, `${what}: CSP without default-src 'self'`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(get('referrer-policy'), 'same-origin', `${what}: Referrer-Policy`);
  assert.equal(get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
}

function assertJsonError(res, status, code) {
  assert.equal(res.status, status);
  assert.equal(res.headers['content-type'], 'application/json');
  const body = JSON.parse(res.body);
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
}

const get = (p, extra = '') => `GET ${p} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;

describe('http server', { timeout: 30000 }, () => {
  let server;
  let tmp;
  let webRoot;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'openchat-web-'));
    webRoot = path.join(tmp, 'www');
    writeTree(webRoot, FILES);
    fs.writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(webRoot, 'link.txt'));
    fs.symlinkSync(tmp, path.join(webRoot, 'up'));
    server = await startOpenchat({
      webRoot,
      args: [
        '--max-body',
        String(MAX_BODY),
        '--header-timeout-ms',
        String(HEADER_TIMEOUT),
        '--allowed-origins',
        ALLOWED,
      ],
    });
  });
  after(async () => {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const raw = (text, opts) => rawRequest(server.port, text, opts);

  test('GET /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const body = await res.json();
    assert.deepEqual(Object.keys(body), ['status', 'version', 'uptime_seconds', 'connections']);
    assert.equal(body.status, 'ok');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.ok(Number.isInteger(body.uptime_seconds) && body.uptime_seconds >= 0);
    assert.ok(Number.isInteger(body.connections) && body.connections >= 1);
    assertSecurityHeaders(res.headers, '/healthz');
  });

  test('GET /metrics: Prometheus text, every sample typed, counters count', async () => {
    const fetchText = async () => {
      const res = await fetch(`${server.url}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      return res.text();
    };
    const text = await fetchText();
    assert.ok(text.endsWith('\n'));
    const types = new Map();
    const samples = new Map();
    for (const line of text.trimEnd().split('\n')) {
      let m;
      if ((m = /^# TYPE (\w+) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
        assert.ok(!types.has(m[1]), `duplicate TYPE for ${m[1]}`);
        types.set(m[1], m[2]);
      } else if (line.startsWith('# HELP ')) {
        assert.match(line, /^# HELP \w+ \S/);
      } else {
        m = /^(\w+)(\{[^}]*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
        assert.ok(m, `malformed sample line ${JSON.stringify(line)}`);
        assert.ok(types.has(m[1]), `sample ${m[1]} has no # TYPE line before it`);
        samples.set(m[1] + (m[2] || ''), Number(m[3]));
      }
    }
    assert.equal(types.get('openchat_connections_open'), 'gauge');
    assert.equal(types.get('openchat_http_requests_total'), 'counter');
    assert.equal(types.get('openchat_write_queue_drops_total'), 'counter');
    assert.equal(types.get('openchat_sio_sockets'), 'gauge');
    assert.ok(samples.has('openchat_sio_sockets{namespace="/"}'));
    assert.ok(samples.has('openchat_eio_sessions{transport="websocket"}'));
    for (const [name, type] of types) {
      if (type === 'counter') assert.match(name, /_total$/, `counter ${name} should end in _total`);
    }
    // The tests in this file run one at a time: exactly one more request was served.
    const before = samples.get('openchat_http_requests_total');
    const later = await fetchText();
    const after = Number(/^openchat_http_requests_total (\d+)$/m.exec(later)[1]);
    assert.equal(after, before + 1);
  });

  test('socket.io on the product: sockets are counted, unknown events get an ack error', async () => {
    // The main namespace admits signed-in sockets only.
    const [user] = await users(server, 1);
    const { socket } = await signIn(server, user);
    assert.equal(await server.metric('openchat_sio_sockets{namespace="/"}'), 1);
    const [answer] = await ack(socket, 'no-such-event', 1);
    assert.deepEqual(answer, {
      error: { code: 'unknown_event', message: 'No handler for the event "no-such-event".' },
    });
    const gone = waitFor(socket, 'disconnect');
    socket.disconnect();
    await gone;
    await waitUntil(
      async () => (await server.metric('openchat_sio_sockets{namespace="/"}')) === 0,
      {
        message: 'openchat_sio_sockets{namespace="/"} to drop to 0',
      },
    );
  });

  test('unknown /api paths: 404 JSON for every method', async () => {
    for (const [method, p, message] of [
      ['GET', '/api/nope', null],
      ['GET', '/api', null],
      ['HEAD', '/api/nope', null],
      ['POST', '/api/nope', 'No such API route.'],
      ['DELETE', '/api/v1/things/1', 'No such API route.'],
    ]) {
      const res = await fetch(`${server.url}${p}`, { method });
      assert.equal(res.status, 404, `${method} ${p}`);
      assert.equal(res.headers.get('content-type'), 'application/json');
      if (method === 'HEAD') continue;
      const body = await res.json();
      assert.equal(body.error.code, 'not_found');
      if (message) assert.equal(body.error.message, message);
    }
  });

  test('405 with Allow for a known path and another method', async () => {
    for (const method of ['DELETE', 'POST', 'PUT']) {
      const res = await fetch(`${server.url}/healthz`, {
        method,
        body: method === 'DELETE' ? undefined : '',
      });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'GET, HEAD');
      assert.deepEqual(await res.json(), {
        error: { code: 'method_not_allowed', message: 'This method is not allowed here.' },
      });
    }
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  test('keep-alive and pipelining: three requests in one write, three answers in order', async () => {
    const c = await RawHttp.connect(server.port);
    try {
      c.write(get('/healthz') + get('/missing.js') + `HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
      const first = await c.response();
      assert.equal(first.status, 200);
      assert.equal(JSON.parse(first.body).status, 'ok');
      assert.equal(first.headers.connection, 'keep-alive');
      const second = await c.response();
      assertJsonError(second, 404, 'not_found');
      const third = await c.response({ head: true });
      assert.equal(third.status, 200);
      assert.ok(Number(third.headers['content-length']) > 0, 'HEAD keeps the Content-Length');
      // The connection is still usable after the pipelined batch.
      c.write(get('/app.js'));
      const fourth = await c.response();
      assert.equal(fourth.body, FILES['app.js']);
      assert.equal(c.buf.length, 0, 'no stray bytes after the responses');
    } finally {
      c.close();
    }
  });

  test('HTTP/1.0 without keep-alive: Connection: close, then the server closes', async () => {
    const c = await RawHttp.connect(server.port);
    c.write('GET /healthz HTTP/1.0\r\n\r\n');
    const res = await c.response();
    assert.equal(res.status, 200);
    assert.equal(res.headers.connection, 'close');
    await c.closedByPeer();
    c.close();
  });

  test('a header block over 16 KiB: 431 and close', async () => {
    const c = await RawHttp.connect(server.port);
    c.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`);
    const res = await c.response();
    assertJsonError(res, 431, 'headers_too_large');
    assert.equal(res.headers.connection, 'close');
    assertSecurityHeaders(res.headers, '431');
    await c.closedByPeer();
    c.close();
    // Just under the limit is fine.
    const ok = await raw(get('/healthz', `X-Big: ${'a'.repeat(15 * 1024)}\r\n`));
    assert.equal(ok.status, 200);
  });

  test('a body over --max-body: 413 (declared length and chunked)', async () => {
    const c = await RawHttp.connect(server.port);
    c.write(
      `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: ${MAX_BODY + 1}\r\n\r\n` +
        'x'.repeat(100),
    );
    const res = await c.response();
    assertJsonError(res, 413, 'body_too_large');
    assert.equal(res.headers.connection, 'close');
    await c.closedByPeer();
    c.close();

    const chunk = 'y'.repeat(600);
    const chunked = await raw(
      'POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
        `${(600).toString(16)}\r\n${chunk}\r\n${(600).toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    );
    assertJsonError(chunked, 413, 'body_too_large');
  });

  test('a chunked POST is read whole (405 here) and the connection stays usable', async () => {
    const c = await RawHttp.connect(server.port);
    try {
      c.write(
        'POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n' +
          '5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n',
      );
      const res = await c.response();
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, 'GET, HEAD');
      assert.equal(res.headers.connection, 'keep-alive');
      c.write(get('/healthz'));
      const next = await c.response();
      assert.equal(next.status, 200);
      // A chunked body split across writes is waited for.
      c.write('POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab');
      c.write('c\r\n0\r\n\r\n');
      assert.equal((await c.response()).status, 405);
    } finally {
      c.close();
    }
  });

  test('Expect: 100-continue gets an interim 100, then the answer', async () => {
    const c = await RawHttp.connect(server.port);
    try {
      c.write(
        'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n',
      );
      const interim = await c.response();
      assert.equal(interim.status, 100);
      c.write('hello');
      const res = await c.response();
      assert.equal(res.status, 405);
      assert.equal(res.headers.connection, 'keep-alive');
      // Over the limit there is no 100: the 413 comes at once.
      c.write(
        `POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: ${MAX_BODY + 1}\r\n` +
          'Expect: 100-continue\r\n\r\n',
      );
      assertJsonError(await c.response(), 413, 'body_too_large');
    } finally {
      c.close();
    }
  });

  test('header timeout: half a head gets 408 and the connection is closed', async () => {
    const c = await RawHttp.connect(server.port);
    const started = Date.now();
    c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const res = await c.response({ timeout: HEADER_TIMEOUT * 10 });
    const elapsed = Date.now() - started;
    assertJsonError(res, 408, 'request_timeout');
    assert.ok(elapsed >= HEADER_TIMEOUT - 50, `408 after ${elapsed} ms`);
    await c.closedByPeer();
    c.close();
    // The body runs against the same clock: half a body gets 408 too.
    const slowBody = await RawHttp.connect(server.port);
    slowBody.write('POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf');
    assertJsonError(
      await slowBody.response({ timeout: HEADER_TIMEOUT * 10 }),
      408,
      'request_timeout',
    );
    await slowBody.closedByPeer();
    slowBody.close();
    // A connection that never sends a byte is closed without an answer.
    const silent = await RawHttp.connect(server.port);
    await silent.closedByPeer({ timeout: HEADER_TIMEOUT * 10 });
    assert.equal(silent.buf.length, 0);
    silent.close();
  });

  test('malformed requests: 400, 501 and 505 with JSON bodies', async () => {
    assertJsonError(
      await raw('GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'),
      400,
      'bad_request',
    );
    assertJsonError(await raw('GET /healthz HTTP/1.1\nHost: a\n\n'), 400, 'bad_request');
    assertJsonError(
      await raw('GET /healthz HTTP/2.0\r\nHost: a\r\n\r\n'),
      505,
      'http_version_not_supported',
    );
    assertJsonError(
      await raw('POST /healthz HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n'),
      501,
      'transfer_encoding_not_supported',
    );
    assertJsonError(
      await raw(
        'POST /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd',
      ),
      400,
      'bad_request',
    );
  });

  test('security headers on every kind of response', async () => {
    const cases = [
      ['/', {}],
      ['/healthz', {}],
      ['/metrics', {}],
      ['/missing.js', {}],
      ['/api/x', { method: 'POST' }],
      ['/healthz', { method: 'DELETE' }],
      ['/socket.io/?EIO=3', {}],
      [
        '/api/x',
        {
          method: 'OPTIONS',
          headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST' },
        },
      ],
    ];
    const statuses = new Set();
    for (const [p, opts] of cases) {
      const res = await fetch(server.url + p, opts);
      await res.arrayBuffer();
      statuses.add(res.status);
      assertSecurityHeaders(res.headers, `${opts.method || 'GET'} ${p} (${res.status})`);
    }
    const etag = (await fetch(`${server.url}/app.js`)).headers.get('etag');
    const notModified = await fetch(`${server.url}/app.js`, { headers: { 'If-None-Match': etag } });
    statuses.add(notModified.status);
    assertSecurityHeaders(notModified.headers, '304');
    assert.deepEqual([...statuses].sort(), [200, 204, 304, 400, 404, 405]);
  });

  test('CORS: preflight and simple requests, allowed and refused origins', async () => {
    const preflight = (origin) =>
      fetch(`${server.url}/api/messages`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type, authorization',
        },
      });
    const yes = await preflight(ALLOWED);
    assert.equal(yes.status, 204);
    assert.equal(yes.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(yes.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(
      yes.headers.get('access-control-allow-methods'),
      'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    );
    assert.equal(yes.headers.get('access-control-allow-headers'), 'content-type, authorization');
    assert.equal(yes.headers.get('access-control-max-age'), '600');
    assert.equal(yes.headers.get('content-length'), null);
    assert.equal(await yes.text(), '');

    const no = await preflight('http://evil.example');
    assert.equal(no.status, 403);
    assert.equal(no.headers.get('access-control-allow-origin'), null);
    assert.equal((await no.json()).error.code, 'origin_not_allowed');

    const simple = await fetch(`${server.url}/healthz`, { headers: { Origin: ALLOWED } });
    assert.equal(simple.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(simple.headers.get('access-control-allow-credentials'), 'true');
    assert.match(simple.headers.get('vary'), /Origin/);
    const foreign = await fetch(`${server.url}/healthz`, {
      headers: { Origin: 'http://evil.example' },
    });
    assert.equal(foreign.status, 200);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(foreign.headers.get('access-control-allow-credentials'), null);
  });

  test('static files: index, SPA fallback, 404 for a missing asset, MIME types', async () => {
    for (const p of ['/', '/index.html', '/zones/123', '/zones/123/channels/9', '/invite/abc']) {
      const res = await fetch(server.url + p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8', p);
      assert.equal(res.headers.get('cache-control'), 'no-cache', p);
      assert.equal(await res.text(), FILES['index.html'], p);
    }
    for (const p of ['/missing.js', '/assets/index-Nope1234.js', '/zones/123/x.png']) {
      const res = await fetch(server.url + p);
      assert.equal(res.status, 404, p);
      assert.deepEqual(await res.json(), {
        error: { code: 'not_found', message: 'No such file.' },
      });
    }
    for (const [p, type] of [
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'text/css; charset=utf-8'],
      ['/logo.svg', 'image/svg+xml'],
      ['/assets/index-AbCd1234.js', 'text/javascript; charset=utf-8'],
    ]) {
      const res = await fetch(server.url + p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get('content-type'), type, p);
      assert.equal(await res.text(), FILES[p.slice(1)], p);
    }
    const head = await fetch(`${server.url}/style.css`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(FILES['style.css'].length));
    assert.equal(await head.text(), '');
  });

  test('static files: ETag and If-None-Match, immutable hashed assets', async () => {
    const first = await fetch(`${server.url}/app.js`);
    const etag = first.headers.get('etag');
    assert.match(etag, /^(W\/)?"[^"]+"$/);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    const again = await fetch(`${server.url}/app.js`, { headers: { 'If-None-Match': etag } });
    assert.equal(again.status, 304);
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(await again.text(), '');
    const stale = await fetch(`${server.url}/app.js`, { headers: { 'If-None-Match': '"other"' } });
    assert.equal(stale.status, 200);
    assert.equal(await stale.text(), FILES['app.js']);
    // A changed file gets a new validator.
    fs.writeFileSync(path.join(webRoot, 'app.js'), FILES['app.js'] + '// changed\n');
    try {
      const changed = await fetch(`${server.url}/app.js`, { headers: { 'If-None-Match': etag } });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      await changed.text();
    } finally {
      fs.writeFileSync(path.join(webRoot, 'app.js'), FILES['app.js']);
    }
    // Vite's assets/<name>-<8 base64url characters>.<ext> is immutable; a name that only
    // looks like it (all lower-case letters, or outside assets/) is not.
    for (const [p, cache] of [
      ['/assets/index-AbCd1234.js', 'public, max-age=31536000, immutable'],
      ['/assets/index-Zz_9-8Yx.css', 'public, max-age=31536000, immutable'],
      ['/assets/vendor-abcdefgh.js', 'no-cache'],
      ['/logo-AbCd1234.svg', 'no-cache'],
    ]) {
      const res = await fetch(server.url + p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get('cache-control'), cache, p);
      assert.equal(await res.text(), FILES[p.slice(1)], p);
    }
  });

  test('path traversal and hidden files are refused and never served', async () => {
    const attempts = [
      '/../secret.txt',
      '/../../../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2e%2e/etc/passwd',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%5csecret.txt',
      '/.git/config',
      '/%2egit/config',
      '/.env',
      '/assets/.hidden',
      '/link.txt', // a symlink inside the root pointing outside it
      '/up/secret.txt', // a symlinked directory pointing outside the root
      '/%00',
      '/index.html%00.js',
      '/%zz',
    ];
    for (const p of attempts) {
      const res = await raw(get(p));
      // Dot segments, hidden names, NUL, backslashes and bad escapes are refused before the
      // file system is looked at; a link out of the root is found and refused.
      assertJsonError(res, 403, 'forbidden');
      assert.ok(!res.body.includes(SECRET), `${p} served the secret`);
      assert.ok(!res.body.includes('root:'), `${p} served /etc/passwd`);
      assert.ok(
        !res.body.includes('[core]') && !res.body.includes('hunter2'),
        `${p} served a hidden file`,
      );
    }
  });
});

describe('http server limits', { timeout: 30000 }, () => {
  test('--max-connections: a connection over the limit is closed at once', async () => {
    const server = await startOpenchat({ args: ['--max-connections', '2'] });
    const conns = [];
    try {
      for (let i = 0; i < 2; i++) {
        const c = await RawHttp.connect(server.port);
        conns.push(c);
        c.write(get('/healthz'));
        assert.equal((await c.response()).status, 200);
      }
      const extra = await RawHttp.connect(server.port);
      conns.push(extra);
      await extra.closedByPeer();
      assert.equal(extra.buf.length, 0, 'the refused connection gets no bytes');
      // Ask over an accepted connection: it is still served, and the refusal was counted.
      conns[1].write(get('/metrics'));
      const metrics = (await conns[1].response()).body;
      assert.match(metrics, /^openchat_connections_refused_total 1$/m);
      assert.match(metrics, /^openchat_connections_open 2$/m);
      // Once one closes, a new connection is accepted.
      conns[0].close();
      await waitUntil(
        async () => {
          try {
            return (await raw2(server.port, get('/healthz'))).status === 200;
          } catch {
            return false;
          }
        },
        { message: 'a new connection to be accepted after one closed' },
      );
    } finally {
      for (const c of conns) c.close();
      await server.stop();
    }
  });

  test('a port already in use: exit status 1, a clear error, no crash', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await waitFor(blocker, 'listening');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openchat-it-'));
    try {
      const proc = spawn(
        OPENCHAT_BIN,
        ['--host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      proc.stdout.on('data', (d) => (out += d));
      proc.stderr.on('data', (d) => (out += d));
      const [code, signal] = await waitFor(proc, 'close', {
        timeout: 10000,
        what: 'openchat to exit',
      });
      assert.equal(signal, null, out);
      assert.equal(code, 1, out);
      assert.match(out, /cannot listen on 127\.0\.0\.1 port \d+: address already in use/);
      assert.ok(!/Sanitizer|runtime error:/.test(out), `sanitizer report:\n${out}`);
    } finally {
      blocker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** One request on a fresh connection (which may be refused). */
async function raw2(port, text) {
  return rawRequest(port, text, { timeout: 2000 });
}
