// Connection state recovery: a client whose transport dropped comes back within the window
// with the same socket id, its rooms, and exactly the packets it missed, in order.
//
// The dropped client's connections go through a GatedAgent: after its transport is killed,
// its automatic reconnect waits at the gate while other clients send, so the messages are
// certainly missed, and the test opens the gate when it wants the reconnect to happen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatedAgent, Recorder, ack, startFixture, waitFor } from './lib/server.mjs';

/** Connects a client through a gate; returns what a recovery test needs. */
async function gatedClient(server, transport, opts = {}) {
  const gate = new GatedAgent();
  const { socket, welcome } = await server.client({
    transports: [transport],
    agent: gate,
    ...opts,
  });
  const messages = new Recorder(socket, 'room-message');
  const welcomes = new Recorder(socket, 'welcome');
  return { socket, welcome, gate, messages, welcomes };
}

/** Kills the client's transport and holds its reconnect at the gate. */
async function drop(c) {
  const reason = waitFor(c.socket, 'disconnect');
  c.socket.io.engine.close();
  // Requests created by close() itself (the polling close packet) are already connecting.
  c.gate.close();
  assert.equal((await reason)[0], 'forced close');
  await c.gate.attempted; // the automatic reconnect is waiting at the gate
  assert.equal(c.socket.connected, false);
}

/** Opens the gate and waits for the reconnect. */
async function reconnect(c) {
  const connected = waitFor(c.socket, 'connect', { what: 'the reconnect' });
  c.gate.open();
  await connected;
}

for (const transport of ['websocket', 'polling']) {
  describe(
    `connection state recovery over ${transport}`,
    { concurrency: true, timeout: 30000 },
    () => {
      let server;
      before(async () => {
        server = await startFixture(); // recovery window: the default 120 s
      });
      after(() => server.stop());

      test('missed room and direct packets arrive once, in order, with the same id and rooms', async () => {
        const a = await gatedClient(server, transport);
        const { socket: sender } = await server.client({ transports: ['websocket'] });
        const { socket: bystander } = await server.client({ transports: ['websocket'] });
        const id = a.socket.id;
        assert.deepEqual(await ack(a.socket, 'join', 'rec-room'), [true]);
        assert.deepEqual(await ack(a.socket, 'join', 'rec-room-2'), [true]);
        assert.deepEqual(await ack(bystander, 'join', 'rec-elsewhere'), [true]);

        for (let i = 0; i < 3; i++) sender.emit('to-room', 'rec-room', `before-${i}`);
        await a.messages.untilFirst('before-2');

        await drop(a);
        // Meanwhile: room messages, direct emits to the dropped socket's id, and messages to a
        // room it is not in, interleaved. All from one sender, so their order is defined.
        const expected = [];
        const acks = [];
        for (let i = 0; i < 30; i++) {
          acks.push(ack(sender, 'to-room', 'rec-room', `missed-${i}`));
          expected.push(`missed-${i}`);
          acks.push(ack(sender, 'to-room', 'rec-elsewhere', `not-for-a-${i}`));
          if (i % 5 === 0) {
            acks.push(ack(sender, 'to-room', id, `direct-${i}`));
            expected.push(`direct-${i}`);
          }
          if (i % 10 === 0) {
            // In both of its rooms: still once.
            acks.push(ack(sender, 'to-room', ['rec-room', 'rec-room-2'], `both-${i}`));
            expected.push(`both-${i}`);
          }
        }
        await Promise.all(acks);

        await reconnect(a);
        assert.equal(a.socket.recovered, true);
        assert.equal(a.socket.id, id);
        await a.welcomes.untilCount(1);
        assert.deepEqual(a.welcomes.items[0][0], { id, recovered: true });
        const [rooms] = await ack(a.socket, 'rooms');
        assert.deepEqual(rooms.sort(), ['rec-room', 'rec-room-2']);

        // A fence after the recovery: whatever arrives before it is all there is.
        sender.emit('to-room', 'rec-room', 'fence');
        await a.messages.untilFirst('fence');
        assert.deepEqual(a.messages.firsts, [
          'before-0',
          'before-1',
          'before-2',
          ...expected,
          'fence',
        ]);
        // Missed packets keep their recovery offsets, strictly increasing.
        const offsets = a.messages.items.map((args) => BigInt(args[1]));
        for (let i = 1; i < offsets.length; i++) assert.ok(offsets[i] > offsets[i - 1]);
        // The socket is back in its rooms on the server: a room broadcast counts it.
        assert.deepEqual(await ack(sender, 'to-room', 'rec-room-2', 'count'), [1]);
      });

      test('what is sent while the reconnect waits in an async middleware is not lost', async () => {
        const a = await gatedClient(server, transport);
        // A second namespace on the same connection: an ack on it proves the server has read
        // everything the client sent before, including the CONNECT for "/".
        const { socket: custom } = await server.client({ manager: a.socket.io, nsp: '/custom' });
        const { socket: sender } = await server.client({ transports: ['websocket'] });
        const id = a.socket.id;
        assert.deepEqual(await ack(a.socket, 'join', 'mw-room'), [true]);
        await drop(a);
        assert.deepEqual(await ack(sender, 'to-room', 'mw-room', 'while away'), [0]);
        // The reconnect's CONNECT for "/" waits 1 s in the middleware (auth fields are merged
        // with the pid and offset the client sends).
        a.socket.auth = { delay: 1000 };
        const customBack = waitFor(custom, 'connect', { what: '/custom to reconnect' });
        const back = waitFor(a.socket, 'connect', { what: '/ to reconnect', timeout: 10000 });
        a.gate.open();
        await customBack;
        assert.deepEqual(await ack(custom, 'echo', 'sync'), ['sync']);
        // "/" is still in its middleware: not in the room yet, so this is not delivered live.
        assert.deepEqual(await ack(sender, 'to-room', 'mw-room', 'during the middleware'), [0]);
        await back;
        assert.equal(a.socket.recovered, true);
        assert.equal(a.socket.id, id);
        sender.emit('to-room', 'mw-room', 'fence');
        await a.messages.untilFirst('fence');
        assert.deepEqual(a.messages.firsts, ['while away', 'during the middleware', 'fence']);
      });

      test('a bogus offset is not recovered: new id, no rooms', async () => {
        for (const offset of ['999999999', 'not-a-number']) {
          const a = await gatedClient(server, transport);
          const id = a.socket.id;
          assert.deepEqual(await ack(a.socket, 'join', 'bogus-room'), [true]);
          // The client sends {pid, offset}; auth fields override them (socket.io-client merges
          // auth last), so this replaces the offset only.
          a.socket.auth = { offset };
          await drop(a);
          await reconnect(a);
          assert.equal(a.socket.recovered, false, `offset ${offset}`);
          assert.notEqual(a.socket.id, id);
          await a.welcomes.untilCount(1);
          assert.deepEqual(a.welcomes.items[0][0], { id: a.socket.id, recovered: false });
          assert.deepEqual(await ack(a.socket, 'rooms'), [[]]);
        }
      });

      test('a client that called disconnect() itself is not recovered', async () => {
        const { socket } = await server.client({ transports: [transport] });
        const id = socket.id;
        assert.deepEqual(await ack(socket, 'join', 'left-room'), [true]);
        const gone = waitFor(socket, 'disconnect');
        socket.disconnect();
        assert.equal((await gone)[0], 'io client disconnect');
        const welcome = waitFor(socket, 'welcome');
        socket.connect(); // sends its old pid and offset, which the server must not honour
        await waitFor(socket, 'connect');
        assert.equal(socket.recovered, false);
        assert.notEqual(socket.id, id);
        assert.deepEqual((await welcome)[0], { id: socket.id, recovered: false });
        assert.deepEqual(await ack(socket, 'rooms'), [[]]);
      });

      test('a session is recovered once: a second reconnect with the same pid is not', async () => {
        const a = await gatedClient(server, transport);
        const id = a.socket.id;
        await drop(a);
        await reconnect(a);
        assert.equal(a.socket.recovered, true);
        assert.equal(a.socket.id, id);
        // Another client presenting the same pid and offset now gets a fresh socket.
        const pid = a.socket._pid;
        const { socket: thief, welcome } = await server.client({
          transports: [transport],
          auth: { pid, offset: a.socket._lastOffset },
        });
        assert.equal(thief.recovered, false);
        assert.notEqual(thief.id, id);
        assert.deepEqual(welcome, { id: thief.id, recovered: false });
      });
    },
  );
}

describe('connection state recovery window', { timeout: 30000 }, () => {
  const WINDOW_MS = 300;
  let server;
  before(async () => {
    server = await startFixture({ env: { OPENCHAT_RECOVERY_WINDOW_MS: String(WINDOW_MS) } });
  });
  after(() => server.stop());

  test('after the window: not recovered, new id, missed packets not delivered', async () => {
    const a = await gatedClient(server, 'websocket');
    const { socket: sender } = await server.client({ transports: ['websocket'] });
    const id = a.socket.id;
    assert.deepEqual(await ack(a.socket, 'join', 'window-room'), [true]);
    await drop(a);
    await ack(sender, 'to-room', 'window-room', 'too late');
    // The scenario is "the client stays away longer than the window".
    await sleep(WINDOW_MS * 3);
    await reconnect(a);
    assert.equal(a.socket.recovered, false);
    assert.notEqual(a.socket.id, id);
    await a.welcomes.untilCount(1);
    assert.deepEqual(a.welcomes.items[0][0], { id: a.socket.id, recovered: false });
    assert.deepEqual(await ack(a.socket, 'rooms'), [[]]);
    // Rejoin and get a fence: the message sent while away never arrives.
    assert.deepEqual(await ack(a.socket, 'join', 'window-room'), [true]);
    await ack(sender, 'to-room', 'window-room', 'fence');
    await a.messages.untilFirst('fence');
    assert.deepEqual(a.messages.firsts, ['fence']);
  });

  test('within the window: recovered', async () => {
    const a = await gatedClient(server, 'websocket');
    const id = a.socket.id;
    await drop(a);
    await reconnect(a);
    assert.equal(a.socket.recovered, true);
    assert.equal(a.socket.id, id);
  });
});
