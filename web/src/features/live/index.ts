export { bindLive, LIVE_EVENTS, TYPING_TICK_MS } from './bind';
export type { LiveDeps, LiveSocket } from './bind';
export { createConversationsStore } from './conversations';
export type { ConversationsDeps, ConversationsState, ConversationsStore, LoadKind, SendInput } from './conversations';
export { isZoneDetailKey, queryKeys } from './queryKeys';
export type { QueryData } from './queryKeys';
export { applyReadPosition, UNREAD_CAP } from './readState';
export { createSeenStore, isSeen } from './seen';
export type { SeenState, SeenStore } from './seen';
