// Emoji names for accessible labels outside the picker (reaction pills, the hover bar).
// Importing this loads the emoji table (data.ts), which the lazily loaded picker also uses.
import { findEmoji } from './data';

/** The CLDR short name of an emoji ("thumbs up"); the emoji itself when it is not in the table. */
export function emojiName(emoji: string): string {
  return findEmoji(emoji)?.name ?? emoji;
}
