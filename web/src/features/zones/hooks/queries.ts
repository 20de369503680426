// The zone's server state, each under the query key the live events invalidate
// (features/live/queryKeys.ts), so every screen showing it updates without a reload.
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { friendsApi } from '@/features/friends/api';
import { queryKeys } from '@/features/live/queryKeys';
import { useSession } from '@/app/session';
import { zonesApi } from '../api';

export function useZonesApi() {
  return zonesApi(useSession().api);
}

export function useZone(zoneId: string) {
  const zones = useZonesApi();
  return useQuery({ queryKey: queryKeys.zone(zoneId), queryFn: () => zones.getZone(zoneId) });
}

export function useZoneMembers(zoneId: string, enabled = true) {
  const zones = useZonesApi();
  return useQuery({ queryKey: queryKeys.zoneMembers(zoneId), queryFn: () => zones.listMembers(zoneId), enabled });
}

export function useZoneInvites(zoneId: string, enabled = true) {
  const zones = useZonesApi();
  return useQuery({ queryKey: queryKeys.zoneInvites(zoneId), queryFn: () => zones.listInvites(zoneId), enabled });
}

export function useZoneBans(zoneId: string, enabled = true) {
  const zones = useZonesApi();
  return useQuery({ queryKey: queryKeys.zoneBans(zoneId), queryFn: () => zones.listBans(zoneId), enabled });
}

/** The caller's friends: only they have a known presence and can be sent a DM. */
export function useFriends() {
  const { api } = useSession();
  return useQuery({ queryKey: queryKeys.friends, queryFn: () => friendsApi(api).listFriends() });
}

/** After leaving or losing a zone: forget everything cached about it and refresh the rail. */
export function forgetZone(qc: QueryClient, zoneId: string) {
  qc.removeQueries({ queryKey: queryKeys.zoneAll(zoneId) });
  void qc.invalidateQueries({ queryKey: queryKeys.zones });
}
