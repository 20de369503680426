// Zones over the wire: creating, reading, updating and deleting zones, members and roles
// (the OWNER > ADMIN > MEMBER hierarchy), ownership transfer, leaving, channels, bans, icons
// and the audit log, on the real binary with the backend of the run (OPENCHAT_TEST_DB).
// Every route is tried by someone allowed and by someone refused: an outsider, a member
// acting above their role, an admin acting on another admin or on the owner, a banned user.
// Invites have their own file (invites.test.mjs); members join here through them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenchat } from '../lib/server.mjs';
import { ApiClient, assertError } from '../lib/api.mjs';

const ENV = {
  // Many users register and verify from 127.0.0.1 in this file.
  OPENCHAT_RATE_LIMITS: 'register=1000/60,verify=1000/60,login=1000/60',
  OPENCHAT_AVATAR_MAX: '4k',
};
// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const ID_RE = /^[1-9][0-9]{0,18}$/;

let server;

/** A registered user; verified unless told otherwise. */
async function user({ verified = true } = {}) {
  const c = new ApiClient(server);
  await c.register();
  if (verified) await c.verifyEmail();
  return c;
}

async function createZone(owner, name = 'Test Zone') {
  const res = await owner.post('/api/v1/zones', { name });
  assert.equal(res.status, 201, res.text);
  return res.body.zone;
}

/** Adds users to a zone through an invite the owner makes. */
async function join(owner, zone, ...clients) {
  const inv = await owner.post(`/api/v1/zones/${zone.id}/invites`, {});
  assert.equal(inv.status, 201, inv.text);
  for (const c of clients) {
    const res = await c.post(`/api/v1/invites/${inv.body.invite.code}/join`);
    assert.equal(res.status, 200, res.text);
  }
}

/** A zone with an owner, two admins, two members and an outsider. */
async function cast() {
  const [owner, admin, admin2, member, member2, outsider] = await Promise.all([
    user(),
    user({ verified: false }),
    user({ verified: false }),
    user({ verified: false }),
    user({ verified: false }),
    user({ verified: false }),
  ]);
  const zone = await createZone(owner);
  await join(owner, zone, admin, admin2, member, member2);
  for (const a of [admin, admin2]) {
    const res = await owner.patch(`/api/v1/zones/${zone.id}/members/${a.user.id}`, {
      role: 'admin',
    });
    assert.equal(res.status, 200, res.text);
  }
  return { zone, owner, admin, admin2, member, member2, outsider, z: `/api/v1/zones/${zone.id}` };
}

async function auditActions(client, zoneId) {
  const res = await client.get(`/api/v1/zones/${zoneId}/audit-log`);
  assert.equal(res.status, 200, res.text);
  return res.body.entries.map((e) => e.action);
}

before(async () => {
  server = await startOpenchat({ env: ENV });
});

after(async () => {
  await server?.stop();
});

describe('zones', () => {
  test('creating a zone makes the creator its owner with two channels', async () => {
    const owner = await user();
    const res = await owner.post('/api/v1/zones', { name: '  Rust Fans  ' });
    assert.equal(res.status, 201, res.text);
    const z = res.body.zone;
    assert.match(z.id, ID_RE);
    assert.equal(typeof z.created_at, 'number');
    assert.ok(Math.abs(z.created_at - Date.now()) < 60000);
    assert.equal(z.channels.length, 2);
    for (const ch of z.channels) assert.match(ch.id, ID_RE);
    assert.deepEqual(z, {
      id: z.id,
      name: 'Rust Fans',
      icon_url: null,
      owner_id: owner.user.id,
      allow_member_invites: false,
      created_at: z.created_at,
      my_role: 'owner',
      channels: [
        { id: z.channels[0].id, name: 'general', type: 'text', position: 0, topic: '' },
        { id: z.channels[1].id, name: 'General', type: 'voice', position: 1, topic: '' },
      ],
    });
    // The list has it without channels, with the caller's unread counts; GET has it with
    // them, each text channel with the caller's read state (docs/API.md, "Read positions and unread counts").
    const list = await owner.get('/api/v1/zones');
    assert.equal(list.status, 200);
    const { channels, ...bare } = z;
    assert.deepEqual(list.body, { zones: [{ ...bare, unread_count: 0, mention_count: 0 }] });
    const one = await owner.get(`/api/v1/zones/${z.id}`);
    assert.equal(one.status, 200);
    const unread = { last_read_id: null, last_message_id: null, unread_count: 0, mention_count: 0 };
    assert.deepEqual(one.body, {
      zone: { ...z, channels: [{ ...z.channels[0], ...unread }, z.channels[1]] },
    });
    assert.equal(channels.length, 2);
    assert.deepEqual(await auditActions(owner, z.id), ['zone.create']);
  });

  test('creating a zone: refusals and validation', async () => {
    const anon = new ApiClient(server);
    assertError(await anon.post('/api/v1/zones', { name: 'x' }), 401, 'unauthenticated');
    const unverified = await user({ verified: false });
    assertError(await unverified.post('/api/v1/zones', { name: 'x' }), 403, 'email_unverified');
    assert.deepEqual((await unverified.get('/api/v1/zones')).body, { zones: [] });

    const u = await user();
    assertError(await u.post('/api/v1/zones', {}), 422, 'invalid_field', 'name');
    assertError(await u.post('/api/v1/zones', { name: '   ' }), 422, 'invalid_field', 'name');
    assertError(await u.post('/api/v1/zones', { name: 42 }), 422, 'invalid_field', 'name');
    assertError(await u.post('/api/v1/zones', { name: 'x'.repeat(101) }), 422, 'invalid_field', 'name');
    assertError(await u.post('/api/v1/zones', '{"name":'), 400, 'invalid_json');
    // 100 characters is the limit, counted in characters, not bytes.
    const long = '\u{1F600}'.repeat(100);
    const ok = await u.post('/api/v1/zones', { name: long });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.zone.name, long);
    assert.equal((await u.get('/api/v1/zones')).body.zones.length, 1);
  });

  test('only members see a zone; outsiders cannot tell it exists', async () => {
    const { zone, member, outsider, z } = await cast();
    const seen = await member.get(z);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.zone.my_role, 'member');
    assert.equal(seen.body.zone.channels.length, 2);
    assertError(await outsider.get(z), 404, 'zone_not_found');
    assertError(await outsider.get('/api/v1/zones/123456789'), 404, 'zone_not_found');
    assertError(await outsider.get('/api/v1/zones/nope'), 404, 'zone_not_found');
    assertError(await new ApiClient(server).get(z), 401, 'unauthenticated');
    const mine = await member.get('/api/v1/zones');
    assert.deepEqual(
      mine.body.zones.map((x) => [x.id, x.my_role]),
      [[zone.id, 'member']],
    );
  });

  test('updating a zone needs ADMIN', async () => {
    const { owner, admin, member, outsider, zone, z } = await cast();
    const res = await admin.patch(z, { name: 'Renamed', allow_member_invites: true });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.zone.name, 'Renamed');
    assert.equal(res.body.zone.allow_member_invites, true);
    assert.equal(res.body.zone.my_role, 'admin');
    assert.equal(res.body.zone.channels.length, 2);
    const again = await owner.patch(z, { allow_member_invites: false });
    assert.equal(again.status, 200);
    assert.equal(again.body.zone.name, 'Renamed');
    assert.equal(again.body.zone.allow_member_invites, false);
    // Nothing changed: nothing recorded.
    assert.equal((await owner.patch(z, { name: 'Renamed' })).status, 200);

    assertError(await member.patch(z, { name: 'Mine' }), 403, 'admin_required');
    assertError(await outsider.patch(z, { name: 'Mine' }), 404, 'zone_not_found');
    assertError(await owner.patch(z, { name: '' }), 422, 'invalid_field', 'name');
    assertError(await owner.patch(z, { name: 'y'.repeat(101) }), 422, 'invalid_field', 'name');
    assertError(
      await owner.patch(z, { allow_member_invites: 'yes' }),
      422,
      'invalid_field',
      'allow_member_invites',
    );
    const log = (await owner.get(`${z}/audit-log`)).body.entries;
    const updates = log.filter((e) => e.action === 'zone.update');
    assert.deepEqual(
      updates.map((e) => [e.actor.id, e.target_id, e.details]),
      [
        [owner.user.id, zone.id, { allow_member_invites: false }],
        [admin.user.id, zone.id, { name: 'Renamed', allow_member_invites: true }],
      ],
    );
  });

  test('deleting a zone needs OWNER', async () => {
    const { owner, admin, member, outsider, z } = await cast();
    assertError(await member.delete(z), 403, 'owner_required');
    assertError(await admin.delete(z), 403, 'owner_required');
    assertError(await outsider.delete(z), 404, 'zone_not_found');
    const res = await owner.delete(z);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assertError(await owner.get(z), 404, 'zone_not_found');
    assertError(await owner.delete(z), 404, 'zone_not_found');
    assert.deepEqual((await member.get('/api/v1/zones')).body, { zones: [] });
  });
});

describe('members and roles', () => {
  test('the member list', async () => {
    const { owner, admin, admin2, member, member2, outsider, z } = await cast();
    const res = await member.get(`${z}/members`);
    assert.equal(res.status, 200);
    const rows = res.body.members;
    assert.deepEqual(
      rows.map((m) => [m.user.id, m.role]),
      [
        [owner.user.id, 'owner'],
        [admin.user.id, 'admin'],
        [admin2.user.id, 'admin'],
        [member.user.id, 'member'],
        [member2.user.id, 'member'],
      ],
    );
    assert.deepEqual(rows[3].user, {
      id: member.user.id,
      username: member.user.username,
      display_name: member.user.display_name,
      avatar_url: null,
      bio: '',
      created_at: member.user.created_at,
    });
    assert.equal(typeof rows[3].joined_at, 'number');
    assertError(await outsider.get(`${z}/members`), 404, 'zone_not_found');
  });

  test('roles: only the owner makes admins; nobody acts on an equal or higher role', async () => {
    const { owner, admin, admin2, member, member2, outsider, zone, z } = await cast();
    const m = (c) => `${z}/members/${c.user.id}`;
    assertError(await admin.patch(m(member), { role: 'admin' }), 403, 'role_not_grantable');
    assertError(await admin.patch(m(admin2), { role: 'member' }), 403, 'role_too_low');
    assertError(await admin.patch(m(owner), { role: 'member' }), 403, 'role_too_low');
    assertError(await admin.patch(m(admin), { role: 'member' }), 403, 'role_too_low');
    assertError(await member.patch(m(member2), { role: 'member' }), 403, 'admin_required');
    assertError(await member.patch(m(member), { role: 'admin' }), 403, 'admin_required');
    assertError(await outsider.patch(m(member), { role: 'admin' }), 404, 'zone_not_found');
    assertError(await owner.patch(m(outsider), { role: 'admin' }), 404, 'member_not_found');
    assertError(await owner.patch(`${z}/members/x1`, { role: 'admin' }), 404, 'member_not_found');
    assertError(await owner.patch(m(member), { role: 'owner' }), 422, 'invalid_field', 'role');
    assertError(await owner.patch(m(member), { role: 'boss' }), 422, 'invalid_field', 'role');
    assertError(await owner.patch(m(member), {}), 422, 'invalid_field', 'role');

    const down = await owner.patch(m(admin2), { role: 'member' });
    assert.equal(down.status, 200, down.text);
    assert.equal(down.body.member.role, 'member');
    assert.equal(down.body.member.user.id, admin2.user.id);
    // An admin may act on a member (set them to member: nothing changes).
    const same = await admin.patch(m(admin2), { role: 'member' });
    assert.equal(same.status, 200);
    assert.equal(same.body.member.role, 'member');
    const log = (await owner.get(`${z}/audit-log`)).body.entries;
    const roles = log.filter((e) => e.action === 'member.role');
    assert.deepEqual(
      roles.map((e) => [e.actor.id, e.target_id, e.details]),
      [
        [owner.user.id, admin2.user.id, { role: 'member', previous: 'admin' }],
        [owner.user.id, admin2.user.id, { role: 'admin', previous: 'member' }],
        [owner.user.id, admin.user.id, { role: 'admin', previous: 'member' }],
      ],
    );
    assert.equal(zone.my_role, 'owner');
  });

  test('kicking members', async () => {
    const { owner, admin, admin2, member, member2, outsider, z } = await cast();
    const m = (c) => `${z}/members/${c.user.id}`;
    assertError(await member.delete(m(member2)), 403, 'admin_required');
    assertError(await admin.delete(m(admin2)), 403, 'role_too_low');
    assertError(await admin.delete(m(owner)), 403, 'role_too_low');
    assertError(await admin.delete(m(outsider)), 404, 'member_not_found');
    assertError(await outsider.delete(m(member)), 404, 'zone_not_found');
    assert.equal((await admin.delete(m(member))).status, 204);
    assertError(await member.get(z), 404, 'zone_not_found');
    assert.equal((await owner.delete(m(admin2))).status, 204);
    const left = (await owner.get(`${z}/members`)).body.members.map((x) => x.user.id);
    assert.deepEqual(left, [owner.user.id, admin.user.id, member2.user.id]);
    const kicks = (await owner.get(`${z}/audit-log`)).body.entries.filter(
      (e) => e.action === 'member.kick',
    );
    assert.deepEqual(
      kicks.map((e) => [e.actor.id, e.target_id]),
      [
        [owner.user.id, admin2.user.id],
        [admin.user.id, member.user.id],
      ],
    );
  });

  test('transferring ownership', async () => {
    const { owner, admin, member, outsider, zone, z } = await cast();
    assertError(await admin.post(`${z}/transfer`, { user_id: admin.user.id }), 403, 'owner_required');
    assertError(await member.post(`${z}/transfer`, { user_id: member.user.id }), 403, 'owner_required');
    assertError(await outsider.post(`${z}/transfer`, { user_id: outsider.user.id }), 404, 'zone_not_found');
    assertError(await owner.post(`${z}/transfer`, { user_id: outsider.user.id }), 404, 'member_not_found');
    assertError(await owner.post(`${z}/transfer`, { user_id: owner.user.id }), 409, 'already_owner');
    assertError(await owner.post(`${z}/transfer`, {}), 422, 'invalid_field', 'user_id');
    assertError(await owner.post(`${z}/transfer`, { user_id: 'abc' }), 422, 'invalid_field', 'user_id');

    const res = await owner.post(`${z}/transfer`, { user_id: member.user.id });
    assert.equal(res.status, 204, res.text);
    const now = (await member.get(z)).body.zone;
    assert.equal(now.owner_id, member.user.id);
    assert.equal(now.my_role, 'owner');
    assert.equal((await owner.get(z)).body.zone.my_role, 'admin');
    // The old owner is an admin now: below the new owner.
    assertError(await owner.delete(z), 403, 'owner_required');
    assertError(await owner.delete(`${z}/members/${member.user.id}`), 403, 'role_too_low');
    const e = (await member.get(`${z}/audit-log`)).body.entries[0];
    assert.deepEqual([e.action, e.actor.id, e.target_id], ['zone.transfer', owner.user.id, member.user.id]);
    assert.equal(zone.owner_id, owner.user.id);
  });

  test('leaving a zone', async () => {
    const { owner, member, outsider, z } = await cast();
    assertError(await owner.post(`${z}/leave`), 409, 'owner_must_transfer');
    assertError(await outsider.post(`${z}/leave`), 404, 'zone_not_found');
    assert.equal((await member.post(`${z}/leave`)).status, 204);
    assertError(await member.get(z), 404, 'zone_not_found');
    assertError(await member.post(`${z}/leave`), 404, 'zone_not_found');
    const e = (await owner.get(`${z}/audit-log`)).body.entries[0];
    assert.deepEqual([e.action, e.actor.id, e.target_id], ['member.leave', member.user.id, member.user.id]);
  });
});

describe('channels', () => {
  test('creating channels: text names like Discord, voice names as given', async () => {
    const { admin, member, outsider, z } = await cast();
    const res = await admin.post(`${z}/channels`, { name: ' Off  Topic ', type: 'text', topic: 'Anything' });
    assert.equal(res.status, 201, res.text);
    const ch = res.body.channel;
    assert.match(ch.id, ID_RE);
    assert.deepEqual(ch, { id: ch.id, name: 'off-topic', type: 'text', position: 2, topic: 'Anything' });
    const voice = await admin.post(`${z}/channels`, { name: 'Music Room', type: 'voice' });
    assert.equal(voice.status, 201);
    assert.deepEqual(voice.body.channel, {
      id: voice.body.channel.id, name: 'Music Room', type: 'voice', position: 3, topic: '',
    });
    const list = await member.get(`${z}/channels`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.channels.map((c) => [c.name, c.type, c.position]),
      [['general', 'text', 0], ['General', 'voice', 1], ['off-topic', 'text', 2], ['Music Room', 'voice', 3]],
    );
    assertError(await member.post(`${z}/channels`, { name: 'x', type: 'text' }), 403, 'admin_required');
    assertError(await outsider.post(`${z}/channels`, { name: 'x', type: 'text' }), 404, 'zone_not_found');
    assertError(await outsider.get(`${z}/channels`), 404, 'zone_not_found');
    assertError(await admin.post(`${z}/channels`, { name: 'x', type: 'stage' }), 422, 'invalid_field', 'type');
    assertError(await admin.post(`${z}/channels`, { name: 'x' }), 422, 'invalid_field', 'type');
    assertError(await admin.post(`${z}/channels`, { type: 'text' }), 422, 'invalid_field', 'name');
    assertError(await admin.post(`${z}/channels`, { name: 'n'.repeat(101), type: 'text' }), 422, 'invalid_field', 'name');
    assertError(
      await admin.post(`${z}/channels`, { name: 'x', type: 'text', topic: 't'.repeat(1025) }),
      422, 'invalid_field', 'topic',
    );
    const e = (await admin.get(`${z}/audit-log`)).body.entries;
    assert.deepEqual(
      e.slice(0, 2).map((x) => [x.action, x.target_id, x.details]),
      [
        ['channel.create', voice.body.channel.id, { name: 'Music Room', type: 'voice' }],
        ['channel.create', ch.id, { name: 'off-topic', type: 'text' }],
      ],
    );
  });

  test('updating and deleting channels; a zone keeps one text channel', async () => {
    const { owner, admin, member, outsider, zone, z } = await cast();
    const [text, voice] = zone.channels;
    const c = (id) => `${z}/channels/${id}`;
    const res = await admin.patch(c(text.id), { name: 'Main Hall', topic: 'Say hi' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.channel, { ...text, name: 'main-hall', topic: 'Say hi' });
    const v = await admin.patch(c(voice.id), { name: 'Voice Hall' });
    assert.deepEqual(v.body.channel, { ...voice, name: 'Voice Hall' });
    const cleared = await admin.patch(c(text.id), { topic: '' });
    assert.deepEqual(cleared.body.channel, { ...text, name: 'main-hall', topic: '' });
    assertError(await member.patch(c(text.id), { name: 'x' }), 403, 'admin_required');
    assertError(await outsider.patch(c(text.id), { name: 'x' }), 404, 'zone_not_found');
    assertError(await admin.patch(c(text.id), { name: '' }), 422, 'invalid_field', 'name');
    assertError(await admin.patch(c(text.id), { topic: 'x'.repeat(1025) }), 422, 'invalid_field', 'topic');

    // A channel of another zone is not found through this one.
    const other = await createZone(owner, 'Other');
    assertError(await owner.patch(c(other.channels[0].id), { name: 'x' }), 404, 'channel_not_found');
    assertError(await owner.delete(c(other.channels[0].id)), 404, 'channel_not_found');
    assertError(await owner.delete(c('notanid')), 404, 'channel_not_found');

    assertError(await member.delete(c(voice.id)), 403, 'admin_required');
    assertError(await admin.delete(c(text.id)), 409, 'last_text_channel');
    assert.equal((await admin.delete(c(voice.id))).status, 204);
    assertError(await admin.delete(c(voice.id)), 404, 'channel_not_found');
    // With a second text channel either can go, but not both.
    const extra = (await admin.post(`${z}/channels`, { name: 'extra', type: 'text' })).body.channel;
    assert.equal((await admin.delete(c(text.id))).status, 204);
    assertError(await admin.delete(c(extra.id)), 409, 'last_text_channel');
    assert.deepEqual(
      (await member.get(`${z}/channels`)).body.channels.map((x) => x.id),
      [extra.id],
    );
    const log = (await owner.get(`${z}/audit-log`)).body.entries;
    assert.deepEqual(
      log.slice(0, 4).map((e) => [e.action, e.target_id, e.details]),
      [
        ['channel.delete', text.id, { name: 'main-hall' }],
        ['channel.create', extra.id, { name: 'extra', type: 'text' }],
        ['channel.delete', voice.id, { name: 'Voice Hall' }],
        ['channel.update', text.id, { topic: '' }],
      ],
    );
  });

  test('reordering channels takes exactly the zone channel ids', async () => {
    const { owner, admin, member, outsider, zone, z } = await cast();
    const a = (await admin.post(`${z}/channels`, { name: 'a', type: 'text' })).body.channel;
    const [text, voice] = zone.channels;
    const order = `${z}/channels/order`;
    const res = await admin.put(order, { channel_ids: [a.id, voice.id, text.id] });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(
      res.body.channels.map((c) => [c.id, c.position]),
      [[a.id, 0], [voice.id, 1], [text.id, 2]],
    );
    assert.deepEqual(
      (await member.get(z)).body.zone.channels.map((c) => c.id),
      [a.id, voice.id, text.id],
    );
    const other = await createZone(owner, 'Other');
    for (const ids of [
      [a.id, voice.id],
      [a.id, voice.id, text.id, other.channels[0].id],
      [a.id, voice.id, other.channels[0].id],
      [a.id, a.id, voice.id],
      [],
      ['x', voice.id, text.id],
    ])
      assertError(await admin.put(order, { channel_ids: ids }), 422, 'invalid_field', 'channel_ids');
    assertError(await admin.put(order, { channel_ids: 'a' }), 422, 'invalid_field', 'channel_ids');
    assertError(await admin.put(order, {}), 422, 'invalid_field', 'channel_ids');
    assertError(await member.put(order, { channel_ids: [text.id, voice.id, a.id] }), 403, 'admin_required');
    assertError(await outsider.put(order, { channel_ids: [text.id, voice.id, a.id] }), 404, 'zone_not_found');
    const e = (await admin.get(`${z}/audit-log`)).body.entries[0];
    assert.deepEqual([e.action, e.target_id, e.details], [
      'channel.reorder', zone.id, { channel_ids: [a.id, voice.id, text.id] },
    ]);
  });
});

describe('bans', () => {
  test('banning removes the member and keeps them out', async () => {
    const { owner, admin, admin2, member, member2, outsider, zone, z } = await cast();
    const b = (c) => `${z}/bans/${c.user.id}`;
    assertError(await member.put(b(member2), {}), 403, 'admin_required');
    assertError(await admin.put(b(admin2), {}), 403, 'role_too_low');
    assertError(await admin.put(b(owner), {}), 403, 'role_too_low');
    assertError(await admin.put(b(admin), {}), 403, 'role_too_low');
    assertError(await outsider.put(b(member), {}), 404, 'zone_not_found');
    assertError(await admin.put(`${z}/bans/987654321`, {}), 404, 'user_not_found');
    assertError(await admin.put(b(member), { reason: 'r'.repeat(513) }), 422, 'invalid_field', 'reason');

    assert.equal((await admin.put(b(member), { reason: 'spam' })).status, 204);
    assertError(await member.get(z), 404, 'zone_not_found');
    // Someone who is not a member can be banned ahead of time.
    assert.equal((await admin.put(b(outsider), {})).status, 204);
    const list = await admin.get(`${z}/bans`);
    assert.equal(list.status, 200);
    const bans = list.body.bans;
    assert.deepEqual(
      bans.map((x) => [x.user.id, x.reason, x.banned_by.id]).sort(),
      [[member.user.id, 'spam', admin.user.id], [outsider.user.id, '', admin.user.id]].sort(),
    );
    assert.equal(typeof bans[0].created_at, 'number');
    assert.equal(bans[0].user.username, bans[0].user.id === member.user.id ? member.user.username : outsider.user.username);
    assertError(await member2.get(`${z}/bans`), 403, 'admin_required');
    assertError(await member.get(`${z}/bans`), 404, 'zone_not_found');

    // A banned user cannot come back through an invite.
    const inv = (await owner.post(`${z}/invites`, {})).body.invite;
    assertError(await member.post(`/api/v1/invites/${inv.code}/join`), 403, 'banned');

    assertError(await member2.delete(b(member)), 403, 'admin_required');
    assert.equal((await admin2.delete(b(member))).status, 204);
    assertError(await admin2.delete(b(member)), 404, 'ban_not_found');
    assert.equal((await member.post(`/api/v1/invites/${inv.code}/join`)).status, 200);
    const log = (await owner.get(`${z}/audit-log`)).body.entries;
    assert.deepEqual(
      log.slice(0, 5).map((e) => [e.action, e.actor.id, e.target_id, e.details]),
      [
        ['member.join', member.user.id, member.user.id, { code: inv.code }],
        ['ban.remove', admin2.user.id, member.user.id, {}],
        ['invite.create', owner.user.id, null, { code: inv.code, expires_at: inv.expires_at, max_uses: null }],
        ['ban.add', admin.user.id, outsider.user.id, { reason: '' }],
        ['ban.add', admin.user.id, member.user.id, { reason: 'spam' }],
      ],
    );
    assert.equal(zone.my_role, 'owner');
  });
});

describe('icons', () => {
  test('admins set and remove the icon; it is served by its URL', async () => {
    const { owner, admin, member, outsider, z } = await cast();
    const put = (c, body, type = 'image/png') =>
      c.request('PUT', `${z}/icon`, undefined, { raw: body, headers: { 'Content-Type': type } });
    assertError(await put(member, PNG), 403, 'admin_required');
    assertError(await put(outsider, PNG), 404, 'zone_not_found');
    assertError(await put(admin, Buffer.from('not a picture')), 415, 'unsupported_image');
    assertError(await put(admin, Buffer.alloc(4097, 1)), 413, 'icon_too_large');

    const res = await put(admin, PNG);
    assert.equal(res.status, 200, res.text);
    const url = res.body.zone.icon_url;
    assert.match(url, /^\/api\/v1\/zone-icons\/[0-9a-f]{32}\.png$/);
    assert.equal((await member.get(z)).body.zone.icon_url, url);
    const img = await fetch(server.url + url);
    assert.equal(img.status, 200);
    assert.equal(img.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await img.arrayBuffer()), PNG);

    // A new icon replaces the old file.
    const again = await put(owner, PNG);
    assert.equal(again.status, 200);
    assert.notEqual(again.body.zone.icon_url, url);
    // The answer comes once the replaced file is gone.
    assert.equal((await fetch(server.url + url)).status, 404);

    assertError(await member.delete(`${z}/icon`), 403, 'admin_required');
    const del = await admin.delete(`${z}/icon`);
    assert.equal(del.status, 200);
    assert.equal(del.body.zone.icon_url, null);
    assert.equal((await fetch(server.url + again.body.zone.icon_url)).status, 404);
    const log = (await owner.get(`${z}/audit-log`)).body.entries;
    assert.deepEqual(
      log.slice(0, 3).map((e) => [e.action, e.actor.id, e.details]),
      [
        ['zone.icon', admin.user.id, { icon: false }],
        ['zone.icon', owner.user.id, { icon: true }],
        ['zone.icon', admin.user.id, { icon: true }],
      ],
    );
    // Deleting the zone deletes its icon too.
    const last = (await put(admin, PNG)).body.zone.icon_url;
    assert.equal((await fetch(server.url + last)).status, 200);
    assert.equal((await owner.delete(z)).status, 204);
    assert.equal((await fetch(server.url + last)).status, 404);
  });
});

describe('audit log', () => {
  test('newest first, with keyset pagination, for admins only', async () => {
    const { owner, admin, member, outsider, zone, z } = await cast();
    const all = await admin.get(`${z}/audit-log`);
    assert.equal(all.status, 200);
    const entries = all.body.entries;
    // zone.create, invite.create, 4 joins, 2 promotions.
    assert.deepEqual(entries.map((e) => e.action), [
      'member.role', 'member.role',
      'member.join', 'member.join', 'member.join', 'member.join',
      'invite.create', 'zone.create',
    ]);
    const first = entries.at(-1);
    assert.deepEqual(first, {
      id: first.id,
      actor: {
        id: owner.user.id,
        username: owner.user.username,
        display_name: owner.user.display_name,
        avatar_url: null,
        bio: '',
        created_at: owner.user.created_at,
      },
      action: 'zone.create',
      target_id: zone.id,
      details: { name: 'Test Zone' },
      created_at: first.created_at,
    });
    for (let i = 1; i < entries.length; i++)
      assert.ok(BigInt(entries[i - 1].id) > BigInt(entries[i].id));

    const page1 = await admin.get(`${z}/audit-log?limit=3`);
    assert.deepEqual(page1.body.entries, entries.slice(0, 3));
    const page2 = await admin.get(`${z}/audit-log?limit=3&before=${entries[2].id}`);
    assert.deepEqual(page2.body.entries, entries.slice(3, 6));
    const page3 = await admin.get(`${z}/audit-log?limit=3&before=${entries[5].id}`);
    assert.deepEqual(page3.body.entries, entries.slice(6));
    const page4 = await admin.get(`${z}/audit-log?before=${entries.at(-1).id}`);
    assert.deepEqual(page4.body, { entries: [] });

    assertError(await member.get(`${z}/audit-log`), 403, 'admin_required');
    assertError(await outsider.get(`${z}/audit-log`), 404, 'zone_not_found');
    for (const q of ['limit=0', 'limit=101', 'limit=x', 'limit=', 'limit=-1'])
      assertError(await admin.get(`${z}/audit-log?${q}`), 422, 'invalid_field', 'limit');
    for (const q of ['before=x', 'before=0', 'before=99999999999999999999'])
      assertError(await admin.get(`${z}/audit-log?${q}`), 422, 'invalid_field', 'before');
    assert.equal((await admin.get(`${z}/audit-log?limit=100`)).status, 200);
  });
});
