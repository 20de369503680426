// The zone's member list on the right of a channel (wide screens only): grouped by role,
// online first; each member opens a card with their profile and the actions the caller may
// take on them.
import { Crown, MessageCircle, Shield, ShieldOff, UserMinus, Ban as BanIcon, KeyRound } from 'lucide-react';
import { useId } from 'react';
import { Avatar, cn, DEFAULT_STATUS_LABELS, Menu, MenuItem, MenuSeparator, Spinner, type Status } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { useSession } from '@/app/session';
import { groupMembers, isOnline } from '../hooks/memberGroups';
import { useZone, useZoneMembers } from '../hooks/queries';
import { hasAnyAction, memberPermissions, ROLE_LABEL } from '../hooks/roles';
import { type MemberActions, useMemberActions } from '../hooks/useMemberActions';
import { usePresenceOf } from '../hooks/usePresenceOf';
import type { Member, ZoneRole } from '../types';

export { useMemberActions } from '../hooks/useMemberActions';

export function MemberList({ zoneId }: { zoneId: string }) {
  const zone = useZone(zoneId);
  const members = useZoneMembers(zoneId);
  const actions = useMemberActions(zoneId, zone.data?.name ?? 'this zone');
  const { statusOf, isFriend } = usePresenceOf();
  const { me } = useSession();
  const myRole = zone.data?.my_role ?? 'member';
  const groups = groupMembers(members.data ?? [], statusOf);

  return (
    <aside aria-label="Members" className="hidden w-60 shrink-0 flex-col overflow-y-auto bg-sidebar px-2 pb-4 lg:flex">
      {members.isPending && (
        <div className="flex justify-center p-4" role="status">
          <Spinner />
          <span className="sr-only">Loading members…</span>
        </div>
      )}
      {members.isError && (
        <p role="alert" className="p-3 text-sm text-danger-text">
          The members could not be loaded. {errorMessage(members.error)}
        </p>
      )}
      {groups.map((g) => (
        <section key={g.role} className="pt-5">
          <h3 className="px-2 pb-1 text-xs font-bold uppercase tracking-wide text-faint">
            {g.title}
            <span aria-hidden> — {g.members.length}</span>
          </h3>
          <ul className="flex flex-col gap-0.5">
            {g.members.map(({ member, status }) => (
              <li key={member.user.id}>
                <MemberCard
                  member={member}
                  status={status}
                  actions={actions}
                  myRole={myRole}
                  meId={me.id}
                  friend={isFriend(member.user.id)}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {actions.dialogs}
    </aside>
  );
}

function MemberCard({
  member,
  status,
  actions,
  myRole,
  meId,
  friend,
}: {
  member: Member;
  status: Status | null;
  actions: MemberActions;
  myRole: ZoneRole;
  meId: string;
  friend: boolean;
}) {
  const descId = useId();
  const { user } = member;
  const can = memberPermissions({ id: meId, role: myRole }, { id: user.id, role: member.role, isFriend: friend });
  const description = [ROLE_LABEL[member.role], status ? DEFAULT_STATUS_LABELS[status] : null].filter(Boolean).join(', ');
  return (
    <>
      <Menu
        label={user.display_name}
        side="left"
        className="w-[260px]"
        trigger={
          <button
            type="button"
            aria-label={user.display_name}
            aria-describedby={descId}
            className={cn(
              'flex w-full items-center gap-3 rounded-sm px-2 py-1.5 text-left hover:bg-hover focus-visible:outline-2 focus-visible:outline-focus',
              status !== null && !isOnline(status) && 'opacity-50 hover:opacity-100',
            )}
          >
            <Avatar userId={user.id} name={user.display_name} src={user.avatar_url} alt="" size="sm" status={status ?? undefined} />
            <span className="min-w-0 flex-1 truncate text-muted">{user.display_name}</span>
            {member.role === 'owner' && <Crown aria-hidden className="size-4 shrink-0 text-warning" />}
          </button>
        }
      >
        <div className="flex items-center gap-3 px-2 pt-1 pb-2">
          <Avatar userId={user.id} name={user.display_name} src={user.avatar_url} alt="" size="lg" status={status ?? undefined} />
          <div className="min-w-0">
            <p className="truncate font-semibold text-heading">{user.display_name}</p>
            <p className="truncate text-sm text-muted">@{user.username}</p>
            <p className="text-xs text-faint">{ROLE_LABEL[member.role]}</p>
          </div>
        </div>
        {user.bio && <p className="line-clamp-3 px-2 pb-2 text-sm text-normal">{user.bio}</p>}
        {hasAnyAction(can) && <MenuSeparator />}
        {can.message && (
          <MenuItem icon={<MessageCircle className="size-4" />} onSelect={() => void actions.message(user)}>
            Message
          </MenuItem>
        )}
        {can.grant === 'admin' && (
          <MenuItem icon={<Shield className="size-4" />} onSelect={() => void actions.setRole(user, 'admin')}>
            Make admin
          </MenuItem>
        )}
        {can.grant === 'member' && (
          <MenuItem icon={<ShieldOff className="size-4" />} onSelect={() => void actions.setRole(user, 'member')}>
            Remove admin
          </MenuItem>
        )}
        {can.transfer && (
          <MenuItem icon={<KeyRound className="size-4" />} onSelect={() => void actions.transfer(user)}>
            Transfer ownership
          </MenuItem>
        )}
        {(can.kick || can.ban) && <MenuSeparator />}
        {can.kick && (
          <MenuItem danger icon={<UserMinus className="size-4" />} onSelect={() => void actions.kick(user)}>
            Kick
          </MenuItem>
        )}
        {can.ban && (
          <MenuItem danger icon={<BanIcon className="size-4" />} onSelect={() => actions.ban(user)}>
            Ban
          </MenuItem>
        )}
      </Menu>
      <span id={descId} className="sr-only">
        {description}
      </span>
    </>
  );
}
