// Engine.IO v4 at the protocol level, with raw HTTP (fetch) and raw WebSocket (ws): the
// handshake, the heartbeat, every refusal with its status and JSON error, the upgrade
// sequence, origins, and the Socket.IO connect deadline.
//
// The tests in this file run one after another: some count the server's HTTP requests
// (openchat_http_requests_total) to know a long-poll GET is waiting at the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { WAIT_MS, startFixture, waitFor, waitUntil } from './lib/server.mjs';

// The main server pings rarely, so a long-poll GET waits until the test answers it; the
// heartbeat tests use a second server that pings fast.
const PING_INTERVAL = 20000;
const PING_TIMEOUT = 10000;
const FAST_PING_INTERVAL = 300;
const FAST_PING_TIMEOUT = 200;
const MAX_PAYLOAD = 10000;
const CONNECT_TIMEOUT = 1500;
const ALLOWED = 'http://allowed.example';
const SEP = '\x1e';

/** Messages of a raw WebSocket, awaited one at a time. */
class WsClient {
  static async open(url, opts) {
    const ws = new WebSocket(url, opts);
    const c = new WsClient(ws);
    await waitFor(ws, 'open', { what: `WebSocket ${url} to open` });
    return c;
  }

  constructor(ws) {
    this.ws = ws;
    this.queue = [];
    this.waiters = [];
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data, isBinary) => {
      this.queue.push(isBinary ? data : data.toString());
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  async next(timeout = WAIT_MS) {
    const deadline = Date.now() + timeout;
    while (this.queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out after ${timeout} ms waiting for a WebSocket message`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.queue.shift();
  }

  send(text) {
    this.ws.send(text);
  }

  close() {
    this.ws.terminate();
  }
}

async function polling(base, headers = {}) {
  const res = await fetch(base, { headers });
  assert.equal(res.status, 200);
  const body = await res.text();
  assert.equal(body[0], '0', `open packet expected, got ${JSON.stringify(body)}`);
  const open = JSON.parse(body.slice(1));
  return { res, open, url: `${base}&sid=${open.sid}` };
}

async function assertJsonError(res, status, code) {
  assert.equal(res.status, status);
  assert.equal(res.headers.get('content-type'), 'application/json');
  const body = await res.json();
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error), ['code', 'message']);
}

describe('engine.io heartbeat', { timeout: 30000 }, () => {
  let server;
  let base;
  before(async () => {
    server = await startFixture({
      args: [
        '--ping-interval-ms',
        String(FAST_PING_INTERVAL),
        '--ping-timeout-ms',
        String(FAST_PING_TIMEOUT),
      ],
    });
    base = `${server.url}/socket.io/?EIO=4&transport=polling`;
  });
  after(() => server.stop());
  const handshake = () => polling(base);

  test('heartbeat: a ping arrives; without a pong the session is closed', async () => {
    const started = Date.now();
    const { url } = await handshake();
    let res = await fetch(url);
    assert.equal(await res.text(), '2');
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= FAST_PING_INTERVAL - 50, `ping after ${elapsed} ms`);
    // No pong: the waiting GET gets the close packet once the ping timeout passes.
    res = await fetch(url);
    assert.equal(await res.text(), '1');
    await assertJsonError(await fetch(url), 400, 'unknown_sid');
  });

  test('heartbeat: answered pings keep a WebSocket session open', async () => {
    const ws = await WsClient.open(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
    assert.equal((await ws.next())[0], '0');
    ws.send('40');
    assert.match(await ws.next(), /^40\{"sid":"[A-Za-z0-9_-]{20}","pid":"[A-Za-z0-9_-]{20}"\}$/);
    assert.match(await ws.next(), /^42\["welcome",/);
    for (let i = 0; i < 4; i++) {
      assert.equal(await ws.next(), '2');
      ws.send('3');
    }
    assert.equal(ws.ws.readyState, WebSocket.OPEN);
    ws.close();
  });
});

describe('engine.io protocol', { timeout: 30000 }, () => {
  let server;
  let base;
  before(async () => {
    server = await startFixture({
      args: [
        '--ping-interval-ms',
        String(PING_INTERVAL),
        '--ping-timeout-ms',
        String(PING_TIMEOUT),
        '--max-payload',
        String(MAX_PAYLOAD),
        '--connect-timeout-ms',
        String(CONNECT_TIMEOUT),
        '--allowed-origins',
        ALLOWED,
      ],
    });
    base = `${server.url}/socket.io/?EIO=4&transport=polling`;
  });
  after(() => server.stop());

  const handshake = (headers) => polling(base, headers);

  /** A polling session connected to "/", its CONNECT answer and welcome read. */
  async function connectedSession() {
    const session = await handshake();
    const res = await fetch(session.url, { method: 'POST', body: '40' });
    assert.equal(await res.text(), 'ok');
    const got = await (await fetch(session.url)).text();
    assert.match(got, /^40\{"sid":"[^"]+","pid":"[^"]+"\}\x1e42\["welcome",/);
    return session;
  }

  /** Starts a GET on a session; resolves once the server has it waiting, with {response}. */
  async function pendingGet(url) {
    const before = await server.metric('openchat_http_requests_total');
    const get = fetch(url).then(async (r) => ({ status: r.status, body: await r.text() }));
    // This metrics request and the GET: the GET has been dispatched once the count is 2 more.
    await waitUntil(
      async () => (await server.metric('openchat_http_requests_total')) >= before + 2,
      {
        message: 'the long-poll GET to reach the server',
      },
    );
    return { response: get }; // not the promise itself: awaiting this must not wait for it
  }

  test('polling handshake: fields equal the flags', async () => {
    const { res, open } = await handshake();
    assert.equal(res.headers.get('content-type'), 'text/plain; charset=UTF-8');
    assert.deepEqual(Object.keys(open).sort(), [
      'maxPayload',
      'pingInterval',
      'pingTimeout',
      'sid',
      'upgrades',
    ]);
    assert.match(open.sid, /^[A-Za-z0-9_-]{20}$/);
    assert.deepEqual(open.upgrades, ['websocket']);
    assert.equal(open.pingInterval, PING_INTERVAL);
    assert.equal(open.pingTimeout, PING_TIMEOUT);
    assert.equal(open.maxPayload, MAX_PAYLOAD);
    const other = await handshake();
    assert.notEqual(other.open.sid, open.sid);
  });

  test('websocket handshake: the open packet offers no further upgrade', async () => {
    const ws = await WsClient.open(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
    const first = await ws.next();
    assert.equal(first[0], '0');
    const open = JSON.parse(first.slice(1));
    assert.match(open.sid, /^[A-Za-z0-9_-]{20}$/);
    assert.deepEqual(open.upgrades, []);
    assert.equal(open.pingInterval, PING_INTERVAL);
    assert.equal(open.pingTimeout, PING_TIMEOUT);
    assert.equal(open.maxPayload, MAX_PAYLOAD);
    ws.close();
  });

  test('unknown sid, bad EIO, bad transport: 400 with a JSON error', async () => {
    await assertJsonError(await fetch(`${base}&sid=AAAAAAAAAAAAAAAAAAAA`), 400, 'unknown_sid');
    await assertJsonError(
      await fetch(`${base}&sid=AAAAAAAAAAAAAAAAAAAA`, { method: 'POST', body: '40' }),
      400,
      'unknown_sid',
    );
    const root = `${server.url}/socket.io/`;
    for (const q of ['?EIO=3&transport=polling', '?transport=polling', '?EIO=5&transport=polling'])
      await assertJsonError(await fetch(root + q), 400, 'unsupported_protocol_version');
    for (const q of ['?EIO=4&transport=flashsocket', '?EIO=4', '?EIO=4&transport='])
      await assertJsonError(await fetch(root + q), 400, 'unknown_transport');
    // transport=websocket without the upgrade is refused, as is a POST handshake.
    await assertJsonError(await fetch(root + '?EIO=4&transport=websocket'), 400, 'bad_request');
    await assertJsonError(
      await fetch(base, { method: 'POST', body: '' }),
      400,
      'bad_handshake_method',
    );
  });

  test('two GETs at once: the first gets the close packet, the second 400', async () => {
    const { url } = await connectedSession();
    const { response: first } = await pendingGet(url);
    const second = await fetch(url);
    await assertJsonError(second, 400, 'bad_request');
    assert.deepEqual(await first, { status: 200, body: '1' });
    await assertJsonError(await fetch(url), 400, 'unknown_sid');
  });

  test('a POST body over maxPayload: 413, and the session is closed', async () => {
    const { url } = await handshake();
    const big = '4' + 'x'.repeat(MAX_PAYLOAD + 1);
    await assertJsonError(
      await fetch(url, { method: 'POST', body: big }),
      413,
      'payload_too_large',
    );
    await assertJsonError(await fetch(url), 400, 'unknown_sid');
    // Exactly maxPayload is fine (a noop and a message that fill it).
    const ok = await handshake();
    const exact = '6' + SEP + '4' + 'y'.repeat(MAX_PAYLOAD - 3);
    assert.equal(exact.length, MAX_PAYLOAD);
    const res = await fetch(ok.url, { method: 'POST', body: exact });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'ok');
  });

  test('a WebSocket message over maxPayload closes with 1009', async () => {
    const ws = await WsClient.open(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
    assert.equal((await ws.next())[0], '0');
    ws.send('4' + 'z'.repeat(MAX_PAYLOAD + 10));
    assert.equal(await ws.closed, 1009);
  });

  test('CORS on polling: headers for the allowed origin only', async () => {
    const allowed = await handshake({ Origin: ALLOWED });
    assert.equal(allowed.res.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(allowed.res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(allowed.res.headers.get('vary'), /Origin/);
    const post = await fetch(allowed.url, {
      method: 'POST',
      body: '40',
      headers: { Origin: ALLOWED },
    });
    assert.equal(post.headers.get('access-control-allow-origin'), ALLOWED);

    const foreign = await handshake({ Origin: 'http://evil.example' });
    assert.equal(foreign.res.headers.get('access-control-allow-origin'), null);
    assert.equal(foreign.res.headers.get('access-control-allow-credentials'), null);

    // The preflight a browser sends before a cross-origin POST.
    const preflight = (origin) =>
      fetch(allowed.url, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
    const yes = await preflight(ALLOWED);
    assert.equal(yes.status, 204);
    assert.equal(yes.headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(yes.headers.get('access-control-allow-credentials'), 'true');
    assert.match(yes.headers.get('access-control-allow-methods'), /POST/);
    assert.equal(yes.headers.get('access-control-allow-headers'), 'content-type');
    await assertJsonError(await preflight('http://evil.example'), 403, 'origin_not_allowed');
  });

  test('WebSocket from a disallowed Origin: 403; allowed or absent Origin: open', async () => {
    const url = `${server.wsUrl}/socket.io/?EIO=4&transport=websocket`;
    const refused = new WebSocket(url, { origin: 'http://evil.example' });
    const [, res] = await waitFor(refused, 'unexpected-response');
    refused.on('error', () => {}); // terminate() below reports the aborted handshake
    assert.equal(res.statusCode, 403);
    assert.equal(res.headers['content-type'], 'application/json');
    let body = '';
    for await (const chunk of res) body += chunk;
    assert.equal(JSON.parse(body).error.code, 'origin_not_allowed');
    refused.terminate();

    for (const opts of [{ origin: ALLOWED }, {}]) {
      const ws = await WsClient.open(url, opts);
      assert.equal((await ws.next())[0], '0');
      ws.close();
    }
  });

  test('upgrade sequence: 2probe/3probe, the waiting GET gets a noop, then 5', async () => {
    const { url, open } = await connectedSession();
    const { response: get } = await pendingGet(url);
    const ws = await WsClient.open(
      `${server.wsUrl}/socket.io/?EIO=4&transport=websocket&sid=${open.sid}`,
    );
    ws.send('2probe');
    assert.equal(await ws.next(), '3probe');
    assert.deepEqual(await get, { status: 200, body: '6' });
    ws.send('5');
    // Traffic now flows over the WebSocket.
    ws.send('421["echo","over ws"]');
    assert.equal(await ws.next(), '431["over ws"]');
    // The session is on the WebSocket now: polling requests for it are refused.
    await assertJsonError(await fetch(url), 400, 'bad_request');
    ws.close();
  });

  test('disconnect-me(true) over polling: the waiting GET gets DISCONNECT, the next one close', async () => {
    const { url } = await connectedSession();
    const { response: get } = await pendingGet(url);
    const res = await fetch(url, { method: 'POST', body: '42["disconnect-me",true]' });
    assert.equal(await res.text(), 'ok');
    // As engine.io does: what was queued leaves first, the close packet with the next GET.
    assert.deepEqual(await get, { status: 200, body: '41' });
    const last = await fetch(url);
    assert.equal(last.status, 200);
    assert.equal(await last.text(), '1');
    await assertJsonError(await fetch(url), 400, 'unknown_sid');
  });

  test('a server-side close with no GET waiting: the next GET gets what was queued, then close', async () => {
    const { url } = await connectedSession();
    const res = await fetch(url, { method: 'POST', body: '42["disconnect-me",true]' });
    assert.equal(await res.text(), 'ok');
    const last = await fetch(url);
    assert.equal(last.status, 200);
    assert.equal(await last.text(), `41${SEP}1`);
    await assertJsonError(await fetch(url), 400, 'unknown_sid');
    // A POST to the closed session is refused while it waits for that GET.
    const other = await connectedSession();
    await fetch(other.url, { method: 'POST', body: '42["disconnect-me",true]' });
    await assertJsonError(
      await fetch(other.url, { method: 'POST', body: '40' }),
      400,
      'session_closed',
    );
  });

  test('no Socket.IO CONNECT within --connect-timeout-ms: the session is closed', async () => {
    const started = Date.now();
    const ws = await WsClient.open(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
    assert.equal((await ws.next())[0], '0');
    const code = await Promise.race([
      ws.closed,
      new Promise((_, reject) =>
        setTimeout(
          () => reject(new Error('not closed within 3x the connect timeout')),
          3 * CONNECT_TIMEOUT,
        ),
      ),
    ]);
    const elapsed = Date.now() - started;
    assert.equal(code, 1000);
    assert.ok(elapsed >= CONNECT_TIMEOUT - 100, `closed after ${elapsed} ms`);
  });
});
