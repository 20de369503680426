// Transports: long-polling only, WebSocket only, and the upgrade from one to the other with
// traffic in flight in both directions.
//
// To have messages in flight during an upgrade for certain, the upgrading client's WebSocket
// goes through an http.Agent that holds the TCP connect until the test opens a gate: the
// client runs on polling, traffic starts, the gate opens, and the upgrade happens mid-stream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GatedAgent, Recorder, ack, startFixture, waitFor } from './lib/server.mjs';

describe('transports', { concurrency: true, timeout: 30000 }, () => {
  let server;
  before(async () => {
    server = await startFixture();
  });
  after(() => server.stop());

  test('polling only: connect, echo, rooms, broadcasts from a websocket client', async () => {
    const { socket: poller, welcome } = await server.client({ transports: ['polling'] });
    assert.equal(welcome.id, poller.id);
    const engine = poller.io.engine;
    assert.equal(engine.transport.name, 'polling');
    assert.deepEqual(await ack(poller, 'echo', 'p', 1, { two: [2] }), ['p', 1, { two: [2] }]);
    assert.deepEqual(await ack(poller, 'join', 'poll-room'), [true]);
    assert.deepEqual(await ack(poller, 'rooms'), [['poll-room']]);

    const { socket: sender } = await server.client({ transports: ['websocket'] });
    const got = new Recorder(poller, 'room-message');
    // Many messages queue up between two polls and leave in batched responses.
    const N = 300;
    for (let i = 0; i < N; i++) sender.emit('to-room', 'poll-room', i);
    await got.untilCount(N, { timeout: 15000 });
    assert.deepEqual(
      got.firsts,
      Array.from({ length: N }, (_, i) => i),
    );
    assert.equal(engine.transport.name, 'polling', 'a polling-only client never upgrades');
  });

  test('polling only: a burst of events goes out in batched POSTs, all acked in order', async () => {
    const { socket } = await server.client({ transports: ['polling'] });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => ack(socket, 'echo', i, 'x'.repeat(i))),
    );
    assert.deepEqual(
      answers,
      Array.from({ length: 100 }, (_, i) => [i, 'x'.repeat(i)]),
    );
  });

  test('websocket only: never polls, echo and broadcasts work', async () => {
    const { socket } = await server.client({ transports: ['websocket'] });
    assert.equal(socket.io.engine.transport.name, 'websocket');
    assert.deepEqual(await ack(socket, 'join', 'ws-room'), [true]);
    const got = waitFor(socket, 'room-message');
    assert.deepEqual(await ack(socket, 'to-room', 'ws-room', { hello: 'ws' }), [1]);
    assert.deepEqual((await got)[0], { hello: 'ws' });
  });

  test('upgrade mid-stream: nothing lost, duplicated or reordered, either way', async () => {
    const gate = new GatedAgent({ open: false });
    const { socket: upgrader } = await server.client({
      transportOptions: { websocket: { agent: gate } },
    });
    const engine = upgrader.io.engine;
    await gate.attempted; // the probe is waiting at the gate: still on polling
    assert.equal(engine.transport.name, 'polling');
    assert.deepEqual(await ack(upgrader, 'join', 'upgrade-room'), [true]);

    const { socket: sender } = await server.client({ transports: ['websocket'] });
    const transports = [];
    const got = new Recorder(upgrader, 'room-message');
    upgrader.on('room-message', () => transports.push(engine.transport.name));

    // Server -> client: a steady stream to the room; client -> server: echoes with acks. It
    // runs in rounds paced by the server's answers: 10 rounds on polling, then the gate
    // opens, and the stream goes on until 10 rounds after the client switched.
    const ROUND = 20;
    let round = 0;
    let upgradedAt = null;
    engine.once('upgrade', () => (upgradedAt = round));
    let n = 0;
    const echoes = [];
    while (upgradedAt === null || round < upgradedAt + 10) {
      assert.ok(round < 1000, 'the upgrade did not complete within 1000 rounds');
      for (let k = 0; k < ROUND; k++, n++) {
        sender.emit('to-room', 'upgrade-room', n);
        echoes.push(ack(upgrader, 'echo', n));
      }
      await ack(sender, 'echo', 'pace');
      if (++round === 10) gate.open();
    }
    await got.untilCount(n, { timeout: 15000 });
    assert.deepEqual(
      got.firsts,
      Array.from({ length: n }, (_, i) => i),
    );
    assert.deepEqual(
      await Promise.all(echoes),
      Array.from({ length: n }, (_, i) => [i]),
    );
    assert.equal(engine.transport.name, 'websocket');
    assert.ok(transports.includes('polling'), 'some messages arrived before the upgrade');
    assert.ok(transports.at(-1) === 'websocket', 'the last messages arrived over websocket');
    // Nothing more arrives later (no duplicates): a fence message is the next one.
    sender.emit('to-room', 'upgrade-room', 'fence');
    await got.untilFirst('fence');
    assert.equal(got.items.length, n + 1);
  });

  test('a failed upgrade leaves the client working on polling', async () => {
    const gate = new GatedAgent({ open: false });
    const { socket } = await server.client({
      transportOptions: { websocket: { agent: gate } },
    });
    const engine = socket.io.engine;
    await gate.attempted;
    const failed = waitFor(engine, 'upgradeError', { what: 'the upgrade to fail' });
    gate.fail();
    await failed;
    assert.equal(engine.transport.name, 'polling');
    assert.deepEqual(await ack(socket, 'echo', 'still polling'), ['still polling']);
    assert.equal(socket.connected, true);
  });
});
