import type { Message, MessageAuthor } from '@/lib/socket/protocol';
import { GROUP_WINDOW_MS, groupMessages, type GroupOptions, type Row } from './grouping';
import { addPending, fromPage, timelineItems, type TimelineItem } from './timeline';

const ME: MessageAuthor = { id: '900', username: 'me', display_name: 'Me', avatar_url: null };
const ADA: MessageAuthor = { id: '901', username: 'ada', display_name: 'Ada', avatar_url: null };
const BOB: MessageAuthor = { id: '902', username: 'bob', display_name: 'Bob', avatar_url: null };

// 2025-03-10 15:00 UTC: 11:00 in New York (the day after the switch to summer time), 00:00
// on 11 March in Tokyo.
const NOW = Date.UTC(2025, 2, 10, 15, 0);
const MIN = 60_000;

function msg(id: string, at: number, author: MessageAuthor | null = ADA, over: Partial<Message> = {}): Message {
  return {
    id,
    chat_id: '1',
    channel_id: null,
    author,
    content: id,
    reply: null,
    attachments: [],
    reactions: [],
    mentions: [],
    pinned: false,
    nonce: null,
    created_at: at,
    edited_at: null,
    ...over,
  };
}

function items(...messages: Message[]): TimelineItem[] {
  return timelineItems(fromPage({ messages, has_more_before: false, has_more_after: false }));
}

const NY: GroupOptions = { myUserId: ME.id, now: NOW, locale: 'en-US', timeZone: 'America/New_York' };

/** Rows as short strings: "day:<label>", "unread", "<id>" for a head, "+<id>" for a follower. */
function shape(rows: Row[]): string[] {
  return rows.map((r) =>
    r.kind === 'day' ? `day:${r.label}`
    : r.kind === 'unread' ? 'unread'
    : `${r.head ? '' : '+'}${r.item.key}`,
  );
}

describe('groupMessages: groups', () => {
  const t = Date.UTC(2025, 2, 10, 13, 0); // 09:00 in New York

  // The window runs from the previous message, so a steady conversation stays one group.
  it('groups consecutive messages of one author within 7 minutes', () => {
    const rows = groupMessages(
      items(msg('1', t), msg('2', t + MIN), msg('3', t + MIN + GROUP_WINDOW_MS), msg('4', t + MIN + 2 * GROUP_WINDOW_MS + 1)),
      NY,
    );
    expect(shape(rows)).toEqual(['day:Today', '1', '+2', '+3', '4']);
  });

  it('another author starts a group', () => {
    const rows = groupMessages(items(msg('1', t), msg('2', t + 1, BOB), msg('3', t + 2)), NY);
    expect(shape(rows)).toEqual(['day:Today', '1', '2', '3']);
  });

  it('a reply starts a group', () => {
    const reply = { id: '1', author_id: ADA.id, content: '1', deleted: false };
    const rows = groupMessages(items(msg('1', t), msg('2', t + 1, ADA, { reply }), msg('3', t + 2)), NY);
    expect(shape(rows)).toEqual(['day:Today', '1', '2', '+3']);
  });

  it('messages of deleted accounts never group', () => {
    const rows = groupMessages(items(msg('1', t, null), msg('2', t + 1, null)), NY);
    expect(shape(rows)).toEqual(['day:Today', '1', '2']);
  });

  it('a new day starts a group even within 7 minutes', () => {
    const midnight = Date.UTC(2025, 2, 10, 4, 0); // 00:00 on 10 March in New York (EDT)
    const rows = groupMessages(items(msg('1', midnight - MIN), msg('2', midnight + MIN)), NY);
    expect(shape(rows)).toEqual(['day:Yesterday', '1', 'day:Today', '2']);
  });

  it('pending messages join my group', () => {
    let tl = fromPage({ messages: [msg('1', t, ME)], has_more_before: false, has_more_after: false });
    tl = addPending(tl, { nonce: 'a', content: 'x', author: ME, createdAt: t + MIN });
    tl = addPending(tl, { nonce: 'b', content: 'y', author: ME, createdAt: t + 2 * MIN, reply: { id: '1', author_id: ME.id, content: '1', deleted: false } });
    expect(shape(groupMessages(timelineItems(tl), NY))).toEqual(['day:Today', '1', '+pending:a', 'pending:b']);
  });

  it('nothing to show', () => {
    expect(groupMessages([], NY)).toEqual([]);
  });
});

describe('groupMessages: days', () => {
  it('labels Today, Yesterday and older dates in the locale', () => {
    const rows = groupMessages(
      items(
        msg('1', Date.UTC(2025, 2, 5, 17, 0)),
        msg('2', Date.UTC(2025, 2, 9, 5, 30)), // 00:30 EST on the summer-time day
        msg('3', Date.UTC(2025, 2, 10, 4, 30)), // 00:30 EDT
      ),
      NY,
    );
    expect(shape(rows)).toEqual(['day:March 5, 2025', '1', 'day:Yesterday', '2', 'day:Today', '3']);
    expect(rows.filter((r) => r.kind === 'day').map((r) => r.key)).toEqual([
      'day:2025-03-05',
      'day:2025-03-09',
      'day:2025-03-10',
    ]);
  });

  it('the same instants fall on other days in another time zone', () => {
    const at = Date.UTC(2025, 2, 10, 3, 30); // 23:30 on 9 March in New York, 12:30 on 10 March in Tokyo
    const list = items(msg('1', at));
    expect(shape(groupMessages(list, NY))).toEqual(['day:Yesterday', '1']);
    const tokyo = { ...NY, timeZone: 'Asia/Tokyo' };
    // In Tokyo "now" is already 11 March.
    expect(shape(groupMessages(list, tokyo))).toEqual(['day:Yesterday', '1']);
    expect(shape(groupMessages(list, { ...tokyo, now: Date.UTC(2025, 2, 10, 14, 0) }))).toEqual(['day:Today', '1']);
    expect(shape(groupMessages(list, { ...NY, now: Date.UTC(2025, 2, 11, 5, 0) }))).toEqual(['day:March 9, 2025', '1']);
  });

  it('formats dates with the given locale and custom labels', () => {
    const opts = { ...NY, locale: 'de-DE', todayLabel: 'Heute', yesterdayLabel: 'Gestern' };
    const rows = groupMessages(
      items(msg('1', Date.UTC(2025, 2, 5, 17, 0)), msg('2', Date.UTC(2025, 2, 9, 17, 0)), msg('3', Date.UTC(2025, 2, 10, 14, 0))),
      opts,
    );
    expect(shape(rows)).toEqual(['day:5. März 2025', '1', 'day:Gestern', '2', 'day:Heute', '3']);
  });

  it('Yesterday across a year boundary', () => {
    const now = Date.UTC(2025, 0, 1, 12, 0);
    const rows = groupMessages(items(msg('1', Date.UTC(2024, 11, 31, 12, 0))), { ...NY, now });
    expect(shape(rows)).toEqual(['day:Yesterday', '1']);
  });
});

describe('groupMessages: unread divider', () => {
  const t = Date.UTC(2025, 2, 10, 13, 0);

  it('goes before the first later message by someone else, skipping my own', () => {
    const rows = groupMessages(
      items(msg('10', t), msg('20', t + 1), msg('30', t + 2, ME), msg('40', t + 3), msg('50', t + 4)),
      { ...NY, lastReadId: '20' },
    );
    expect(shape(rows)).toEqual(['day:Today', '10', '+20', '30', 'unread', '40', '+50']);
  });

  it('breaks a group', () => {
    const rows = groupMessages(items(msg('10', t), msg('20', t + 1)), { ...NY, lastReadId: '10' });
    expect(shape(rows)).toEqual(['day:Today', '10', 'unread', '20']);
  });

  it('follows the day separator when the first unread message starts a day', () => {
    const rows = groupMessages(
      items(msg('10', Date.UTC(2025, 2, 9, 15, 0)), msg('20', t)),
      { ...NY, lastReadId: '10' },
    );
    expect(shape(rows)).toEqual(['day:Yesterday', '10', 'day:Today', 'unread', '20']);
  });

  it('compares ids beyond 2^53 exactly', () => {
    const rows = groupMessages(
      items(msg('9007199254740992', t), msg('9007199254740993', t + 1), msg('18446744073709551615', t + 2)),
      { ...NY, lastReadId: '9007199254740992' },
    );
    expect(shape(rows)).toEqual(['day:Today', '9007199254740992', 'unread', '9007199254740993', '+18446744073709551615']);
  });

  it('is absent when everything is read, only my messages are newer, or nothing was marked', () => {
    const list = items(msg('10', t), msg('20', t + 1, ME));
    expect(shape(groupMessages(list, { ...NY, lastReadId: '20' }))).not.toContain('unread');
    expect(shape(groupMessages(list, { ...NY, lastReadId: '10' }))).not.toContain('unread');
    expect(shape(groupMessages(list, { ...NY, lastReadId: null }))).not.toContain('unread');
    expect(shape(groupMessages(list, NY))).not.toContain('unread');
  });

  it('a read position before every loaded message puts it first', () => {
    const rows = groupMessages(items(msg('10', t), msg('20', t + 1)), { ...NY, lastReadId: '5' });
    expect(shape(rows)).toEqual(['day:Today', 'unread', '10', '+20']);
  });

  it('never marks pending messages', () => {
    const tl = addPending(
      fromPage({ messages: [msg('10', t)], has_more_before: false, has_more_after: false }),
      { nonce: 'a', content: 'x', author: ME, createdAt: t + 1 },
    );
    expect(shape(groupMessages(timelineItems(tl), { ...NY, lastReadId: '10' }))).toEqual(['day:Today', '10', 'pending:a']);
  });
});
