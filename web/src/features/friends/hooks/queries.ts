// The friend, request, block and DM lists as TanStack queries, under the shared query keys the
// live events invalidate, so every screen reading them updates together.
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '@/features/live/queryKeys';
import { useSession } from '@/app/session';
import { friendsApi } from '../api';

export function useFriends() {
  const { api } = useSession();
  return useQuery({ queryKey: queryKeys.friends, queryFn: () => friendsApi(api).listFriends() });
}

export function useFriendRequests() {
  const { api } = useSession();
  return useQuery({ queryKey: queryKeys.friendRequests, queryFn: () => friendsApi(api).listRequests() });
}

export function useBlocks() {
  const { api } = useSession();
  return useQuery({ queryKey: queryKeys.blocks, queryFn: () => friendsApi(api).listBlocks() });
}

export function useDms() {
  const { api } = useSession();
  return useQuery({ queryKey: queryKeys.dms, queryFn: () => friendsApi(api).listDms() });
}
