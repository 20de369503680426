// Pinned messages of a conversation: the panel, its query and the key to invalidate.
export { PinsPanel, type PinsPanelProps } from './PinsPanel';
export { usePins, pinsQueryKey } from './usePins';
export { listPins, pinsPath } from './api';
export { PanelFrame, type PanelFrameProps } from './PanelFrame';
