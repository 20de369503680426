// The six reactions the message hover bar offers in one click; kept apart from the emoji
// table so the bar does not load it.
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🎉'] as const;

export type QuickReaction = (typeof QUICK_REACTIONS)[number];
