// Disconnecting and reconnecting: who ends the connection decides whether the client comes
// back by itself, and the server must forget a socket that left.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Recorder, ack, startFixture, waitFor, waitUntil } from './lib/server.mjs';

for (const transport of ['websocket', 'polling']) {
  describe(
    `disconnect and reconnect over ${transport}`,
    { concurrency: true, timeout: 30000 },
    () => {
      let server;
      before(async () => {
        server = await startFixture();
      });
      after(() => server.stop());

      const connect = (opts = {}) => server.client({ transports: [transport], ...opts });

      test('client disconnect(): the server drops the socket from its rooms', async () => {
        const { socket: leaver } = await connect();
        const { socket: stayer } = await connect();
        for (const s of [leaver, stayer]) assert.deepEqual(await ack(s, 'join', 'dc-room'), [true]);
        assert.deepEqual(await ack(stayer, 'to-room', 'dc-room', 'both'), [2]);

        const reason = waitFor(leaver, 'disconnect');
        leaver.disconnect();
        assert.equal((await reason)[0], 'io client disconnect');
        assert.equal(leaver.connected, false);
        assert.equal(leaver.active, false);
        // The DISCONNECT packet travels on another connection than the next to-room: wait for
        // the server to have handled it, then it must stay gone.
        await waitUntil(async () => (await ack(stayer, 'to-room', 'dc-room', 'probe'))[0] === 1, {
          message: 'the room count to drop to 1',
        });
        assert.deepEqual(await ack(stayer, 'to-room', 'dc-room', 'after'), [1]);
        // The Manager had no other socket: its connection is closed, and stays closed.
        await waitUntil(() => leaver.io._readyState === 'closed', {
          message: 'the manager to close',
        });
      });

      test('disconnecting one namespace keeps the other on the same connection', async () => {
        const { socket: main } = await connect();
        const { socket: custom } = await server.client({ manager: main.io, nsp: '/custom' });
        const reason = waitFor(custom, 'disconnect');
        custom.disconnect();
        assert.equal((await reason)[0], 'io client disconnect');
        assert.equal(main.connected, true);
        assert.deepEqual(await ack(main, 'echo', 'main lives'), ['main lives']);
        assert.equal(main.io.engine.readyState, 'open');
      });

      test('server disconnect-me: "io server disconnect" and no reconnect', async () => {
        const { socket } = await connect();
        const { socket: other } = await connect();
        for (const s of [socket, other]) assert.deepEqual(await ack(s, 'join', 'dm-room'), [true]);
        let attempts = 0;
        socket.io.on('reconnect_attempt', () => attempts++);
        const reason = waitFor(socket, 'disconnect');
        socket.emit('disconnect-me');
        assert.equal((await reason)[0], 'io server disconnect');
        assert.equal(socket.active, false, 'the client does not reconnect by itself');
        // The server removed the socket before sending DISCONNECT, so this count is final.
        assert.deepEqual(await ack(other, 'to-room', 'dm-room', 'x'), [1]);
        await waitUntil(() => socket.io._readyState === 'closed', {
          message: 'the manager to close',
        });
        assert.equal(attempts, 0);
        // It can come back when asked to, as a new socket.
        const welcome = waitFor(socket, 'welcome');
        socket.connect();
        await waitFor(socket, 'connect');
        assert.equal((await welcome)[0].id, socket.id);
        assert.deepEqual(await ack(socket, 'rooms'), [[]]);
      });

      // Over polling this is checked at the protocol level in engineio.test.mjs, where the test
      // can make sure a GET is waiting at the server when it closes the session.
      if (transport === 'websocket')
        test('server disconnect-me(true): DISCONNECT first, so no reconnect either', async () => {
          const { socket } = await connect();
          let attempts = 0;
          socket.io.on('reconnect_attempt', () => attempts++);
          const reason = waitFor(socket, 'disconnect');
          socket.emit('disconnect-me', true);
          assert.equal((await reason)[0], 'io server disconnect');
          assert.equal(socket.active, false);
          await waitUntil(() => socket.io._readyState === 'closed', {
            message: 'the manager to close',
          });
          assert.equal(attempts, 0);
        });

      test('server close-me: the transport closes and the client reconnects by itself', async () => {
        const { socket } = await connect();
        assert.deepEqual(await ack(socket, 'join', 'close-me-room'), [true]);
        const firstId = socket.id;
        const firstEngine = socket.io.engine;
        const reason = waitFor(socket, 'disconnect');
        const welcomes = new Recorder(socket, 'welcome');
        socket.emit('close-me');
        const [why] = await reason;
        if (transport === 'websocket') assert.equal(why, 'transport close');
        // Polling: the close packet if a GET was waiting at the server ("transport close"),
        // else the next GET finds the session gone (400, "transport error").
        else assert.ok(['transport close', 'transport error'].includes(why), why);
        assert.equal(socket.active, true);
        await waitFor(socket, 'connect', { what: 'the automatic reconnect' });
        assert.notEqual(socket.io.engine, firstEngine, 'a new Engine.IO session');
        await welcomes.untilCount(1);
        // A server-closed transport is recoverable (as in socket.io): same id, same rooms.
        assert.equal(socket.recovered, true);
        assert.equal(socket.id, firstId);
        assert.deepEqual(welcomes.items[0][0], { id: firstId, recovered: true });
        assert.deepEqual(await ack(socket, 'rooms'), [['close-me-room']]);
        assert.deepEqual(await ack(socket, 'echo', 'back'), ['back']);
      });

      test('killing the transport (engine.close()) triggers an automatic reconnect', async () => {
        const { socket } = await connect();
        const reason = waitFor(socket, 'disconnect');
        const reconnected = waitFor(socket.io, 'reconnect', { what: 'the manager to reconnect' });
        socket.io.engine.close();
        const [why] = await reason;
        assert.equal(why, 'forced close');
        assert.equal(socket.active, true, 'the client will reconnect');
        await reconnected;
        await waitUntil(() => socket.connected, { message: 'the socket to reconnect' });
        assert.deepEqual(await ack(socket, 'echo', 'again'), ['again']);
      });
    },
  );
}
