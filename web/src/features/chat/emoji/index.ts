// Emoji building blocks for the conversation view. The picker itself is not re-exported here:
// load it with React.lazy(() => import('@/features/chat/emoji/EmojiPicker')) or use
// EmojiPickerPopover, which does that, so the emoji table stays out of the first chunk.
// emojiName needs the table, so importing it brings data.ts along.
export type { EmojiPickerProps } from './EmojiPicker';
export { EMOJI_PICKER_LABEL, EmojiPickerPopover, type EmojiPickerPopoverProps } from './EmojiPickerPopover';
export { AnchoredPopover, type AnchoredPopoverProps } from './AnchoredPopover';
export { QUICK_REACTIONS, type QuickReaction } from './quick';
export { emojiName } from './names';
export { FREQUENT_KEY, MAX_FREQUENT, loadFrequent, rememberFrequent, useFrequentEmoji } from './frequent';
