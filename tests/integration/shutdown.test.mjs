// Graceful shutdown of the product (build/openchat) on SIGTERM: every client is told in its
// transport's own way (WebSocket close 1001, long-polling close packet), idle keep-alive
// connections are closed, and the process exits 0 within the shutdown timeout, even when a
// client does not cooperate.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, test } from 'node:test';
import WebSocket from 'ws';
import { RawHttp, startOpenchat, waitFor, waitUntil } from './lib/server.mjs';
import { signIn, users } from './lib/chat.mjs';

const SHUTDOWN_TIMEOUT = 2000;

/** A raw Engine.IO WebSocket session connected to "/" as a signed-in user; resolves with the
 * ws and its close code. */
async function wsSession(server, token) {
  const ws = new WebSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`);
  const messages = [];
  const next = () =>
    messages.length
      ? Promise.resolve(messages.shift())
      : waitFor(ws, 'message', { what: 'a WebSocket message' }).then(() => messages.shift());
  ws.on('message', (d) => messages.push(d.toString()));
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  await waitFor(ws, 'open');
  assert.equal((await next())[0], '0');
  ws.send(`40${JSON.stringify({ token })}`);
  assert.match(await next(), /^40\{"sid":"[A-Za-z0-9_-]{20}","pid":"[A-Za-z0-9_-]{20}"\}$/);
  return { ws, closed };
}

/** A polling session connected to "/" as a signed-in user, with a GET waiting at the server. */
async function pollingSession(server, token) {
  const base = `${server.url}/socket.io/?EIO=4&transport=polling`;
  const open = JSON.parse((await (await fetch(base)).text()).slice(1));
  const url = `${base}&sid=${open.sid}`;
  assert.equal(await (await fetch(url, { method: 'POST', body: `40${JSON.stringify({ token })}` })).text(), 'ok');
  assert.match(await (await fetch(url)).text(), /^40\{"sid":/);
  const before = await server.metric('openchat_http_requests_total');
  // A failure is a value here, so the assertion on it names what happened.
  const pending = fetch(url).then(
    async (r) => ({ status: r.status, body: await r.text() }),
    (err) => ({ error: `${err.message}: ${err.cause?.message}` }),
  );
  await waitUntil(async () => (await server.metric('openchat_http_requests_total')) >= before + 2, {
    message: 'the long-poll GET to reach the server',
  });
  return { pending };
}

/** Sends SIGTERM and waits for a clean exit; resolves with the time it took. */
async function terminate(server) {
  const started = Date.now();
  await server.stop({ closeClients: false, timeout: SHUTDOWN_TIMEOUT + 10000 });
  return Date.now() - started;
}

describe('graceful shutdown', { concurrency: true, timeout: 30000 }, () => {
  test('SIGTERM: websocket gets 1001, the waiting long-poll gets "1", exit 0', async () => {
    const server = await startOpenchat({
      args: ['--shutdown-timeout-ms', String(SHUTDOWN_TIMEOUT)],
    });
    const [user] = await users(server, 1);
    const { ws, closed } = await wsSession(server, user.cookie);
    const { pending } = await pollingSession(server, user.cookie);
    // An official client on the default transports (upgraded), and an idle keep-alive
    // HTTP connection.
    const { socket } = await signIn(server, user, { transports: ['polling', 'websocket'], reconnection: false });
    if (socket.io.engine.transport.name !== 'websocket') await waitFor(socket.io.engine, 'upgrade');
    const reason = waitFor(socket, 'disconnect');
    const idle = await RawHttp.connect(server.port);
    idle.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal((await idle.response()).status, 200);

    const elapsed = await terminate(server);
    assert.ok(
      elapsed < SHUTDOWN_TIMEOUT,
      `exit took ${elapsed} ms (timeout ${SHUTDOWN_TIMEOUT} ms)`,
    );
    assert.equal(await closed, 1001);
    assert.deepEqual(await pending, { status: 200, body: '1' });
    assert.equal((await reason)[0], 'transport close');
    await idle.closedByPeer();
    assert.equal(idle.buf.length, 0);
    assert.match(server.output, /signal 15 received/);
    assert.match(server.output, /stopped/);
    ws.terminate();
    idle.close();
  });

  test('SIGTERM with a client that never reads or closes: exit 0 at the shutdown timeout', async () => {
    const server = await startOpenchat({
      args: ['--shutdown-timeout-ms', String(SHUTDOWN_TIMEOUT)],
    });
    // A WebSocket upgrade by hand on a socket that then stops reading: the server's close
    // frame is never acknowledged and the TCP connection never closed by the client.
    const sock = net.connect(server.port, '127.0.0.1');
    await waitFor(sock, 'connect');
    sock.write(
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n' +
        'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    let got = '';
    sock.on('data', (d) => (got += d.toString('latin1')));
    await waitUntil(() => got.includes('\r\n\r\n'), { message: 'the 101 response' });
    assert.match(got, /^HTTP\/1\.1 101 /);
    sock.pause();
    const elapsed = await terminate(server);
    assert.ok(
      elapsed >= SHUTDOWN_TIMEOUT - 100,
      `exit after ${elapsed} ms: should wait for the client`,
    );
    assert.ok(elapsed < SHUTDOWN_TIMEOUT + 3000, `exit took ${elapsed} ms`);
    assert.match(server.output, /shutdown timeout: closing 1 remaining connections/);
    sock.destroy();
  });
});
