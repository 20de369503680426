// Binary payloads both ways, over WebSocket (binary frames) and long-polling (base64 "b"
// packets): the bytes that arrive must be exactly the bytes sent.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ack, startFixture, waitFor } from './lib/server.mjs';

/** n bytes 0, 1, 2, ... 255, 0, 1, ... as the fixture's "binary" event sends them. */
function pattern(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i & 0xff;
  return b;
}

function assertBytes(actual, expected, what) {
  assert.ok(Buffer.isBuffer(actual), `${what}: expected a Buffer, got ${typeof actual}`);
  assert.equal(actual.length, expected.length, `${what}: length`);
  assert.ok(actual.equals(expected), `${what}: bytes differ`);
}

for (const transport of ['websocket', 'polling']) {
  describe(`binary over ${transport}`, { concurrency: true, timeout: 30000 }, () => {
    let server;
    before(async () => {
      server = await startFixture();
    });
    after(() => server.stop());

    const connect = () => server.client({ transports: [transport] });

    test('echo with an ack returns identical bytes', async () => {
      const { socket } = await connect();
      assert.equal(socket.io.engine.transport.name, transport);
      for (const bytes of [
        Buffer.from([0, 1, 2, 253, 254, 255]),
        Buffer.alloc(0),
        Buffer.from([0]),
        randomBytes(100000),
      ]) {
        const [echoed, ...rest] = await ack(socket, 'echo', bytes);
        assert.deepEqual(rest, []);
        assertBytes(echoed, bytes, `${bytes.length}-byte echo`);
      }
    });

    test('several attachments, mixed with JSON and nested in objects and arrays', async () => {
      const { socket } = await connect();
      const a = randomBytes(17);
      const b = randomBytes(4096);
      const c = Buffer.from('text that is binary');
      const d = randomBytes(1);
      const answer = await ack(socket, 'echo', a, 'between', { c, list: [1, d, { b }] }, null);
      assert.equal(answer.length, 4);
      assertBytes(answer[0], a, 'first attachment');
      assert.equal(answer[1], 'between');
      assertBytes(answer[2].c, c, 'nested attachment');
      assert.equal(answer[2].list[0], 1);
      assertBytes(answer[2].list[1], d, 'attachment in an array');
      assertBytes(answer[2].list[2].b, b, 'attachment in an object in an array');
      assert.equal(answer[3], null);
    });

    test('echo without an ack comes back as a binary event', async () => {
      const { socket } = await connect();
      const bytes = randomBytes(3000);
      const got = waitFor(socket, 'echo');
      socket.emit('echo', 'label', bytes);
      const args = await got;
      // Binary packets are not stored for recovery: no offset argument.
      assert.equal(args.length, 2);
      assert.equal(args[0], 'label');
      assertBytes(args[1], bytes, 'echoed event');
    });

    for (const n of [0, 1, 255, 70000]) {
      test(`server sends ${n} binary bytes`, async () => {
        const { socket } = await connect();
        const got = waitFor(socket, 'binary');
        socket.emit('binary', n);
        const args = await got;
        assert.equal(args.length, 1);
        assertBytes(args[0], pattern(n), `binary ${n}`);
      });
    }

    test('binary and text events keep their order', async () => {
      const { socket } = await connect();
      const order = [];
      socket.on('binary', (b) => order.push(`binary:${b.length}`));
      socket.on('echo', (x) => order.push(`echo:${x}`));
      const done = new Promise((resolve) => socket.on('echo', (x) => x === 'last' && resolve()));
      socket.emit('binary', 3);
      socket.emit('echo', 'middle');
      socket.emit('binary', 5);
      socket.emit('echo', 'last');
      await done;
      assert.deepEqual(order, ['binary:3', 'echo:middle', 'binary:5', 'echo:last']);
    });
  });
}
