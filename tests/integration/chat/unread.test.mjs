// Read receipts and unread counts over the wire: messages from another user show up as unread
// and mention counts in GET /dms, GET /zones, GET /zones/:id and GET /zones/:id/channels;
// chat:read on one tab (socket) clears them for the REST list and tells the user's other
// tabs, and in a DM tells the other member ("seen"); read positions never move back; a member
// who joins later starts with nothing unread; outsiders and messages of other conversations
// are refused. Real sockets against the real binary, on the backend of the run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenchat } from '../lib/server.mjs';
import { assertError } from '../lib/api.mjs';
import {
  assertAckError,
  call,
  dm,
  nextEvent,
  send,
  signIn,
  users,
  zone,
} from '../lib/chat.mjs';

const ENV = { OPENCHAT_RATE_LIMITS: 'register=1000/60,verify=1000/60,login=1000/60' };

let server;
before(async () => {
  server = await startOpenchat({ env: ENV });
});
after(async () => {
  await server?.stop();
});

/** The read-state fields of a chat or channel object. */
function readState(o) {
  const { last_read_id, last_message_id, unread_count, mention_count } = o;
  return { last_read_id, last_message_id, unread_count, mention_count };
}

function state(last_read_id, last_message_id, unread_count, mention_count) {
  return { last_read_id, last_message_id, unread_count, mention_count };
}

/** The caller's read state of one DM from GET /dms. */
async function dmState(client, chatId) {
  const res = await client.get('/api/v1/dms');
  assert.equal(res.status, 200, res.text);
  const chat = res.body.chats.find((c) => c.id === chatId);
  assert.ok(chat, `chat ${chatId} not in ${res.text}`);
  return readState(chat);
}

/** The caller's read state of a channel in GET /zones/:id/channels and GET /zones/:id (which
 * must agree), and the zone's counts in GET /zones. */
async function zoneState(client, z, channelId) {
  const list = await client.get(`/api/v1/zones/${z.id}/channels`);
  assert.equal(list.status, 200, list.text);
  const one = await client.get(`/api/v1/zones/${z.id}`);
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(one.body.zone.channels, list.body.channels);
  const zones = await client.get('/api/v1/zones');
  assert.equal(zones.status, 200, zones.text);
  const entry = zones.body.zones.find((x) => x.id === z.id);
  assert.ok(entry, `zone ${z.id} not in ${zones.text}`);
  return {
    channel: readState(list.body.channels.find((c) => c.id === channelId)),
    zone: { unread_count: entry.unread_count, mention_count: entry.mention_count },
  };
}

describe('unread counts and read receipts', () => {
  test('a DM: counts for the reader, chat:read clears them on every tab, the other member sees it', async () => {
    const [a, b] = await users(server, 2);
    const chat = await dm(a, b);
    assert.deepEqual(readState(chat), state(null, null, 0, 0));
    assert.deepEqual(await dmState(b, chat.id), state(null, null, 0, 0));

    const { socket: a1 } = await signIn(server, a);
    const { socket: b1 } = await signIn(server, b);
    const { socket: b2 } = await signIn(server, b);
    const m1 = await send(a1, { chat_id: chat.id, content: 'one' });
    const m2 = await send(a1, { chat_id: chat.id, content: `two for <@${b.user.id}>` });
    const m3 = await send(a1, { chat_id: chat.id, content: 'three' });

    // Nothing is read in a DM until marked: all three are unread, one mentions b.
    assert.deepEqual(await dmState(b, chat.id), state(null, m3.id, 3, 1));
    // The sender's own messages are never unread (sending marks them read).
    assert.deepEqual(await dmState(a, chat.id), state(m3.id, m3.id, 0, 0));

    // Tab 1 reads up to m2: tab 2 is told, a sees "seen", the list shows one unread.
    assert.deepEqual(await call(b1, 'chat:read', { chat_id: chat.id, message_id: m2.id }), {
      last_read_id: m2.id,
    });
    assert.deepEqual(await nextEvent(b2, 'chat:read'), {
      chat_id: chat.id,
      channel_id: null,
      last_read_id: m2.id,
    });
    assert.deepEqual(await nextEvent(a1, 'chat:seen'), {
      chat_id: chat.id,
      user_id: b.user.id,
      last_read_id: m2.id,
    });
    assert.deepEqual(await dmState(b, chat.id), state(m2.id, m3.id, 1, 0));

    // Tab 2 marks an older message: the position stays, the answer names the stored one.
    assert.deepEqual(await call(b2, 'chat:read', { chat_id: chat.id, message_id: m1.id }), {
      last_read_id: m2.id,
    });
    assert.deepEqual(await dmState(b, chat.id), state(m2.id, m3.id, 1, 0));

    // Tab 2 reads everything. The first chat:read tab 1 gets is this one: the mark that moved
    // nothing told nobody.
    assert.deepEqual(await call(b2, 'chat:read', { chat_id: chat.id, message_id: m3.id }), {
      last_read_id: m3.id,
    });
    assert.deepEqual(await nextEvent(b1, 'chat:read'), {
      chat_id: chat.id,
      channel_id: null,
      last_read_id: m3.id,
    });
    assert.deepEqual(await nextEvent(a1, 'chat:seen'), {
      chat_id: chat.id,
      user_id: b.user.id,
      last_read_id: m3.id,
    });
    assert.deepEqual(await dmState(b, chat.id), state(m3.id, m3.id, 0, 0));

    // "Seen" survives a reload: a's DM list and a reopened DM carry b's read position, and
    // b's carry a's (a read everything by sending).
    const peerRead = async (client) => {
      const list = await client.get('/api/v1/dms');
      assert.equal(list.status, 200, list.text);
      const fromList = list.body.chats.find((c) => c.id === chat.id).peer_last_read_id;
      const opened = await client.post('/api/v1/dms', { user_id: (client === a ? b : a).user.id });
      assert.equal(opened.status, 200, opened.text);
      assert.equal(opened.body.chat.peer_last_read_id, fromList, 'POST /dms agrees with GET /dms');
      return fromList;
    };
    assert.equal(await peerRead(a), m3.id);
    assert.equal(await peerRead(b), m3.id);
    const [c, d] = await users(server, 2);
    const fresh = await dm(c, d);
    assert.equal(fresh.peer_last_read_id, null, 'a new DM: nobody has read anything');
    const listed = (await c.get('/api/v1/dms')).body.chats.find((x) => x.id === fresh.id);
    assert.equal(listed.peer_last_read_id, null);
  });

  test('zone channels: counts in every zone route, cleared across tabs; late joiners start read', async () => {
    const [owner, member, late] = await users(server, 3);
    const z = await zone(owner, [member]);
    const voice = z.channels.find((c) => c.id === z.voice);

    let seen = await zoneState(member, z, z.text);
    assert.deepEqual(seen, {
      channel: state(null, null, 0, 0),
      zone: { unread_count: 0, mention_count: 0 },
    });
    // Voice channels have no read state.
    const channels = (await member.get(`/api/v1/zones/${z.id}/channels`)).body.channels;
    assert.deepEqual(
      channels.find((c) => c.id === z.voice),
      voice,
    );
    assert.deepEqual(Object.keys(voice), ['id', 'name', 'type', 'position', 'topic']);

    const { socket: o1 } = await signIn(server, owner);
    const { socket: t1 } = await signIn(server, member);
    const { socket: t2 } = await signIn(server, member);
    const m1 = await send(o1, { channel_id: z.text, content: 'hello' });
    const m2 = await send(o1, { channel_id: z.text, content: `hi <@${member.user.id}>` });

    assert.deepEqual(await zoneState(member, z, z.text), {
      channel: state(null, m2.id, 2, 1),
      zone: { unread_count: 2, mention_count: 1 },
    });
    assert.deepEqual(await zoneState(owner, z, z.text), {
      channel: state(m2.id, m2.id, 0, 0),
      zone: { unread_count: 0, mention_count: 0 },
    });

    // A second text channel adds to the zone's sums.
    const extra = await owner.post(`/api/v1/zones/${z.id}/channels`, { name: 'extra', type: 'text' });
    assert.equal(extra.status, 201, extra.text);
    const other = extra.body.channel.id;
    const e1 = await send(o1, { channel_id: other, content: 'elsewhere' });
    seen = await zoneState(member, z, other);
    assert.deepEqual(seen, {
      channel: state(null, e1.id, 1, 0),
      zone: { unread_count: 3, mention_count: 1 },
    });

    // Tab 1 reads the general channel; tab 2 is told; the counts drop for the REST list.
    assert.deepEqual(await call(t1, 'chat:read', { channel_id: z.text, message_id: m2.id }), {
      last_read_id: m2.id,
    });
    assert.deepEqual(await nextEvent(t2, 'chat:read'), {
      chat_id: z.id,
      channel_id: z.text,
      last_read_id: m2.id,
    });
    assert.deepEqual(await zoneState(member, z, z.text), {
      channel: state(m2.id, m2.id, 0, 0),
      zone: { unread_count: 1, mention_count: 0 },
    });
    // Backwards: nothing moves.
    assert.deepEqual(await call(t2, 'chat:read', { channel_id: z.text, message_id: m1.id }), {
      last_read_id: m2.id,
    });
    assert.equal((await zoneState(member, z, z.text)).channel.last_read_id, m2.id);

    // Someone who joins now has read everything written before.
    const inv = await owner.post(`/api/v1/zones/${z.id}/invites`, {});
    assert.equal(inv.status, 201, inv.text);
    const joined = await late.post(`/api/v1/invites/${inv.body.invite.code}/join`);
    assert.equal(joined.status, 200, joined.text);
    assert.deepEqual(await zoneState(late, z, z.text), {
      channel: state(null, m2.id, 0, 0),
      zone: { unread_count: 0, mention_count: 0 },
    });
    const m3 = await send(o1, { channel_id: z.text, content: `welcome <@${late.user.id}>` });
    assert.deepEqual(await zoneState(late, z, z.text), {
      channel: state(null, m3.id, 1, 1),
      zone: { unread_count: 1, mention_count: 1 },
    });
  });

  test('refusals: outsiders, messages of other conversations, bad payloads', async () => {
    const [owner, member, outsider] = await users(server, 3);
    const z = await zone(owner, [member]);
    const chat = await dm(owner, member);
    const { socket: o1 } = await signIn(server, owner);
    const { socket: m1 } = await signIn(server, member);
    const { socket: x1 } = await signIn(server, outsider);
    const inText = await send(o1, { channel_id: z.text, content: 'in the zone' });
    const inDm = await send(o1, { chat_id: chat.id, content: 'in the DM' });

    // Not a member: the channel and the DM do not exist for them.
    assertAckError(
      await call(x1, 'chat:read', { channel_id: z.text, message_id: inText.id }),
      'channel_not_found',
    );
    assertAckError(
      await call(x1, 'chat:read', { chat_id: chat.id, message_id: inDm.id }),
      'chat_not_found',
    );
    // A member, with a message of another conversation (or none).
    assertAckError(
      await call(m1, 'chat:read', { channel_id: z.text, message_id: inDm.id }),
      'message_not_found',
    );
    assertAckError(
      await call(m1, 'chat:read', { chat_id: chat.id, message_id: inText.id }),
      'message_not_found',
    );
    assertAckError(
      await call(m1, 'chat:read', { channel_id: z.text, message_id: '123456789' }),
      'message_not_found',
    );
    // The voice channel has no messages to read.
    assertAckError(
      await call(m1, 'chat:read', { channel_id: z.voice, message_id: inText.id }),
      'channel_not_text',
    );
    assertAckError(await call(m1, 'chat:read', { channel_id: z.text }), 'invalid_field', 'message_id');

    // Nothing moved.
    assert.deepEqual(await zoneState(member, z, z.text), {
      channel: state(null, inText.id, 1, 0),
      zone: { unread_count: 1, mention_count: 0 },
    });
    assert.deepEqual(await dmState(member, chat.id), state(null, inDm.id, 1, 0));
    assertError(await outsider.get(`/api/v1/zones/${z.id}/channels`), 404, 'zone_not_found');
  });
});
