import { describe, expect, it } from 'vitest';
import type { DmChat } from '../types';
import { dmLabel, sortDms, upsertDm } from './dms';

const user = { id: '7', username: 'ada', display_name: 'Ada Lovelace', avatar_url: null, bio: '', created_at: 0 };
const chat = (id: string, last: string | null, created = 0): DmChat => ({
  id,
  type: 'dm',
  user,
  created_at: created,
  last_read_id: null,
  last_message_id: last,
  unread_count: 0,
  mention_count: 0,
});

describe('sortDms', () => {
  it('puts the newest activity first, comparing ids as numbers (length, then digits)', () => {
    const list = [chat('a', '99'), chat('b', '100'), chat('c', '250'), chat('d', null, 5), chat('e', '1000')];
    expect(sortDms(list).map((c) => c.id)).toEqual(['e', 'c', 'b', 'a', 'd']);
    expect(list.map((c) => c.id)).toEqual(['a', 'b', 'c', 'd', 'e']); // not changed in place
  });

  it('orders chats without messages by creation, newest first', () => {
    expect(sortDms([chat('a', null, 1), chat('b', null, 3), chat('c', null, 2)]).map((c) => c.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('dmLabel', () => {
  it('starts with the display name and adds the counts in words', () => {
    expect(dmLabel({ user, unread_count: 0, mention_count: 0 })).toBe('Ada Lovelace');
    expect(dmLabel({ user, unread_count: 3, mention_count: 0 })).toBe('Ada Lovelace, 3 unread messages');
    expect(dmLabel({ user, unread_count: 1, mention_count: 1 })).toBe('Ada Lovelace, 1 unread message, 1 mention');
  });
});

describe('upsertDm', () => {
  it('puts the chat first and drops its old copy', () => {
    expect(upsertDm([chat('a', '1'), chat('b', '2')], chat('b', '3')).map((c) => [c.id, c.last_message_id])).toEqual([
      ['b', '3'],
      ['a', '1'],
    ]);
    expect(upsertDm(undefined, chat('x', null)).map((c) => c.id)).toEqual(['x']);
  });
});
