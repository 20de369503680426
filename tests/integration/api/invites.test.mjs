// Zone invites over the wire: creating, listing and revoking a zone's invites, the public
// preview of a code, and joining with it, on the real binary with the backend of the run
// (OPENCHAT_TEST_DB). Each way an invite stops working has its own code (expired,
// exhausted, revoked, and banned for the user), and concurrent joins never take more uses
// than max_uses. The server runs with OPENCHAT_INVITE_MIN_TTL_S=0 so an invite can be made
// already expired (expires_in_s: 0) instead of waiting for one to run out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startOpenchat } from '../lib/server.mjs';
import { ApiClient, assertError } from '../lib/api.mjs';

const PUBLIC_URL = 'https://chat.example.test';
const ENV = {
  OPENCHAT_RATE_LIMITS: 'register=1000/60,verify=1000/60,login=1000/60',
  OPENCHAT_INVITE_MIN_TTL_S: '0',
  PUBLIC_URL,
};
const DAY_MS = 24 * 3600 * 1000;
const CODE_RE = /^[A-Za-z0-9]{10}$/;

let server;

async function user({ verified = false, srv = server } = {}) {
  const c = new ApiClient(srv);
  await c.register();
  if (verified) await c.verifyEmail();
  return c;
}

/** A zone with an owner, an admin and a member, and an outsider. */
async function cast() {
  const [owner, admin, member, outsider] = await Promise.all([
    user({ verified: true }),
    user(),
    user(),
    user(),
  ]);
  const res = await owner.post('/api/v1/zones', { name: 'Invite Zone' });
  assert.equal(res.status, 201, res.text);
  const zone = res.body.zone;
  const z = `/api/v1/zones/${zone.id}`;
  const inv = (await owner.post(`${z}/invites`, {})).body.invite;
  for (const c of [admin, member])
    assert.equal((await c.post(`/api/v1/invites/${inv.code}/join`)).status, 200);
  const up = await owner.patch(`${z}/members/${admin.user.id}`, { role: 'admin' });
  assert.equal(up.status, 200, up.text);
  return { zone, z, owner, admin, member, outsider, first: inv };
}

const publicUser = (c) => ({
  id: c.user.id,
  username: c.user.username,
  display_name: c.user.display_name,
  avatar_url: null,
  bio: '',
  created_at: c.user.created_at,
});

before(async () => {
  server = await startOpenchat({ env: ENV });
});

after(async () => {
  await server?.stop();
});

describe('creating and listing invites', () => {
  test('an invite: a random code, its URL, a default lifetime of 7 days', async () => {
    const { z, zone, admin } = await cast();
    const res = await admin.post(`${z}/invites`, {});
    assert.equal(res.status, 201, res.text);
    const inv = res.body.invite;
    assert.match(inv.code, CODE_RE);
    assert.ok(Math.abs(inv.created_at - Date.now()) < 60000);
    assert.deepEqual(inv, {
      code: inv.code,
      url: `${PUBLIC_URL}/invite/${inv.code}`,
      zone_id: zone.id,
      creator: publicUser(admin),
      created_at: inv.created_at,
      expires_at: inv.created_at + 7 * DAY_MS,
      max_uses: null,
      uses: 0,
    });
    const never = await admin.post(`${z}/invites`, { expires_in_s: null, max_uses: 5 });
    assert.equal(never.status, 201);
    assert.equal(never.body.invite.expires_at, null);
    assert.equal(never.body.invite.max_uses, 5);
    const hour = await admin.post(`${z}/invites`, { expires_in_s: 3600, max_uses: null });
    assert.equal(hour.body.invite.expires_at, hour.body.invite.created_at + 3600 * 1000);
    assert.equal(hour.body.invite.max_uses, null);
    const codes = new Set([inv.code, never.body.invite.code, hour.body.invite.code]);
    assert.equal(codes.size, 3);

    const log = (await admin.get(`${z}/audit-log`)).body.entries;
    assert.deepEqual(
      log.slice(0, 3).map((e) => [e.action, e.actor.id, e.target_id, e.details]),
      [
        ['invite.create', admin.user.id, null, { code: hour.body.invite.code, expires_at: hour.body.invite.expires_at, max_uses: null }],
        ['invite.create', admin.user.id, null, { code: never.body.invite.code, expires_at: null, max_uses: 5 }],
        ['invite.create', admin.user.id, null, { code: inv.code, expires_at: inv.expires_at, max_uses: null }],
      ],
    );
  });

  test('lifetime and use limits', async () => {
    const { z, admin } = await cast();
    for (const [body, field] of [
      [{ expires_in_s: 2592001 }, 'expires_in_s'],
      [{ expires_in_s: -1 }, 'expires_in_s'],
      [{ expires_in_s: 1.5 }, 'expires_in_s'],
      [{ expires_in_s: '60' }, 'expires_in_s'],
      [{ max_uses: 0 }, 'max_uses'],
      [{ max_uses: 1001 }, 'max_uses'],
      [{ max_uses: '5' }, 'max_uses'],
    ])
      assertError(await admin.post(`${z}/invites`, body), 422, 'invalid_field', field);
    const max = await admin.post(`${z}/invites`, { expires_in_s: 2592000, max_uses: 1000 });
    assert.equal(max.status, 201, max.text);
    assertError(await admin.post(`${z}/invites`, 'nope'), 400, 'invalid_json');
  });

  test('previews are limited per address and joins per user', async () => {
    const limited = await startOpenchat({
      env: { OPENCHAT_RATE_LIMITS: `${ENV.OPENCHAT_RATE_LIMITS},invite=3/60,join=2/60` },
    });
    try {
      const owner = await user({ verified: true, srv: limited });
      const zones = [];
      for (const name of ['One', 'Two', 'Three']) {
        const zone = (await owner.post('/api/v1/zones', { name })).body.zone;
        zones.push((await owner.post(`/api/v1/zones/${zone.id}/invites`, {})).body.invite.code);
      }
      const anon = new ApiClient(limited);
      for (const code of zones) assert.equal((await anon.get(`/api/v1/invites/${code}`)).status, 200);
      const over = await anon.get(`/api/v1/invites/${zones[0]}`);
      assertError(over, 429, 'rate_limited');
      assert.ok(Number(over.headers.get('retry-after')) >= 1);
      const joiner = await user({ srv: limited });
      for (const code of zones.slice(0, 2))
        assert.equal((await joiner.post(`/api/v1/invites/${code}/join`)).status, 200);
      assertError(await joiner.post(`/api/v1/invites/${zones[2]}/join`), 429, 'rate_limited');
      // Another user has a budget of their own.
      const second = await user({ srv: limited });
      assert.equal((await second.post(`/api/v1/invites/${zones[2]}/join`)).status, 200);
    } finally {
      await limited.stop();
    }
  });

  test('without the test setting the shortest lifetime is 60 seconds', async () => {
    const plain = await startOpenchat({
      env: { OPENCHAT_RATE_LIMITS: ENV.OPENCHAT_RATE_LIMITS },
    });
    try {
      const owner = await user({ verified: true, srv: plain });
      const zone = (await owner.post('/api/v1/zones', { name: 'Plain' })).body.zone;
      const z = `/api/v1/zones/${zone.id}`;
      assertError(await owner.post(`${z}/invites`, { expires_in_s: 59 }), 422, 'invalid_field', 'expires_in_s');
      assertError(await owner.post(`${z}/invites`, { expires_in_s: 0 }), 422, 'invalid_field', 'expires_in_s');
      const ok = await owner.post(`${z}/invites`, { expires_in_s: 60 });
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.body.invite.expires_at, ok.body.invite.created_at + 60000);
      assert.equal(ok.body.invite.url, `http://localhost:${plain.port}/invite/${ok.body.invite.code}`);
    } finally {
      await plain.stop();
    }
  });

  test('who may create and list invites', async () => {
    const { z, owner, admin, member, outsider } = await cast();
    assertError(await member.post(`${z}/invites`, {}), 403, 'admin_required');
    assertError(await outsider.post(`${z}/invites`, {}), 404, 'zone_not_found');
    assertError(await new ApiClient(server).post(`${z}/invites`, {}), 401, 'unauthenticated');
    assert.equal((await owner.patch(z, { allow_member_invites: true })).status, 200);
    const mine = await member.post(`${z}/invites`, { max_uses: 1 });
    assert.equal(mine.status, 201, mine.text);
    assert.deepEqual(mine.body.invite.creator, publicUser(member));

    const list = await admin.get(`${z}/invites`);
    assert.equal(list.status, 200);
    assert.equal(list.body.invites.length, 2);
    assert.deepEqual(list.body.invites[0], mine.body.invite);
    assertError(await member.get(`${z}/invites`), 403, 'admin_required');
    assertError(await outsider.get(`${z}/invites`), 404, 'zone_not_found');
  });

  test('who may revoke an invite; a revoked one leaves the list', async () => {
    const { z, owner, admin, member, outsider, first } = await cast();
    assert.equal((await owner.patch(z, { allow_member_invites: true })).status, 200);
    const byMember = (await member.post(`${z}/invites`, {})).body.invite;
    const byAdmin = (await admin.post(`${z}/invites`, {})).body.invite;
    const other = await owner.post('/api/v1/zones', { name: 'Other' });
    const foreign = (await owner.post(`/api/v1/zones/${other.body.zone.id}/invites`, {})).body.invite;

    assertError(await member.delete(`${z}/invites/${byAdmin.code}`), 403, 'admin_required');
    assertError(await outsider.delete(`${z}/invites/${byAdmin.code}`), 404, 'zone_not_found');
    assertError(await admin.delete(`${z}/invites/${foreign.code}`), 404, 'invite_not_found');
    assertError(await admin.delete(`${z}/invites/AAAAAAAAAA`), 404, 'invite_not_found');
    assertError(await admin.delete(`${z}/invites/bad`), 404, 'invite_not_found');
    // Its creator revokes a member's invite; an admin revokes anyone's.
    assert.equal((await member.delete(`${z}/invites/${byMember.code}`)).status, 204);
    assert.equal((await admin.delete(`${z}/invites/${first.code}`)).status, 204);
    // Again: nothing more happens.
    assert.equal((await admin.delete(`${z}/invites/${first.code}`)).status, 204);
    const list = await admin.get(`${z}/invites`);
    assert.deepEqual(list.body.invites.map((i) => i.code), [byAdmin.code]);
    const log = (await owner.get(`${z}/audit-log`)).body.entries;
    assert.deepEqual(
      log.slice(0, 2).map((e) => [e.action, e.actor.id, e.target_id, e.details]),
      [
        ['invite.revoke', admin.user.id, null, { code: first.code }],
        ['invite.revoke', member.user.id, null, { code: byMember.code }],
      ],
    );
  });
});

describe('using invites', () => {
  test('the public preview', async () => {
    const { zone, z, owner, admin } = await cast();
    const inv = (await admin.post(`${z}/invites`, { max_uses: 3 })).body.invite;
    const anon = new ApiClient(server);
    const res = await anon.get(`/api/v1/invites/${inv.code}`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, {
      invite: {
        code: inv.code,
        zone: { id: zone.id, name: 'Invite Zone', icon_url: null, member_count: 3 },
        expires_at: inv.expires_at,
        inviter: { username: admin.user.username, display_name: admin.user.display_name },
      },
    });
    // Logged in makes no difference.
    assert.deepEqual((await owner.get(`/api/v1/invites/${inv.code}`)).body, res.body);
    assertError(await anon.get('/api/v1/invites/AAAAAAAAAA'), 404, 'invite_not_found');
    assertError(await anon.get('/api/v1/invites/short'), 404, 'invite_not_found');
    assertError(await anon.get('/api/v1/invites/abc%2F..%2Fxyz'), 404, 'invite_not_found');
  });

  test('joining: a new member, or a member already (who uses nothing up)', async () => {
    const { zone, z, owner, member } = await cast();
    const inv = (await owner.post(`${z}/invites`, { max_uses: 2 })).body.invite;
    const newcomer = await user();
    const res = await newcomer.post(`/api/v1/invites/${inv.code}/join`);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.zone, { ...zone, my_role: 'member' });
    const again = await newcomer.post(`/api/v1/invites/${inv.code}/join`);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, res.body);
    const owned = await owner.post(`/api/v1/invites/${inv.code}/join`);
    assert.equal(owned.status, 200);
    assert.equal(owned.body.zone.my_role, 'owner');
    assert.equal((await member.post(`/api/v1/invites/${inv.code}/join`)).status, 200);
    const listed = (await owner.get(`${z}/invites`)).body.invites.find((i) => i.code === inv.code);
    assert.equal(listed.uses, 1);
    assert.equal((await owner.get(`/api/v1/invites/${inv.code}`)).body.invite.zone.member_count, 4);
    assertError(await new ApiClient(server).post(`/api/v1/invites/${inv.code}/join`), 401, 'unauthenticated');
    assertError(await newcomer.post('/api/v1/invites/AAAAAAAAAA/join'), 404, 'invite_not_found');
    const e = (await owner.get(`${z}/audit-log`)).body.entries[0];
    assert.deepEqual([e.action, e.actor.id, e.target_id, e.details], [
      'member.join', newcomer.user.id, newcomer.user.id, { code: inv.code },
    ]);
    assert.deepEqual((await newcomer.get('/api/v1/zones')).body.zones.map((x) => x.id), [zone.id]);
  });

  test('expired, exhausted, revoked and banned each have their own code', async () => {
    const { z, owner, admin } = await cast();
    const [a, b, banned] = await Promise.all([user(), user(), user()]);
    const join = (c, code) => c.post(`/api/v1/invites/${code}/join`);
    const preview = (code) => new ApiClient(server).get(`/api/v1/invites/${code}`);

    const expired = (await admin.post(`${z}/invites`, { expires_in_s: 0 })).body.invite;
    assert.equal(expired.expires_at, expired.created_at);
    assertError(await preview(expired.code), 410, 'invite_expired');
    assertError(await join(a, expired.code), 410, 'invite_expired');

    const once = (await admin.post(`${z}/invites`, { max_uses: 1 })).body.invite;
    assert.equal((await join(a, once.code)).status, 200);
    assertError(await preview(once.code), 410, 'invite_exhausted');
    assertError(await join(b, once.code), 410, 'invite_exhausted');

    const revoked = (await admin.post(`${z}/invites`, {})).body.invite;
    assert.equal((await admin.delete(`${z}/invites/${revoked.code}`)).status, 204);
    assertError(await preview(revoked.code), 410, 'invite_revoked');
    assertError(await join(b, revoked.code), 410, 'invite_revoked');

    const open = (await admin.post(`${z}/invites`, { max_uses: 1 })).body.invite;
    assert.equal((await admin.put(`${z}/bans/${banned.user.id}`, { reason: 'no' })).status, 204);
    assertError(await join(banned, open.code), 403, 'banned');
    // The refused join took no use: someone else still can.
    assert.equal((await join(b, open.code)).status, 200);
    const members = (await owner.get(`${z}/members`)).body.members.map((m) => m.user.id);
    assert.ok(members.includes(a.user.id) && members.includes(b.user.id));
    assert.ok(!members.includes(banned.user.id));
  });

  test('20 concurrent joins on an invite with max_uses 5 make exactly 5 members', async () => {
    const owner = await user({ verified: true });
    const zone = (await owner.post('/api/v1/zones', { name: 'Rush' })).body.zone;
    const z = `/api/v1/zones/${zone.id}`;
    const inv = (await owner.post(`${z}/invites`, { max_uses: 5 })).body.invite;
    const users = await Promise.all(Array.from({ length: 20 }, () => user()));
    const results = await Promise.all(users.map((u) => u.post(`/api/v1/invites/${inv.code}/join`)));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    assert.equal(ok.length, 5);
    assert.equal(refused.length, 15);
    for (const r of refused) assertError(r, 410, 'invite_exhausted');
    const members = (await owner.get(`${z}/members`)).body.members;
    assert.equal(members.length, 6);
    const joined = users.filter((_, i) => results[i].status === 200).map((u) => u.user.id).sort();
    assert.deepEqual(
      members.filter((m) => m.role === 'member').map((m) => m.user.id).sort(),
      joined,
    );
    const listed = (await owner.get(`${z}/invites`)).body.invites[0];
    assert.equal(listed.uses, 5);
    const joins = (await owner.get(`${z}/audit-log`)).body.entries.filter((e) => e.action === 'member.join');
    assert.equal(joins.length, 5);
  });
});
