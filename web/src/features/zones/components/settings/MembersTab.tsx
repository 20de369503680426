// Settings, "Members": everyone in the zone with their role, and the role change, kick, ban
// and transfer the caller may do (the same actions as the member list).
import { Avatar, Button } from '@/components/ui';
import { useSession } from '@/app/session';
import { useZoneMembers } from '../../hooks/queries';
import { memberPermissions, ROLE_LABEL } from '../../hooks/roles';
import { useMemberActions } from '../../hooks/useMemberActions';
import { usePresenceOf } from '../../hooks/usePresenceOf';
import type { GrantableRole, ZoneInfo } from '../../types';
import { SelectField } from '../SelectField';
import { LoadState, SettingsSection } from './SettingsSection';

const ROLE_OPTIONS = [
  { value: 'admin', label: 'Admin' },
  { value: 'member', label: 'Member' },
];

export function MembersTab({ zone }: { zone: ZoneInfo }) {
  const { me } = useSession();
  const members = useZoneMembers(zone.id);
  const actions = useMemberActions(zone.id, zone.name);
  const { isFriend } = usePresenceOf();
  const list = members.data ?? [];

  return (
    <SettingsSection title={members.data ? `Members (${list.length})` : 'Members'}>
      <LoadState pending={members.isPending} error={members.error} what="members" />
      {members.data && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase tracking-wide text-faint">
              <tr>
                <th scope="col" className="py-2 pr-2 font-bold">
                  Member
                </th>
                <th scope="col" className="px-2 py-2 font-bold">
                  Role
                </th>
                <th scope="col" className="py-2 pl-2 text-right font-bold">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {list.map((m) => {
                const { user } = m;
                const can = memberPermissions({ id: me.id, role: zone.my_role }, { id: user.id, role: m.role, isFriend: isFriend(user.id) });
                return (
                  <tr key={user.id}>
                    <td className="py-2 pr-2">
                      <div className="flex max-w-[8rem] min-w-0 items-center gap-2 sm:max-w-xs">
                        <Avatar userId={user.id} name={user.display_name} src={user.avatar_url} alt="" size="sm" />
                        <div className="min-w-0">
                          <p className="truncate font-medium text-heading">
                            {user.display_name}
                            {user.id === me.id && <span className="text-faint"> (you)</span>}
                          </p>
                          <p className="truncate text-xs text-muted">@{user.username}</p>
                        </div>
                      </div>
                    </td>
                    <td className="px-2 py-2">
                      {can.grant ? (
                        <SelectField
                          label={`Role of ${user.display_name}`}
                          hideLabel
                          options={ROLE_OPTIONS}
                          value={m.role}
                          onChange={(e) => void actions.setRole(user, e.target.value as GrantableRole)}
                          className="h-8 w-[7.5rem] py-1 text-sm"
                        />
                      ) : (
                        <span className="text-muted">{ROLE_LABEL[m.role]}</span>
                      )}
                    </td>
                    <td className="py-2 pl-2">
                      <div className="flex flex-wrap justify-end gap-1">
                        {can.transfer && (
                          <Button size="sm" variant="secondary" aria-label={`Transfer ownership to ${user.display_name}`} onClick={() => void actions.transfer(user)}>
                            Transfer
                          </Button>
                        )}
                        {can.kick && (
                          <Button size="sm" variant="secondary" aria-label={`Kick ${user.display_name}`} onClick={() => void actions.kick(user)}>
                            Kick
                          </Button>
                        )}
                        {can.ban && (
                          <Button size="sm" variant="danger" aria-label={`Ban ${user.display_name}`} onClick={() => actions.ban(user)}>
                            Ban
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {actions.dialogs}
    </SettingsSection>
  );
}
