import { firstTextChannel, moveChannel, normaliseChannelName, sortChannels, channelNameSchema } from './channels';
import { inviteBody, inviteErrorText, parseInviteCode } from './invites';
import { groupMembers } from './memberGroups';
import { canInvite, memberPermissions } from './roles';
import { ApiError } from '@/lib/api/client';
import { member, user } from '../testing';

describe('channels', () => {
  it('orders by position, then by id as a number', () => {
    const list = [
      { id: '10', position: 1 },
      { id: '9', position: 1 },
      { id: '3', position: 0 },
    ];
    expect(sortChannels(list).map((c) => c.id)).toEqual(['3', '9', '10']);
    expect(firstTextChannel([{ id: '1', position: 0, type: 'voice' as const }, { id: '2', position: 5, type: 'text' as const }])?.id).toBe('2');
  });

  it('normalises text channel names like the server, keeping voice names', () => {
    expect(normaliseChannelName('  Off  Topic\tChat ', 'text')).toBe('off-topic-chat');
    expect(normaliseChannelName('Ünïcode OK', 'text')).toBe('Ünïcode-ok');
    expect(normaliseChannelName('  Game Night ', 'voice')).toBe('Game Night');
    const r = channelNameSchema('text').safeParse('   ');
    expect(r.success ? null : r.error.issues[0]?.message).toBe('Enter a channel name.');
    expect(channelNameSchema('text').safeParse('x'.repeat(101)).success).toBe(false);
  });

  it('moves a channel one step and refuses past the ends', () => {
    expect(moveChannel(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveChannel(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(moveChannel(['a', 'b'], 'a', -1)).toBeNull();
    expect(moveChannel(['a', 'b'], 'b', 1)).toBeNull();
  });
});

describe('invites', () => {
  it('reads a code from a link, a path or the bare code', () => {
    expect(parseInviteCode('https://chat.example.com/invite/aZ3kP9qLm2')).toBe('aZ3kP9qLm2');
    expect(parseInviteCode(' http://localhost:5173/invite/aZ3kP9qLm2/?x=1 ')).toBe('aZ3kP9qLm2');
    expect(parseInviteCode('/invite/aZ3kP9qLm2')).toBe('aZ3kP9qLm2');
    expect(parseInviteCode('aZ3kP9qLm2')).toBe('aZ3kP9qLm2');
    expect(parseInviteCode('not a code')).toBeNull();
    expect(parseInviteCode('https://example.com/other/page')).toBeNull();
  });

  it('builds the documented body: seconds or null, uses or null', () => {
    expect(inviteBody('604800', 'none')).toEqual({ expires_in_s: 604800, max_uses: null });
    expect(inviteBody('1800', '25')).toEqual({ expires_in_s: 1800, max_uses: 25 });
    expect(inviteBody('never', '1')).toEqual({ expires_in_s: null, max_uses: 1 });
  });

  it('has words for each refusal', () => {
    const e = (code: string, status = 410) => inviteErrorText(new ApiError(status, { code, message: 'server words' }));
    expect(e('invite_expired').title).toBe('This invite has expired');
    expect(e('invite_exhausted').title).toBe('This invite has been used up');
    expect(e('invite_revoked').title).toBe('This invite was revoked');
    expect(e('invite_not_found', 404).title).toBe('This invite is invalid');
    expect(e('banned', 403).title).toBe('You are banned from this zone');
    expect(e('something_else', 500).text).toBe('server words');
  });
});

describe('roles', () => {
  const me = (role: 'owner' | 'admin' | 'member') => ({ id: '1', role });
  const t = (role: 'owner' | 'admin' | 'member', isFriend = false) => ({ id: '2', role, isFriend });

  it('lets the owner do everything to others, nothing to themselves', () => {
    expect(memberPermissions(me('owner'), t('admin'))).toEqual({ message: false, grant: 'member', kick: true, ban: true, transfer: true });
    expect(memberPermissions(me('owner'), t('member', true))).toEqual({ message: true, grant: 'admin', kick: true, ban: true, transfer: true });
    expect(memberPermissions(me('owner'), { id: '1', role: 'owner', isFriend: false })).toEqual({
      message: false,
      grant: null,
      kick: false,
      ban: false,
      transfer: false,
    });
  });

  it('lets admins act on members only, and never grant roles', () => {
    expect(memberPermissions(me('admin'), t('member'))).toMatchObject({ grant: null, kick: true, ban: true, transfer: false });
    expect(memberPermissions(me('admin'), t('admin'))).toMatchObject({ kick: false, ban: false });
    expect(memberPermissions(me('admin'), t('owner'))).toMatchObject({ kick: false, ban: false });
    expect(memberPermissions(me('member'), t('member', true))).toEqual({ message: true, grant: null, kick: false, ban: false, transfer: false });
  });

  it('allows invites to admins, and to members when the zone says so', () => {
    expect(canInvite({ my_role: 'member', allow_member_invites: false })).toBe(false);
    expect(canInvite({ my_role: 'member', allow_member_invites: true })).toBe(true);
    expect(canInvite({ my_role: 'admin', allow_member_invites: false })).toBe(true);
  });
});

describe('groupMembers', () => {
  it('groups by role, online first, then unknown, then offline, then by name', () => {
    const members = [
      member(user('1', 'Zed'), 'member'),
      member(user('2', 'Amy'), 'member'),
      member(user('3', 'Bob'), 'member'),
      member(user('4', 'Owen'), 'owner'),
      member(user('5', 'Ada'), 'admin'),
    ];
    const status = { '1': 'online', '3': 'offline' } as const;
    const groups = groupMembers(members, (id) => status[id as keyof typeof status] ?? null);
    expect(groups.map((g) => g.title)).toEqual(['Owner', 'Admins', 'Members']);
    expect(groups[2]?.members.map((m) => m.member.user.display_name)).toEqual(['Zed', 'Amy', 'Bob']);
  });
});
