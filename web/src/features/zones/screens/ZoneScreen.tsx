// /zones/:zoneId: a zone without a channel in the URL opens its first text channel. A zone
// with no text channel says so (and offers admins to create one).
import { Hash } from 'lucide-react';
import { useState } from 'react';
import { Navigate, useParams } from 'react-router';
import { Button, Spinner } from '@/components/ui';
import { ScreenHeader } from '@/app/shell/ScreenHeader';
import { paths } from '@/app/paths';
import { CreateChannelDialog } from '../components/CreateChannelDialog';
import { ZoneError } from '../components/ZoneError';
import { firstTextChannel } from '../hooks/channels';
import { useZone } from '../hooks/queries';
import { isAdmin } from '../hooks/roles';

export default function ZoneScreen() {
  const zoneId = useParams().zoneId ?? '';
  const zone = useZone(zoneId);
  const [creating, setCreating] = useState(false);

  if (zone.isPending) {
    return (
      <>
        <ScreenHeader title="Loading…" />
        <div className="flex flex-1 items-center justify-center" role="status">
          <Spinner size="lg" />
          <span className="sr-only">Loading the zone…</span>
        </div>
      </>
    );
  }
  if (zone.isError) {
    return (
      <>
        <ScreenHeader title="Zone unavailable" />
        <div className="flex flex-1 items-center justify-center p-6">
          <ZoneError error={zone.error} className="max-w-md items-center text-center" />
        </div>
      </>
    );
  }

  const first = firstTextChannel(zone.data.channels);
  if (first) return <Navigate to={paths.channel(zoneId, first.id)} replace />;

  return (
    <>
      <ScreenHeader title={zone.data.name} />
      <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
        <Hash aria-hidden className="size-12 text-faint" />
        <h2 className="text-xl font-semibold text-heading">No text channels yet</h2>
        <p className="max-w-sm text-muted">
          {isAdmin(zone.data.my_role)
            ? 'Create a text channel so members have somewhere to talk.'
            : 'An admin of this zone has not created a text channel yet.'}
        </p>
        {isAdmin(zone.data.my_role) && <Button onClick={() => setCreating(true)}>Create channel</Button>}
      </div>
      <CreateChannelDialog zoneId={zoneId} open={creating} onOpenChange={setCreating} />
    </>
  );
}
