// Creating a zone: the zone first, then its icon if one was picked. A refused icon does not
// undo the zone; the caller is told, and the icon can be set again in the zone's settings.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/features/live/queryKeys';
import type { Zone, ZoneSummary } from '../types';
import { useZonesApi } from './queries';

export interface CreatedZone {
  zone: Zone;
  /** Why the icon was refused, when it was. */
  iconError: unknown;
}

export function useCreateZone() {
  const zones = useZonesApi();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, icon }: { name: string; icon: File | null }): Promise<CreatedZone> => {
      let zone = await zones.createZone({ name });
      let iconError: unknown = null;
      if (icon) {
        try {
          zone = await zones.setIcon(zone.id, icon);
        } catch (err) {
          iconError = err;
        }
      }
      return { zone, iconError };
    },
    onSuccess: ({ zone }) => {
      const { channels: _channels, ...info } = zone;
      const summary: ZoneSummary = { ...info, unread_count: 0, mention_count: 0 };
      qc.setQueryData<ZoneSummary[]>(queryKeys.zones, (old) =>
        old && !old.some((z) => z.id === zone.id) ? [...old, summary] : old,
      );
      void qc.invalidateQueries({ queryKey: queryKeys.zones });
    },
  });
}
