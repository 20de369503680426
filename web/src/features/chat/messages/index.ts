export {
  addPending,
  appendNewer,
  applyDeleted,
  applyNew,
  applyReaction,
  applyUpdated,
  compareIds,
  confirmPending,
  discardPending,
  emptyTimeline,
  failPending,
  fromPage,
  isAtPresent,
  mergePage,
  prependOlder,
  retryPending,
  timelineItems,
} from './timeline';
export type {
  HistoryPage,
  NewPending,
  PendingMessage,
  PendingState,
  ReactionEvent,
  Timeline,
  TimelineItem,
} from './timeline';
export { GROUP_WINDOW_MS, groupMessages } from './grouping';
export type { GroupOptions, Row } from './grouping';
export { NONCE_LENGTH, NONCE_PATTERN, newNonce } from './nonce';
