// Settings, "Bans": who is kept out of the zone, why and by whom, each with "Unban".
import { Avatar, Button, toast } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { useUnban } from '../../hooks/mutations';
import { useZoneBans } from '../../hooks/queries';
import type { ZoneInfo } from '../../types';
import { LoadState, SettingsSection } from './SettingsSection';

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function BansTab({ zone }: { zone: ZoneInfo }) {
  const bans = useZoneBans(zone.id);
  const unban = useUnban(zone.id);
  return (
    <SettingsSection title="Bans">
      <LoadState pending={bans.isPending} error={bans.error} what="bans" />
      {bans.data?.length === 0 && <p className="text-muted">Nobody is banned from this zone.</p>}
      {bans.data && bans.data.length > 0 && (
        <ul className="flex flex-col divide-y divide-border rounded-md bg-sidebar">
          {bans.data.map((b) => (
            <li key={b.user.id} className="flex flex-wrap items-center gap-3 p-3">
              <Avatar userId={b.user.id} name={b.user.display_name} src={b.user.avatar_url} alt="" size="sm" />
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-heading">
                  {b.user.display_name} <span className="text-sm font-normal text-muted">@{b.user.username}</span>
                </p>
                <p className="text-sm break-words text-muted">{b.reason ? `Reason: ${b.reason}` : 'No reason given'}</p>
                <p className="text-xs text-faint">
                  {b.banned_by ? `Banned by ${b.banned_by.display_name}` : 'Banned'} on {date.format(b.created_at)}
                </p>
              </div>
              <Button
                size="sm"
                variant="secondary"
                aria-label={`Unban ${b.user.display_name}`}
                disabled={unban.isPending && unban.variables === b.user.id}
                onClick={() =>
                  unban.mutate(b.user.id, {
                    onSuccess: () => toast.success(`Unbanned ${b.user.display_name}`),
                    onError: (err) => toast.error(errorMessage(err)),
                  })
                }
              >
                Unban
              </Button>
            </li>
          ))}
        </ul>
      )}
    </SettingsSection>
  );
}
