// Helpers for the real-time chat tests: signed-in sockets, acknowledged events, waiting for
// one event that matches, and the REST set-up most tests need (friends, a DM, a zone with
// members). Every wait has a timeout that says what it waited for.
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { ApiClient } from './api.mjs';
import { WAIT_MS } from './server.mjs';

/**
 * A socket.io-client socket signed in as `client` (an ApiClient with a session), with the
 * token in the CONNECT payload (transport: websocket unless given). Resolves with
 * {socket, ready} once connected and the server's "ready" arrived. Every event the socket
 * receives is also recorded in socket.received ([name, payload] pairs) for nextEvent.
 */
export async function signIn(server, client, opts = {}) {
  const { auth, ...ioOpts } = opts;
  const socket = io(server.url, {
    forceNew: true,
    transports: ['websocket'],
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    randomizationFactor: 0,
    auth: auth ?? { token: client.cookie },
    ...ioOpts,
  });
  record(socket);
  server.sockets.add(socket);
  const ready = nextEvent(socket, 'ready', () => true, { what: `"ready" for ${client.user?.username}` });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no connect within ${WAIT_MS} ms`)), WAIT_MS);
    socket.once('connect', () => (clearTimeout(timer), resolve()));
    socket.once('connect_error', (err) => (clearTimeout(timer), reject(err)));
  });
  return { socket, ready: await ready };
}

/** Records every incoming event so a test can wait for one that already arrived. */
export function record(socket) {
  if (socket.received) return socket;
  socket.received = [];
  socket.waiters = new Set();
  socket.onAny((name, payload) => {
    socket.received.push([name, payload]);
    for (const w of socket.waiters) w(name, payload);
  });
  return socket;
}

/**
 * Resolves with the payload of the first event `name` (received since the socket was
 * recorded, and not consumed by an earlier nextEvent) for which pred(payload) is true.
 */
export function nextEvent(socket, name, pred = () => true, { timeout = WAIT_MS, what } = {}) {
  record(socket);
  const i = socket.received.findIndex(([n, p]) => n === name && pred(p));
  if (i >= 0) return Promise.resolve(socket.received.splice(i, 1)[0][1]);
  return new Promise((resolve, reject) => {
    const waiter = (n, p) => {
      if (n !== name || !pred(p)) return;
      const j = socket.received.findIndex(([m, q]) => m === n && q === p);
      if (j >= 0) socket.received.splice(j, 1);
      socket.waiters.delete(waiter);
      clearTimeout(timer);
      resolve(p);
    };
    const timer = setTimeout(() => {
      socket.waiters.delete(waiter);
      reject(new Error(`timed out after ${timeout} ms waiting for ${what || `"${name}"`}`));
    }, timeout);
    socket.waiters.add(waiter);
  });
}

/** The events `name` received so far (not consumed), without waiting. */
export function received(socket, name) {
  return socket.received.filter(([n]) => n === name).map(([, p]) => p);
}

/** Emits with an acknowledgement and resolves with its one argument. */
export function call(socket, event, payload) {
  return new Promise((resolve, reject) => {
    socket.timeout(WAIT_MS).emit(event, payload, (err, answer) => {
      if (err) reject(new Error(`no acknowledgement for "${event}" within ${WAIT_MS} ms`));
      else resolve(answer);
    });
  });
}

/** Asserts an acknowledgement is the error `code` (and `field`, when given). */
export function assertAckError(answer, code, field) {
  assert.equal(answer?.error?.code, code, `expected ack error ${code}, got ${JSON.stringify(answer)}`);
  assert.equal(typeof answer.error.message, 'string');
  if (field !== undefined) assert.equal(answer.error.field, field, JSON.stringify(answer));
}

/** Sends a message and returns it (asserting success). */
export async function send(socket, payload) {
  const answer = await call(socket, 'message:send', payload);
  assert.ok(answer?.message, `message:send failed: ${JSON.stringify(answer)}`);
  return answer.message;
}

/** n registered users with verified addresses, as ApiClients. */
export async function users(server, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const c = new ApiClient(server);
    await c.register();
    await c.verifyEmail();
    out.push(c);
  }
  return out;
}

/** Makes a and b friends through the REST API. */
export async function befriend(a, b) {
  const req = await a.post('/api/v1/friends/requests', { user_id: b.user.id });
  assert.equal(req.status, 201, req.text);
  const res = await b.post(`/api/v1/friends/requests/${req.body.request.id}/accept`);
  assert.equal(res.status, 200, res.text);
}

/** Friends a and b and opens their DM; returns the chat. */
export async function dm(a, b) {
  await befriend(a, b);
  const res = await a.post('/api/v1/dms', { user_id: b.user.id });
  assert.ok(res.status === 200 || res.status === 201, res.text);
  return res.body.chat;
}

/**
 * A zone owned by `owner` with `members` joined through an invite. Returns the zone with
 * its channels and `text` (the general text channel's id).
 */
export async function zone(owner, members = [], name = 'Test zone') {
  const created = await owner.post('/api/v1/zones', { name });
  assert.equal(created.status, 201, created.text);
  const z = created.body.zone;
  if (members.length) {
    const inv = await owner.post(`/api/v1/zones/${z.id}/invites`, {});
    assert.equal(inv.status, 201, inv.text);
    for (const m of members) {
      const j = await m.post(`/api/v1/invites/${inv.body.invite.code}/join`);
      assert.equal(j.status, 200, j.text);
    }
  }
  z.text = z.channels.find((c) => c.type === 'text').id;
  z.voice = z.channels.find((c) => c.type === 'voice').id;
  return z;
}
