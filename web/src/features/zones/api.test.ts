import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '@/lib/api/client';
import type { PublicUser } from '@/features/friends/types';
import { zonesApi } from './api';
import type { AuditEntry, Ban, Channel, Invite, InvitePreview, Member, Zone, ZoneWithReadState } from './types';

interface Call {
  method: string;
  url: string;
  body: unknown;
  init: RequestInit | undefined;
}

/** A client whose fetch answers from `replies` in turn and records every request. */
function setup(...replies: { status: number; body?: unknown; headers?: Record<string, string> }[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const raw = init?.body;
    calls.push({
      method: init?.method ?? 'GET',
      url: String(url),
      body: typeof raw === 'string' ? JSON.parse(raw) : raw,
      init,
    });
    const r = replies.shift() ?? { status: 204 };
    const text = r.body === undefined ? null : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return new Response(text, { status: r.status, ...(r.headers ? { headers: r.headers } : {}) });
  }) as unknown as typeof globalThis.fetch;
  return { api: zonesApi(createApiClient({ fetch })), calls };
}

const ada: PublicUser = {
  id: '11',
  username: 'ada',
  display_name: 'Ada',
  avatar_url: null,
  bio: '',
  created_at: 1750000000000,
};
const general: Channel = { id: '101', name: 'general', type: 'text', position: 0, topic: '' };
const voice: Channel = { id: '102', name: 'General', type: 'voice', position: 1, topic: '' };
const zone: Zone = {
  id: '100',
  name: 'Rust Fans',
  icon_url: null,
  owner_id: '11',
  allow_member_invites: false,
  created_at: 1750000000000,
  my_role: 'owner',
  channels: [general, voice],
};
const readState = { last_read_id: null, last_message_id: '900', unread_count: 2, mention_count: 0 };
const member: Member = { user: ada, role: 'admin', joined_at: 1750000000300 };
const invite: Invite = {
  code: 'aZ3kP9qLm2',
  url: 'https://chat.example.com/invite/aZ3kP9qLm2',
  zone_id: '100',
  creator: ada,
  created_at: 1750000000000,
  expires_at: null,
  max_uses: 10,
  uses: 3,
};

describe('zonesApi: zones', () => {
  it('creates a zone and unwraps {"zone"}', async () => {
    const { api, calls } = setup({ status: 201, body: { zone } });
    expect(await api.createZone({ name: 'Rust Fans' })).toEqual(zone);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([['POST', '/api/v1/zones', { name: 'Rust Fans' }]]);
  });

  it('lists zones with their counts, unwrapping {"zones"}', async () => {
    const { channels: _, ...info } = zone;
    const summary = { ...info, unread_count: 1000, mention_count: 4 };
    const { api, calls } = setup({ status: 200, body: { zones: [summary] } });
    expect(await api.listZones()).toEqual([summary]);
    expect(calls[0]?.url).toBe('/api/v1/zones');
  });

  it('gets a zone whose text channels carry the read state', async () => {
    const full: ZoneWithReadState = { ...zone, channels: [{ ...general, type: 'text', ...readState }, { ...voice, type: 'voice' }] };
    const { api, calls } = setup({ status: 200, body: { zone: full } });
    const got = await api.getZone('100');
    const first = got.channels[0];
    expect(first?.type === 'text' ? first.unread_count : null).toBe(2);
    expect(calls[0]).toMatchObject({ method: 'GET', url: '/api/v1/zones/100' });
  });

  it('updates and deletes a zone', async () => {
    const { api, calls } = setup({ status: 200, body: { zone: { ...zone, allow_member_invites: true } } }, { status: 204 });
    expect((await api.updateZone('100', { allow_member_invites: true })).allow_member_invites).toBe(true);
    expect(await api.deleteZone('100')).toBeUndefined();
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['PATCH', '/api/v1/zones/100', { allow_member_invites: true }],
      ['DELETE', '/api/v1/zones/100', undefined],
    ]);
  });

  it('puts the icon as the raw picture and removes it', async () => {
    const withIcon = { ...zone, icon_url: '/api/v1/zone-icons/6f1c0e5b9a2d4c7e8f01234567890abc.png' };
    const { api, calls } = setup({ status: 200, body: { zone: withIcon } }, { status: 200, body: { zone } });
    const picture = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
    expect(await api.setIcon('100', picture)).toEqual(withIcon);
    expect(await api.removeIcon('100')).toEqual(zone);
    expect(calls[0]).toMatchObject({ method: 'PUT', url: '/api/v1/zones/100/icon', body: picture });
    expect(calls[0]?.init?.credentials).toBe('same-origin');
    expect(calls[1]).toMatchObject({ method: 'DELETE', url: '/api/v1/zones/100/icon' });
  });

  it('turns an icon refusal into an ApiError, with the server words or fallback ones', async () => {
    const { api } = setup(
      { status: 413, body: { error: { code: 'icon_too_large', message: 'At most 2 MiB.' } } },
      { status: 502, body: '<html>bad gateway</html>' },
    );
    const picture = new Blob(['x']);
    const err = await api.setIcon('100', picture).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 413, code: 'icon_too_large', message: 'At most 2 MiB.' });
    await expect(api.setIcon('100', picture)).rejects.toMatchObject({ status: 502, code: 'server_error' });
  });

  it('reports an icon upload that never got an answer as a network ApiError', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const api = zonesApi(createApiClient({ fetch }));
    await expect(api.setIcon('100', new Blob(['x']))).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('pages the audit log with before and limit', async () => {
    const entry: AuditEntry = {
      id: '500',
      actor: ada,
      action: 'member.role',
      target_id: '12',
      details: { role: 'admin', previous: 'member' },
      created_at: 1750000000400,
    };
    const { api, calls } = setup({ status: 200, body: { entries: [entry] } }, { status: 200, body: { entries: [] } });
    const page = await api.auditLog('100', { limit: 20 });
    expect(page).toEqual([entry]);
    const e = page[0];
    expect(e?.action === 'member.role' ? e.details.previous : null).toBe('member');
    expect(await api.auditLog('100', { before: '500', limit: 20 })).toEqual([]);
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/zones/100/audit-log?limit=20',
      '/api/v1/zones/100/audit-log?before=500&limit=20',
    ]);
  });
});

describe('zonesApi: members', () => {
  it('lists members and changes a role', async () => {
    const { api, calls } = setup({ status: 200, body: { members: [member] } }, { status: 200, body: { member } });
    expect(await api.listMembers('100')).toEqual([member]);
    expect(await api.setRole('100', '11', 'admin')).toEqual(member);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/api/v1/zones/100/members', undefined],
      ['PATCH', '/api/v1/zones/100/members/11', { role: 'admin' }],
    ]);
  });

  it('kicks, transfers and leaves', async () => {
    const { api, calls } = setup({ status: 204 }, { status: 204 }, { status: 204 });
    await api.kick('100', '12');
    await api.transfer('100', '11');
    await api.leave('100');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['DELETE', '/api/v1/zones/100/members/12', undefined],
      ['POST', '/api/v1/zones/100/transfer', { user_id: '11' }],
      ['POST', '/api/v1/zones/100/leave', undefined],
    ]);
  });

  it("gives the owner's refusal to leave as an ApiError", async () => {
    const { api } = setup({ status: 409, body: { error: { code: 'owner_must_transfer', message: 'Transfer it first.' } } });
    await expect(api.leave('100')).rejects.toMatchObject({ status: 409, code: 'owner_must_transfer' });
  });
});

describe('zonesApi: channels', () => {
  it('lists, creates and updates channels', async () => {
    const offTopic: Channel = { id: '103', name: 'off-topic', type: 'text', position: 2, topic: 'Anything' };
    const { api, calls } = setup(
      { status: 200, body: { channels: [{ ...general, ...readState }, voice] } },
      { status: 201, body: { channel: offTopic } },
      { status: 200, body: { channel: { ...offTopic, topic: '' } } },
    );
    expect(await api.listChannels('100')).toHaveLength(2);
    expect(await api.createChannel('100', { name: 'Off Topic', type: 'text', topic: 'Anything' })).toEqual(offTopic);
    expect((await api.updateChannel('100', '103', { topic: '' })).topic).toBe('');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/api/v1/zones/100/channels', undefined],
      ['POST', '/api/v1/zones/100/channels', { name: 'Off Topic', type: 'text', topic: 'Anything' }],
      ['PATCH', '/api/v1/zones/100/channels/103', { topic: '' }],
    ]);
  });

  it('deletes and reorders channels', async () => {
    const { api, calls } = setup({ status: 204 }, { status: 200, body: { channels: [voice, general] } });
    await api.deleteChannel('100', '103');
    expect(await api.reorderChannels('100', ['102', '101'])).toEqual([voice, general]);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['DELETE', '/api/v1/zones/100/channels/103', undefined],
      ['PUT', '/api/v1/zones/100/channels/order', { channel_ids: ['102', '101'] }],
    ]);
  });

  it("carries the field of a refused reorder", async () => {
    const { api } = setup({
      status: 422,
      body: { error: { code: 'invalid_field', message: 'List every channel once.', field: 'channel_ids' } },
    });
    await expect(api.reorderChannels('100', ['101'])).rejects.toMatchObject({
      status: 422,
      code: 'invalid_field',
      field: 'channel_ids',
    });
  });
});

describe('zonesApi: invites', () => {
  it('creates invites with the documented bodies, {} by default and null for never', async () => {
    const { api, calls } = setup({ status: 201, body: { invite } }, { status: 201, body: { invite } });
    expect(await api.createInvite('100')).toEqual(invite);
    await api.createInvite('100', { expires_in_s: null, max_uses: 10 });
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/api/v1/zones/100/invites', {}],
      ['POST', '/api/v1/zones/100/invites', { expires_in_s: null, max_uses: 10 }],
    ]);
  });

  it('lists and revokes invites', async () => {
    const { api, calls } = setup({ status: 200, body: { invites: [invite] } }, { status: 204 });
    expect(await api.listInvites('100')).toEqual([invite]);
    await api.revokeInvite('100', 'aZ3kP9qLm2');
    expect(calls.map((c) => [c.method, c.url])).toEqual([
      ['GET', '/api/v1/zones/100/invites'],
      ['DELETE', '/api/v1/zones/100/invites/aZ3kP9qLm2'],
    ]);
  });

  it('previews and joins by code', async () => {
    const preview: InvitePreview = {
      code: 'aZ3kP9qLm2',
      zone: { id: '100', name: 'Rust Fans', icon_url: null, member_count: 42 },
      expires_at: 1750604800000,
      inviter: null,
    };
    const { api, calls } = setup({ status: 200, body: { invite: preview } }, { status: 200, body: { zone: { ...zone, my_role: 'member' } } });
    expect(await api.previewInvite('aZ3kP9qLm2')).toEqual(preview);
    expect((await api.joinInvite('aZ3kP9qLm2')).my_role).toBe('member');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/api/v1/invites/aZ3kP9qLm2', undefined],
      ['POST', '/api/v1/invites/aZ3kP9qLm2/join', undefined],
    ]);
  });

  it('gives a dead invite as an ApiError with its code', async () => {
    const { api } = setup({ status: 410, body: { error: { code: 'invite_expired', message: 'This invite has expired.' } } });
    await expect(api.joinInvite('zzzzzzzzzz')).rejects.toMatchObject({ status: 410, code: 'invite_expired' });
  });
});

describe('zonesApi: bans', () => {
  it('lists, bans (with and without a reason) and unbans', async () => {
    const banned: Ban = { user: { ...ada, id: '12' }, reason: 'spam', banned_by: null, created_at: 1750000000600 };
    const { api, calls } = setup({ status: 200, body: { bans: [banned] } }, { status: 204 }, { status: 204 }, { status: 204 });
    expect(await api.listBans('100')).toEqual([banned]);
    await api.ban('100', '12', 'spam');
    await api.ban('100', '13');
    await api.unban('100', '12');
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/api/v1/zones/100/bans', undefined],
      ['PUT', '/api/v1/zones/100/bans/12', { reason: 'spam' }],
      ['PUT', '/api/v1/zones/100/bans/13', {}],
      ['DELETE', '/api/v1/zones/100/bans/12', undefined],
    ]);
  });
});
