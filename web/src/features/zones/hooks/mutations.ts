// The zone changes, each invalidating the query keys whose data it changes (the live events
// do the same for the other members). Callers show failures in words (toast or inline).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/features/live/queryKeys';
import type { ChannelType, CreateInviteBody, UpdateChannelBody, UpdateZoneBody, ZoneWithReadState } from '../types';
import { forgetZone, useZonesApi } from './queries';

function useInvalidate() {
  const qc = useQueryClient();
  return (...keys: (readonly unknown[])[]) =>
    Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
}

export function useLeaveZone(zoneId: string) {
  const zones = useZonesApi();
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => zones.leave(zoneId), onSuccess: () => forgetZone(qc, zoneId) });
}

export function useDeleteZone(zoneId: string) {
  const zones = useZonesApi();
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => zones.deleteZone(zoneId), onSuccess: () => forgetZone(qc, zoneId) });
}

export function useUpdateZone(zoneId: string) {
  const zones = useZonesApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: UpdateZoneBody) => zones.updateZone(zoneId, body),
    onSuccess: () => invalidate(queryKeys.zone(zoneId), queryKeys.zones),
  });
}

export function useZoneIcon(zoneId: string) {
  const zones = useZonesApi();
  const invalidate = useInvalidate();
  return useMutation({
    /** A picture sets the icon, null removes it. */
    mutationFn: (picture: Blob | null) => (picture ? zones.setIcon(zoneId, picture) : zones.removeIcon(zoneId)),
    onSuccess: () => invalidate(queryKeys.zone(zoneId), queryKeys.zones),
  });
}

export function useCreateChannel(zoneId: string) {
  const zones = useZonesApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { name: string; type: ChannelType }) => zones.createChannel(zoneId, body),
    onSuccess: () => invalidate(queryKeys.zone(zoneId)),
  });
}

export function useUpdateChannel(zoneId: string) {
  const zones = useZonesApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ channelId, body }: { channelId: string; body: UpdateChannelBody }) =>
      zones.updateChannel(zoneId, channelId, body),
    onSuccess: () => invalidate(queryKeys.zone(zoneId)),
  });
}

export function useDeleteChannel(zoneId: string) {
  const zones = useZonesApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (channelId: string) => zones.deleteChannel(zoneId, channelId),
    // Its unread messages leave the zone's sums on the rail.
    onSuccess: () => invalidate(queryKeys.zone(zoneId), queryKeys.zones),
  });
}

export function useReorderChannels(zoneId: string) {
  const zones = useZonesApi();
  const qc = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (channelIds: string[]) => zones.reorderChannels(zoneId, channelIds),
    // The list moves at once; a refusal puts it back.
    onMutate: async (channelIds) => {
      const key = queryKeys.zone(zoneId);
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<ZoneWithReadState>(key);
      if (before) {
        qc.setQueryData<ZoneWithReadState>(key, {
          ...before,
          channels: before.channels.map((c) => ({ ...c, position: channelIds.indexOf(c.id) })),
        });
      }
      return { before };
    },
    onError: (_err, _ids, context) => {
      if (context?.before) qc.setQueryData(queryKeys.zone(zoneId), context.before);
    },
    onSettled: () => invalidate(queryKeys.zone(zoneId)),
  });
}

export function useCreateInvite(zoneId: string) {
  const zones = useZonesApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateInviteBody) => zones.createInvite(zoneId, body),
    onSuccess: () => invalidate(queryKeys.zoneInvites(zoneId)),
  });
}

export function useRevokeInvite(zoneId: string) {
  const zones = useZonesApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (code: string) => zones.revokeInvite(zoneId, code),
    onSuccess: () => invalidate(queryKeys.zoneInvites(zoneId)),
  });
}

export function useUnban(zoneId: string) {
  const zones = useZonesApi();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (userId: string) => zones.unban(zoneId, userId),
    onSuccess: () => invalidate(queryKeys.zoneBans(zoneId)),
  });
}
