// The member list's order: by role (owner, admins, members), then those known to be online
// before the others (presence is only known for friends and oneself), then by name.
import type { Status } from '@/components/ui';
import type { Member, ZoneRole } from '../types';

export interface ListedMember {
  member: Member;
  /** null when unknown (not a friend). */
  status: Status | null;
}

export interface MemberGroup {
  role: ZoneRole;
  title: string;
  members: ListedMember[];
}

const TITLES: Record<ZoneRole, string> = { owner: 'Owner', admin: 'Admins', member: 'Members' };
const ORDER: ZoneRole[] = ['owner', 'admin', 'member'];

function presenceRank(s: Status | null): number {
  if (s === 'online' || s === 'idle' || s === 'dnd') return 0;
  if (s === null) return 1;
  return 2;
}

export function isOnline(s: Status | null): boolean {
  return presenceRank(s) === 0;
}

export function groupMembers(members: readonly Member[], statusOf: (userId: string) => Status | null): MemberGroup[] {
  return ORDER.map((role) => ({
    role,
    title: TITLES[role],
    members: members
      .filter((m) => m.role === role)
      .map((member) => ({ member, status: statusOf(member.user.id) }))
      .sort(
        (a, b) =>
          presenceRank(a.status) - presenceRank(b.status) ||
          a.member.user.display_name.localeCompare(b.member.user.display_name),
      ),
  })).filter((g) => g.members.length > 0);
}
