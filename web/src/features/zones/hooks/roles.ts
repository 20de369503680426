// Who may do what in a zone (docs/API.md, "Zones", Roles): owner > admin > member, nobody acts
// on an equal or higher role, only the owner makes admins. The UI offers only what the
// server would accept; the server stays the judge.
import type { ZoneInfo, ZoneRole } from '../types';

const RANK: Record<ZoneRole, number> = { member: 0, admin: 1, owner: 2 };

export const ROLE_LABEL: Record<ZoneRole, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

export function isAdmin(role: ZoneRole | undefined): boolean {
  return role === 'admin' || role === 'owner';
}

export function outranks(mine: ZoneRole, theirs: ZoneRole): boolean {
  return RANK[mine] > RANK[theirs];
}

/** Whether the caller may create invites: admins always, members when the zone allows it. */
export function canInvite(zone: Pick<ZoneInfo, 'my_role' | 'allow_member_invites'>): boolean {
  return isAdmin(zone.my_role) || zone.allow_member_invites;
}

export interface MemberPermissions {
  /** Open a DM: another user who is a friend (the server refuses DMs with anyone else). */
  message: boolean;
  /** The role the owner may switch this member to, or null. */
  grant: 'admin' | 'member' | null;
  kick: boolean;
  ban: boolean;
  transfer: boolean;
}

export function memberPermissions(
  me: { id: string; role: ZoneRole },
  target: { id: string; role: ZoneRole; isFriend: boolean },
): MemberPermissions {
  const self = me.id === target.id;
  const above = !self && isAdmin(me.role) && outranks(me.role, target.role);
  const owner = me.role === 'owner' && !self;
  return {
    message: !self && target.isFriend,
    grant: owner ? (target.role === 'admin' ? 'member' : 'admin') : null,
    kick: above,
    ban: above,
    transfer: owner,
  };
}

export function hasAnyAction(p: MemberPermissions): boolean {
  return p.message || p.grant !== null || p.kick || p.ban || p.transfer;
}
