// The rows a message list draws: day separators, the "new messages" divider and one row per
// message, flagged `head` when it starts a group (avatar and name shown) and compact otherwise.
import type { Message, MessageAuthor } from '@/lib/socket/protocol';
import { compareIds, type TimelineItem } from './timeline';

export const GROUP_WINDOW_MS = 7 * 60 * 1000;

export interface GroupOptions {
  /** The signed-in user: their messages are never unread. */
  myUserId: string;
  /** The read position; the divider goes before the first later message by someone else. */
  lastReadId?: string | null;
  /** "Now", for Today / Yesterday. */
  now: number;
  /** BCP 47 locale and IANA time zone of the dates shown. */
  locale: string;
  timeZone: string;
  todayLabel?: string;
  yesterdayLabel?: string;
}

export type Row =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; item: TimelineItem; head: boolean };

interface View {
  author: MessageAuthor | null;
  createdAt: number;
  isReply: boolean;
  id: string | null; // null while pending
}

function view(item: TimelineItem): View {
  if (item.kind === 'message') {
    const m: Message = item.message;
    return { author: m.author, createdAt: m.created_at, isReply: m.reply !== null, id: m.id };
  }
  const p = item.pending;
  return { author: p.author, createdAt: p.createdAt, isReply: p.reply !== null, id: null };
}

/** Calendar day in the zone as a comparable "YYYY-MM-DD" and its parts. */
function dayOf(time: number, zoneParts: Intl.DateTimeFormat): { key: string; y: number; m: number; d: number } {
  let y = 0;
  let m = 0;
  let d = 0;
  for (const part of zoneParts.formatToParts(time)) {
    if (part.type === 'year') y = Number(part.value);
    else if (part.type === 'month') m = Number(part.value);
    else if (part.type === 'day') d = Number(part.value);
  }
  return { key: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, y, m, d };
}

export function groupMessages(items: readonly TimelineItem[], opts: GroupOptions): Row[] {
  const zoneParts = new Intl.DateTimeFormat('en-US', {
    timeZone: opts.timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    calendar: 'gregory',
    numberingSystem: 'latn',
  });
  const longDate = new Intl.DateTimeFormat(opts.locale, {
    timeZone: opts.timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  const today = dayOf(opts.now, zoneParts);
  // Day arithmetic on the calendar date, not on milliseconds, so DST days count as one.
  const y = new Date(Date.UTC(today.y, today.m - 1, today.d - 1));
  const yesterdayKey = `${y.getUTCFullYear()}-${String(y.getUTCMonth() + 1).padStart(2, '0')}-${String(y.getUTCDate()).padStart(2, '0')}`;

  const label = (key: string, time: number): string =>
    key === today.key ? (opts.todayLabel ?? 'Today')
    : key === yesterdayKey ? (opts.yesterdayLabel ?? 'Yesterday')
    : longDate.format(time);

  const lastReadId = opts.lastReadId ?? null;
  let unreadPlaced = lastReadId === null;
  const rows: Row[] = [];
  let prev: (View & { day: string }) | null = null;

  for (const item of items) {
    const v = view(item);
    const day = dayOf(v.createdAt, zoneParts).key;
    let head = true;

    if (prev === null || prev.day !== day) {
      rows.push({ kind: 'day', key: `day:${day}`, label: label(day, v.createdAt) });
    } else if (
      v.author !== null &&
      prev.author !== null &&
      v.author.id === prev.author.id &&
      !v.isReply &&
      v.createdAt - prev.createdAt >= 0 &&
      v.createdAt - prev.createdAt <= GROUP_WINDOW_MS
    ) {
      head = false;
    }

    if (
      !unreadPlaced &&
      lastReadId !== null &&
      v.id !== null &&
      compareIds(v.id, lastReadId) > 0 &&
      v.author?.id !== opts.myUserId
    ) {
      unreadPlaced = true;
      rows.push({ kind: 'unread', key: 'unread' });
      head = true; // what follows the divider starts afresh
    }

    rows.push({ kind: 'message', key: item.key, item, head });
    prev = { ...v, day };
  }
  return rows;
}
