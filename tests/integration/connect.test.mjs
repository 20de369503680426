// Connecting with the official socket.io-client: transports, ids, acknowledgements both ways,
// namespaces over one connection, and every way a connect is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ack, startFixture, waitFor } from './lib/server.mjs';

const ID = /^[A-Za-z0-9_-]{20}$/;
const OFFSET = /^[0-9]+$/;

describe('connect', { concurrency: true, timeout: 30000 }, () => {
  let server;
  before(async () => {
    // A short ack timeout for the unanswered server->client ack test.
    server = await startFixture({ args: ['--ack-timeout-ms', '300'] });
  });
  after(() => server.stop());

  test('websocket-only client connects and socket.id equals welcome.id', async () => {
    const { socket, welcome } = await server.client({ transports: ['websocket'] });
    assert.equal(socket.io.engine.transport.name, 'websocket');
    assert.match(socket.id, ID);
    assert.deepEqual(welcome, { id: socket.id, recovered: false });
    assert.equal(socket.recovered, false);
  });

  test('default client starts on polling and upgrades to websocket', async () => {
    const { socket, welcome } = await server.client();
    assert.equal(welcome.id, socket.id);
    const engine = socket.io.engine;
    if (engine.transport.name !== 'websocket')
      await waitFor(engine, 'upgrade', { what: 'the upgrade to websocket' });
    assert.equal(engine.transport.name, 'websocket');
    assert.deepEqual(await ack(socket, 'echo', 'after upgrade'), ['after upgrade']);
  });

  test('echo with an ack returns every JSON type unchanged', async () => {
    const { socket } = await server.client({ transports: ['websocket'] });
    const args = [
      'text',
      '',
      'quotes " and \\ backslash, newline \n tab \t, unicode é ü 中文 🎉, nul-free',
      0,
      42,
      -17,
      3.25,
      -1e-7,
      Number.MAX_SAFE_INTEGER,
      true,
      false,
      null,
      [],
      {},
      [1, 'two', null, [3, [4]], { five: 5 }],
      { nested: { deeper: { deepest: [true, false, null] } }, 'key with "quotes"': 'v' },
    ];
    assert.deepEqual(await ack(socket, 'echo', ...args), args);
    // No arguments at all: the ack has none either.
    assert.deepEqual(await ack(socket, 'echo'), []);
  });

  test('echo without an ack comes back as an event carrying the recovery offset', async () => {
    const { socket } = await server.client({ transports: ['websocket'] });
    const got = waitFor(socket, 'echo');
    socket.emit('echo', { a: 1 }, 'b', [2]);
    const args = await got;
    // Connection state recovery is on in the testing fixture: a single-socket emit is stored
    // and carries its offset as the last argument, as socket.io does.
    assert.equal(args.length, 4);
    assert.deepEqual(args.slice(0, 3), [{ a: 1 }, 'b', [2]]);
    assert.match(args[3], OFFSET);
  });

  test('server->client ack: the client answer reaches the server exactly', async () => {
    const { socket } = await server.client({ transports: ['websocket'] });
    const asked = new Promise((resolve) => {
      socket.once('server-ask', (...args) => {
        const cb = args.pop();
        assert.equal(typeof cb, 'function', 'server-ask must carry an ack callback');
        cb('answer', 7, { x: [1, 2] }, null);
        resolve(args);
      });
    });
    const result = waitFor(socket, 'ack-result');
    socket.emit('request-ack', { question: 'q?' }, 2);
    assert.deepEqual(await asked, [{ question: 'q?' }, 2]);
    const [res] = await result;
    assert.deepEqual(res, { ok: true, answer: ['answer', 7, { x: [1, 2] }, null] });
  });

  test('server->client ack not answered: timeout reported after --ack-timeout-ms', async () => {
    const { socket } = await server.client({ transports: ['websocket'] });
    socket.once('server-ask', () => {}); // never calls the callback
    const result = waitFor(socket, 'ack-result');
    const started = Date.now();
    socket.emit('request-ack', 'ignored');
    const [res] = await result;
    assert.deepEqual(res, { ok: false, error: 'timeout' });
    assert.ok(Date.now() - started >= 250, `timeout after ${Date.now() - started} ms, want ~300`);
  });

  test('a server->client ack still pending when the client leaves is dropped cleanly', async () => {
    for (const leave of ['disconnect', 'engine.close']) {
      const { socket } = await server.client({ transports: ['websocket'], reconnection: false });
      const asked = waitFor(socket, 'server-ask');
      socket.emit('request-ack', leave);
      await asked; // never answered
      if (leave === 'disconnect') socket.disconnect();
      else socket.io.engine.close();
    }
    // The server cancels the pending acks (a use after free would show at stop under ASan)
    // and goes on serving.
    const { socket: other } = await server.client({ transports: ['websocket'] });
    assert.deepEqual(await ack(other, 'echo', 'still serving'), ['still serving']);
  });

  test('two namespaces share one connection and keep their rooms apart', async () => {
    const { socket: main } = await server.client({ transports: ['websocket'] });
    const { socket: custom, welcome } = await server.client({ manager: main.io, nsp: '/custom' });
    assert.equal(custom.io, main.io, 'same Manager');
    assert.equal(custom.io.engine.id, main.io.engine.id, 'same Engine.IO session');
    assert.equal(welcome.id, custom.id);
    assert.notEqual(custom.id, main.id);
    assert.deepEqual(await ack(custom, 'echo', 'custom'), ['custom']);
    assert.deepEqual(await ack(main, 'echo', 'main'), ['main']);

    assert.deepEqual(await ack(main, 'join', 'shared-name'), [true]);
    assert.deepEqual(await ack(custom, 'join', 'shared-name'), [true]);
    let leaked = 0;
    main.on('room-message', () => leaked++);
    const got = waitFor(custom, 'room-message');
    // The room of the same name in "/" is another room: one recipient only.
    assert.deepEqual(await ack(custom, 'to-room', 'shared-name', 'for /custom'), [1]);
    assert.equal((await got)[0], 'for /custom');
    assert.deepEqual(await ack(main, 'rooms'), [['shared-name']]);
    assert.equal(leaked, 0);
  });

  test('unknown namespace is refused with "Invalid namespace"', async () => {
    const { socket } = server.client({ nsp: '/nope', wait: false });
    const [err] = await waitFor(socket, 'connect_error');
    assert.equal(err.message, 'Invalid namespace');
    assert.equal(err.data, undefined);
    assert.equal(socket.connected, false);
  });

  test('refused auth gives "invalid token" with data {code: "bad_token"}', async () => {
    const { socket } = server.client({ auth: { token: 'bad' }, wait: false });
    const [err] = await waitFor(socket, 'connect_error');
    assert.equal(err.message, 'invalid token');
    assert.deepEqual(err.data, { code: 'bad_token' });
    assert.equal(socket.connected, false);
  });

  test('refused auth on one namespace leaves the other on the connection working', async () => {
    const { socket: main } = await server.client({ transports: ['websocket'] });
    const bad = main.io.socket('/custom', { auth: { token: 'bad' } });
    const [err] = await waitFor(bad, 'connect_error');
    assert.equal(err.message, 'invalid token');
    assert.equal(main.connected, true);
    assert.deepEqual(await ack(main, 'echo', 'still here'), ['still here']);
  });

  test('/private refuses every connect', async () => {
    const { socket } = server.client({ nsp: '/private', wait: false });
    const [err] = await waitFor(socket, 'connect_error');
    assert.equal(err.message, 'not allowed');
    assert.equal(err.data, undefined);
  });

  test('async middleware (delay 200): connects later, events sent at once are handled', async () => {
    const started = Date.now();
    const { socket } = server.client({ auth: { delay: 200 }, wait: false });
    // Emitted before the connect completes: the client buffers them and sends them after.
    const early = ack(socket, 'echo', 'before connect');
    const welcome = waitFor(socket, 'welcome');
    const burst = new Promise((resolve) => {
      socket.once('connect', () => {
        // Emitted in the same tick as "connect": none may be dropped.
        resolve(Promise.all(Array.from({ length: 20 }, (_, i) => ack(socket, 'echo', i))));
      });
    });
    await waitFor(socket, 'connect');
    assert.ok(Date.now() - started >= 200, `connected after ${Date.now() - started} ms`);
    assert.deepEqual(await early, ['before connect']);
    assert.deepEqual(
      await burst,
      Array.from({ length: 20 }, (_, i) => [i]),
    );
    assert.equal((await welcome)[0].id, socket.id);
  });

  test('async middleware on a websocket-only client', async () => {
    const { socket, welcome } = await server.client({
      transports: ['websocket'],
      auth: { delay: 50 },
    });
    assert.equal(welcome.id, socket.id);
    assert.deepEqual(await ack(socket, 'echo', 'x'), ['x']);
  });
});
