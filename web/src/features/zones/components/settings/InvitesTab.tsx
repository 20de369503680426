// Settings, "Invites": the zone's live and dead invites (code, creator, uses, expiry), each
// revocable, and a button making a new one.
import { useState } from 'react';
import { Button, toast } from '@/components/ui';
import { errorMessage } from '@/lib/api/client';
import { expiryText } from '../../hooks/invites';
import { useRevokeInvite } from '../../hooks/mutations';
import { useZoneInvites } from '../../hooks/queries';
import type { Invite, ZoneInfo } from '../../types';
import { InviteDialog } from '../InviteDialog';
import { LoadState, SettingsSection } from './SettingsSection';

function usesText(i: Invite) {
  return i.max_uses === null ? `${i.uses} / no limit` : `${i.uses} / ${i.max_uses}`;
}

function state(i: Invite, now: number): string | null {
  if (i.expires_at !== null && i.expires_at <= now) return 'Expired';
  if (i.max_uses !== null && i.uses >= i.max_uses) return 'Used up';
  return null;
}

export function InvitesTab({ zone }: { zone: ZoneInfo }) {
  const invites = useZoneInvites(zone.id);
  const revoke = useRevokeInvite(zone.id);
  const [creating, setCreating] = useState(false);
  const now = Date.now();
  return (
    <SettingsSection title="Invites" action={<Button onClick={() => setCreating(true)}>Create invite</Button>}>
      <LoadState pending={invites.isPending} error={invites.error} what="invites" />
      {invites.data?.length === 0 && <p className="text-muted">No invites yet. Create one to bring people in.</p>}
      {invites.data && invites.data.length > 0 && (
        <ul className="flex flex-col divide-y divide-border rounded-md bg-sidebar">
          {invites.data.map((i) => {
            const dead = state(i, now);
            return (
              <li key={i.code} className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3">
                <div className="min-w-0 flex-1">
                  <p className="font-mono font-medium break-all text-heading">{i.code}</p>
                  <p className="text-sm text-muted">
                    {i.creator ? `By ${i.creator.display_name}` : 'By a deleted account'}
                  </p>
                </div>
                <dl className="grid grid-cols-[auto_auto] gap-x-2 text-sm">
                  <dt className="text-faint">Uses</dt>
                  <dd className="text-normal">{usesText(i)}</dd>
                  <dt className="text-faint">Expires</dt>
                  <dd className={dead ? 'text-danger-text' : 'text-normal'}>{dead ?? expiryText(i.expires_at, now)}</dd>
                </dl>
                <Button
                  size="sm"
                  variant="danger"
                  aria-label={`Revoke invite ${i.code}`}
                  disabled={revoke.isPending && revoke.variables === i.code}
                  onClick={() =>
                    revoke.mutate(i.code, {
                      onSuccess: () => toast.success(`Invite ${i.code} revoked`),
                      onError: (err) => toast.error(errorMessage(err)),
                    })
                  }
                >
                  Revoke
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      <InviteDialog zoneId={zone.id} zoneName={zone.name} open={creating} onOpenChange={setCreating} />
    </SettingsSection>
  );
}
