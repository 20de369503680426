// Who may do what to a message, as the server decides it (docs/PROTOCOL.md): editing is the
// author's; deleting the author's or a zone ADMIN's/OWNER's; pinning any DM member's or a
// zone ADMIN's/OWNER's. The buttons follow these rules so none is offered only to fail.
import type { ZoneRole } from '@/features/zones/types';

export type ConversationKind = 'dm' | 'channel';

export interface Viewer {
  kind: ConversationKind;
  myId: string;
  /** My role in the zone (channels); undefined while unknown. */
  role?: ZoneRole | undefined;
}

export interface MessagePermissions {
  canEdit: boolean;
  canDelete: boolean;
  canPin: boolean;
}

export function isZoneAdmin(role: ZoneRole | undefined): boolean {
  return role === 'admin' || role === 'owner';
}

export function messagePermissions(viewer: Viewer, authorId: string | null): MessagePermissions {
  const mine = authorId !== null && authorId === viewer.myId;
  const admin = viewer.kind === 'channel' && isZoneAdmin(viewer.role);
  return {
    canEdit: mine,
    canDelete: mine || admin,
    canPin: viewer.kind === 'dm' || admin,
  };
}
