// What can be done to a zone member (message, role, kick, ban, transfer), with the
// confirmations they need; shared by the member list and the settings' Members tab.
// Render `dialogs` once where the hook is used.
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import { toast, useConfirm } from '@/components/ui';
import { friendsApi } from '@/features/friends/api';
import type { PublicUser } from '@/features/friends/types';
import { queryKeys } from '@/features/live/queryKeys';
import { errorMessage } from '@/lib/api/client';
import { paths } from '@/app/paths';
import { useSession } from '@/app/session';
import { BanDialog } from '../components/BanDialog';
import type { GrantableRole } from '../types';
import { useZonesApi } from './queries';

export interface MemberActions {
  message(user: PublicUser): Promise<void>;
  setRole(user: PublicUser, role: GrantableRole): Promise<void>;
  kick(user: PublicUser): Promise<void>;
  /** Opens the ban dialog (reason asked there). */
  ban(user: PublicUser): void;
  transfer(user: PublicUser): Promise<void>;
  dialogs: ReactNode;
}

export function useMemberActions(zoneId: string, zoneName: string): MemberActions {
  const { api } = useSession();
  const zones = useZonesApi();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [confirm, confirmDialog] = useConfirm();
  const [banning, setBanning] = useState<PublicUser | null>(null);
  const invalidate = (...keys: (readonly unknown[])[]) =>
    Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));

  /** Runs a change, saying how it went; a refusal is shown in the server's words. */
  const run = async (work: () => Promise<unknown>, done: string, keys: (readonly unknown[])[]) => {
    try {
      await work();
      toast.success(done);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      await invalidate(...keys);
    }
  };

  return {
    message: async (user) => {
      try {
        const chat = await friendsApi(api).openDm(user.id);
        void invalidate(queryKeys.dms);
        navigate(paths.dm(chat.id));
      } catch (err) {
        toast.error(errorMessage(err));
      }
    },
    setRole: (user, role) =>
      run(
        () => zones.setRole(zoneId, user.id, role),
        role === 'admin' ? `${user.display_name} is now an admin` : `${user.display_name} is no longer an admin`,
        [queryKeys.zoneMembers(zoneId)],
      ),
    kick: async (user) => {
      const ok = await confirm({
        title: `Kick ${user.display_name}?`,
        text: `They leave ${zoneName} but can come back with an invite. Ban them to keep them out.`,
        confirmLabel: 'Kick',
        danger: true,
      });
      if (!ok) return;
      await run(() => zones.kick(zoneId, user.id), `Kicked ${user.display_name}`, [queryKeys.zoneMembers(zoneId)]);
    },
    ban: (user) => setBanning(user),
    transfer: async (user) => {
      const ok = await confirm({
        title: `Transfer ownership to ${user.display_name}?`,
        text: `${user.display_name} becomes the owner of ${zoneName} and you become an admin. Only they can give it back.`,
        confirmLabel: 'Transfer ownership',
        danger: true,
      });
      if (!ok) return;
      await run(() => zones.transfer(zoneId, user.id), `${user.display_name} now owns ${zoneName}`, [
        queryKeys.zoneMembers(zoneId),
        queryKeys.zone(zoneId),
        queryKeys.zones,
      ]);
    },
    dialogs: (
      <>
        {confirmDialog}
        <BanDialog
          user={banning}
          onOpenChange={(open) => !open && setBanning(null)}
          onBan={async (user, reason) => {
            await zones.ban(zoneId, user.id, reason || undefined);
            toast.success(`Banned ${user.display_name}`);
            await invalidate(queryKeys.zoneMembers(zoneId), queryKeys.zoneBans(zoneId));
          }}
        />
      </>
    ),
  };
}
