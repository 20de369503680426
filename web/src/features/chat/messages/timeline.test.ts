import type { Message, MessageAuthor } from '@/lib/socket/protocol';
import {
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
  type HistoryPage,
  type ReactionEvent,
  type Timeline,
} from './timeline';

const ME: MessageAuthor = { id: '900', username: 'me', display_name: 'Me', avatar_url: null };
const ADA: MessageAuthor = { id: '901', username: 'ada', display_name: 'Ada', avatar_url: null };

function msg(id: string, over: Partial<Message> = {}): Message {
  return {
    id,
    chat_id: '1',
    channel_id: '2',
    author: ADA,
    content: `message ${id}`,
    reply: null,
    attachments: [],
    reactions: [],
    mentions: [],
    pinned: false,
    nonce: null,
    created_at: 1_700_000_000_000 + Number(id.slice(-6)),
    edited_at: null,
    ...over,
  };
}

function page(ids: string[], before: boolean, after: boolean): HistoryPage {
  return { messages: ids.map((id) => msg(id)), has_more_before: before, has_more_after: after };
}

const ids = (tl: Timeline) => tl.messages.map((m) => m.id);

function reaction(over: Partial<ReactionEvent>): ReactionEvent {
  return { message_id: '10', chat_id: '1', channel_id: '2', emoji: '👍', user_id: ADA.id, count: 1, added: true, ...over };
}

const BIG = '18446744073709551615'; // 2^64 - 1
const PAST_2_53 = '9007199254740993'; // 2^53 + 1: Number would round it to 2^53

describe('compareIds', () => {
  it('orders by length, then digits', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('10', '9')).toBeGreaterThan(0);
    expect(compareIds('123', '123')).toBe(0);
    expect(compareIds('124', '123')).toBeGreaterThan(0);
  });

  it('keeps 64-bit ids beyond 2^53 apart', () => {
    expect(compareIds(PAST_2_53, '9007199254740992')).toBeGreaterThan(0);
    expect(compareIds(PAST_2_53, BIG)).toBeLessThan(0);
    expect(compareIds('18446744073709551614', BIG)).toBeLessThan(0);
  });
});

describe('fromPage', () => {
  it('takes the messages sorted and the flags', () => {
    const tl = fromPage(page(['30', '10', '20', '20'], true, false));
    expect(ids(tl)).toEqual(['10', '20', '30']);
    expect(tl.hasMoreBefore).toBe(true);
    expect(tl.hasMoreAfter).toBe(false);
    expect(tl.pending).toEqual([]);
    expect(tl.unseenNewerId).toBeNull();
    expect(isAtPresent(tl)).toBe(true);
  });

  it('sorts ids beyond 2^53 exactly', () => {
    const tl = fromPage(page([BIG, PAST_2_53, '9007199254740992', '18446744073709551614'], false, false));
    expect(ids(tl)).toEqual(['9007199254740992', PAST_2_53, '18446744073709551614', BIG]);
  });

  it('an empty conversation', () => {
    const tl = fromPage(page([], false, false));
    expect(tl.messages).toEqual([]);
    expect(timelineItems(tl)).toEqual([]);
  });
});

describe('prependOlder', () => {
  it('adds the older page in front and takes its has_more_before', () => {
    const tl = prependOlder(fromPage(page(['30', '40'], true, false)), page(['10', '20'], false, true));
    expect(ids(tl)).toEqual(['10', '20', '30', '40']);
    expect(tl.hasMoreBefore).toBe(false);
    expect(tl.hasMoreAfter).toBe(false);
  });

  it('never duplicates a message delivered twice', () => {
    const tl = prependOlder(fromPage(page(['30', '40'], true, false)), page(['20', '30'], true, true));
    expect(ids(tl)).toEqual(['20', '30', '40']);
  });

  it('ignores a page asked for another first message', () => {
    const tl = fromPage(page(['30', '40'], true, false));
    expect(prependOlder(tl, page(['5'], false, true), '99')).toBe(tl);
    expect(ids(prependOlder(tl, page(['5'], false, true), '30'))).toEqual(['5', '30', '40']);
  });

  it('on an empty timeline works like a first page', () => {
    const tl = prependOlder(emptyTimeline(), page(['1', '2'], true, false));
    expect(ids(tl)).toEqual(['1', '2']);
    expect(tl.hasMoreBefore).toBe(true);
  });
});

describe('appendNewer', () => {
  it('adds the newer page and takes its has_more_after', () => {
    let tl = fromPage(page(['10', '20'], true, true));
    tl = appendNewer(tl, page(['30', '40'], true, true));
    expect(ids(tl)).toEqual(['10', '20', '30', '40']);
    expect(tl.hasMoreAfter).toBe(true);
    tl = appendNewer(tl, page(['50'], true, false));
    expect(ids(tl)).toEqual(['10', '20', '30', '40', '50']);
    expect(isAtPresent(tl)).toBe(true);
    expect(tl.hasMoreBefore).toBe(true);
  });

  it('ignores a page asked for another last message', () => {
    const tl = fromPage(page(['10', '20'], true, true));
    expect(appendNewer(tl, page(['30'], true, false), '10')).toBe(tl);
  });

  it('with ids beyond 2^53', () => {
    const tl = appendNewer(fromPage(page([PAST_2_53], false, true)), page([BIG], true, false));
    expect(ids(tl)).toEqual([PAST_2_53, BIG]);
  });

  it('asks once more when message:new announced something newer than the page reaches', () => {
    let tl = fromPage(page(['10', '20'], false, true));
    tl = applyNew(tl, msg('99'));
    expect(ids(tl)).toEqual(['10', '20']);
    expect(tl.unseenNewerId).toBe('99');
    // The page was read before 99 was written, yet answers "nothing after".
    tl = appendNewer(tl, page(['30'], true, false));
    expect(tl.hasMoreAfter).toBe(true);
    expect(tl.unseenNewerId).toBe('99');
    tl = appendNewer(tl, page(['99'], true, false));
    expect(ids(tl)).toEqual(['10', '20', '30', '99']);
    expect(tl.hasMoreAfter).toBe(false);
    expect(tl.unseenNewerId).toBeNull();
  });

  it('an empty page settles an announced message that was deleted meanwhile', () => {
    let tl = applyNew(fromPage(page(['10'], false, true)), msg('99'));
    tl = appendNewer(tl, page([], true, false));
    expect(tl.hasMoreAfter).toBe(true);
    expect(tl.unseenNewerId).toBeNull();
    tl = appendNewer(tl, page([], true, false));
    expect(tl.hasMoreAfter).toBe(false);
  });
});

describe('mergePage (around a message, or the newest page)', () => {
  it('replaces the timeline when the page does not meet the loaded range', () => {
    let tl = fromPage(page(['500', '600'], true, false));
    tl = addPending(tl, { nonce: 'n1', content: 'hi', author: ME, createdAt: 1 });
    tl = mergePage(tl, page(['100', '110', '120'], true, true));
    expect(ids(tl)).toEqual(['100', '110', '120']);
    expect(tl.hasMoreBefore).toBe(true);
    expect(tl.hasMoreAfter).toBe(true);
    expect(tl.pending.map((p) => p.nonce)).toEqual(['n1']);
  });

  it('merges a page overlapping the loaded range, flags from the outer ends', () => {
    const tl = mergePage(fromPage(page(['100', '110', '120'], true, true)), page(['115', '120', '130'], true, false));
    expect(ids(tl)).toEqual(['100', '110', '115', '120', '130']);
    expect(tl.hasMoreBefore).toBe(true);
    expect(tl.hasMoreAfter).toBe(false);
  });

  it('a page inside the loaded range keeps the outer flags', () => {
    const tl = mergePage(fromPage(page(['100', '110', '120'], false, true)), page(['110'], true, true));
    expect(ids(tl)).toEqual(['100', '110', '120']);
    expect(tl.hasMoreBefore).toBe(false);
    expect(tl.hasMoreAfter).toBe(true);
  });

  it('takes the page version of a message both have', () => {
    const base = fromPage(page(['100', '110'], false, false));
    const fresh = { ...msg('110'), content: 'edited while away' };
    const tl = mergePage(base, { messages: [fresh], has_more_before: true, has_more_after: false });
    expect(tl.messages[1]!.content).toBe('edited while away');
  });

  it('keeps messages that arrived while the first page was loading', () => {
    let tl = applyNew(emptyTimeline(), msg('700'));
    tl = mergePage(tl, page(['500', '600'], true, false));
    expect(ids(tl)).toEqual(['500', '600', '700']);
    expect(tl.hasMoreBefore).toBe(true);
    expect(tl.hasMoreAfter).toBe(false);
  });

  it('an empty page of an empty conversation keeps what message:new brought', () => {
    const tl = mergePage(applyNew(emptyTimeline(), msg('7')), page([], false, false));
    expect(ids(tl)).toEqual(['7']);
  });
});

describe('applyNew', () => {
  it('appends at the present', () => {
    const tl = applyNew(fromPage(page(['10'], false, false)), msg('20'));
    expect(ids(tl)).toEqual(['10', '20']);
  });

  it('ignores a duplicate delivery', () => {
    const once = applyNew(fromPage(page(['10'], false, false)), msg('20'));
    expect(applyNew(once, msg('20'))).toBe(once);
    expect(applyNew(once, msg('10'))).toBe(once);
  });

  it('puts out-of-order deliveries in id order', () => {
    let tl = fromPage(page(['10'], false, false));
    tl = applyNew(tl, msg('40'));
    tl = applyNew(tl, msg('30'));
    tl = applyNew(tl, msg(BIG));
    tl = applyNew(tl, msg(PAST_2_53));
    expect(ids(tl)).toEqual(['10', '30', '40', PAST_2_53, BIG]);
  });

  it('away from the present only remembers newer content', () => {
    const tl = fromPage(page(['10', '20'], true, true));
    const after = applyNew(tl, msg('30'));
    expect(ids(after)).toEqual(['10', '20']);
    expect(after.hasMoreAfter).toBe(true);
    expect(after.unseenNewerId).toBe('30');
    const again = applyNew(after, msg('25'));
    expect(again.unseenNewerId).toBe('30');
    expect(applyNew(again, msg('30'))).toBe(again);
  });

  it('away from the present still fills in a message inside the loaded range', () => {
    const tl = applyNew(fromPage(page(['10', '30'], true, true)), msg('20'));
    expect(ids(tl)).toEqual(['10', '20', '30']);
  });

  it('leaves a message older than the loaded range to paging', () => {
    const tl = fromPage(page(['10', '20'], true, false));
    expect(applyNew(tl, msg('5'))).toBe(tl);
    expect(ids(applyNew(fromPage(page(['10'], false, false)), msg('5')))).toEqual(['5', '10']);
  });
});

describe('applyUpdated', () => {
  const base = () =>
    fromPage({
      messages: [
        msg('10', { reactions: [{ emoji: '👍', count: 2, me: true }] }),
        msg('20', { reply: { id: '10', author_id: ADA.id, content: 'message 10', deleted: false } }),
      ],
      has_more_before: false,
      has_more_after: false,
    });

  it('keeps the reactions an event leaves out', () => {
    const { reactions: _none, ...edited } = msg('10', { content: 'edited', edited_at: 5 });
    const tl = applyUpdated(base(), edited);
    expect(tl.messages[0]!.content).toBe('edited');
    expect(tl.messages[0]!.edited_at).toBe(5);
    expect(tl.messages[0]!.reactions).toEqual([{ emoji: '👍', count: 2, me: true }]);
  });

  it('takes reactions when the update carries them', () => {
    const tl = applyUpdated(base(), msg('10', { reactions: [] }));
    expect(tl.messages[0]!.reactions).toEqual([]);
  });

  it('applies a pin without touching reply previews', () => {
    const { reactions: _none, ...pinned } = msg('10', { pinned: true });
    const b = base();
    const tl = applyUpdated(b, pinned);
    expect(tl.messages[0]!.pinned).toBe(true);
    expect(tl.messages[1]).toBe(b.messages[1]);
    expect(tl.messages[1]!.reply!.content).toBe('message 10');
  });

  it('refreshes reply previews to the first 200 code points of an edit', () => {
    const long = '😀'.repeat(250);
    const { reactions: _none, ...edited } = msg('10', { content: long });
    const tl = applyUpdated(base(), edited);
    expect([...tl.messages[1]!.reply!.content]).toHaveLength(200);
  });

  it('ignores a message that is not loaded', () => {
    const tl = base();
    expect(applyUpdated(tl, msg('99'))).toBe(tl);
  });
});

describe('applyDeleted', () => {
  it('removes the message and marks replies to it as deleted', () => {
    let tl = fromPage({
      messages: [msg('10'), msg('20', { reply: { id: '10', author_id: ADA.id, content: 'message 10', deleted: false } })],
      has_more_before: false,
      has_more_after: false,
    });
    tl = applyDeleted(tl, '10');
    expect(ids(tl)).toEqual(['20']);
    expect(tl.messages[0]!.reply).toEqual({ id: '10', author_id: ADA.id, content: '', deleted: true });
  });

  it('a second delivery changes nothing', () => {
    const tl = applyDeleted(fromPage(page(['10', '20'], false, false)), '10');
    expect(applyDeleted(tl, '10')).toBe(tl);
  });

  it('works on ids beyond 2^53', () => {
    const tl = applyDeleted(fromPage(page([PAST_2_53, BIG], false, false)), BIG);
    expect(ids(tl)).toEqual([PAST_2_53]);
  });
});

describe('applyReaction', () => {
  const tl0 = () => fromPage(page(['10'], false, false));
  const reactions = (tl: Timeline) => tl.messages[0]!.reactions;

  it('adds a reaction from someone else without "me"', () => {
    expect(reactions(applyReaction(tl0(), reaction({}), ME.id))).toEqual([{ emoji: '👍', count: 1, me: false }]);
  });

  it('adds my reaction with "me"', () => {
    const tl = applyReaction(tl0(), reaction({ user_id: ME.id }), ME.id);
    expect(reactions(tl)).toEqual([{ emoji: '👍', count: 1, me: true }]);
  });

  it("others' changes keep my flag; mine set it", () => {
    let tl = applyReaction(tl0(), reaction({ user_id: ME.id }), ME.id);
    tl = applyReaction(tl, reaction({ count: 2 }), ME.id);
    expect(reactions(tl)).toEqual([{ emoji: '👍', count: 2, me: true }]);
    tl = applyReaction(tl, reaction({ count: 1, added: false }), ME.id);
    expect(reactions(tl)).toEqual([{ emoji: '👍', count: 1, me: true }]);
    tl = applyReaction(tl, reaction({ count: 2 }), ME.id);
    tl = applyReaction(tl, reaction({ user_id: ME.id, count: 1, added: false }), ME.id);
    expect(reactions(tl)).toEqual([{ emoji: '👍', count: 1, me: false }]);
  });

  it('removes the reaction at count 0 and keeps the order of first appearance', () => {
    let tl = applyReaction(tl0(), reaction({ emoji: 'A' }), ME.id);
    tl = applyReaction(tl, reaction({ emoji: 'B' }), ME.id);
    tl = applyReaction(tl, reaction({ emoji: 'C', user_id: ME.id }), ME.id);
    tl = applyReaction(tl, reaction({ emoji: 'A', count: 3 }), ME.id);
    expect(reactions(tl)!.map((r) => r.emoji)).toEqual(['A', 'B', 'C']);
    tl = applyReaction(tl, reaction({ emoji: 'B', count: 0, added: false }), ME.id);
    expect(reactions(tl)).toEqual([
      { emoji: 'A', count: 3, me: false },
      { emoji: 'C', count: 1, me: true },
    ]);
    // Removed and added again: it goes last.
    tl = applyReaction(tl, reaction({ emoji: 'B' }), ME.id);
    expect(reactions(tl)!.map((r) => r.emoji)).toEqual(['A', 'C', 'B']);
  });

  it('a message without reactions (from an event) gets them', () => {
    const { reactions: _none, ...bare } = msg('10');
    const tl = applyReaction(applyNew(emptyTimeline(), bare), reaction({}), ME.id);
    expect(reactions(tl)).toEqual([{ emoji: '👍', count: 1, me: false }]);
  });

  it('changes nothing for a repeat, an unknown emoji at 0, or a message not loaded', () => {
    const tl = applyReaction(tl0(), reaction({}), ME.id);
    expect(applyReaction(tl, reaction({}), ME.id)).toBe(tl);
    expect(applyReaction(tl, reaction({ emoji: 'X', count: 0, added: false }), ME.id)).toBe(tl);
    expect(applyReaction(tl, reaction({ message_id: '99' }), ME.id)).toBe(tl);
  });
});

describe('pending messages', () => {
  const send = (tl: Timeline, nonce: string, content = nonce) =>
    addPending(tl, { nonce, content, author: ME, createdAt: 2_000_000_000_000 });
  const stored = (id: string, nonce: string) => msg(id, { author: ME, nonce, content: nonce });

  it('shows pending messages after stored ones, in the order sent', () => {
    let tl = fromPage(page(['10'], false, false));
    tl = send(tl, 'a');
    tl = send(tl, 'b');
    tl = applyNew(tl, msg('20'));
    expect(timelineItems(tl).map((i) => i.key)).toEqual(['10', '20', 'pending:a', 'pending:b']);
    expect(tl.pending[0]).toMatchObject({ state: 'sending', error: null, reply: null, attachments: [] });
  });

  it('keeps reply and attachments, and ignores a nonce already pending', () => {
    const reply = { id: '10', author_id: ADA.id, content: 'x', deleted: false };
    const att = { id: '5', file_name: 'a.png', content_type: 'image/png', size: 3, url: '/a' };
    const tl = addPending(emptyTimeline(), { nonce: 'a', content: '', author: ME, reply, attachments: [att], createdAt: 1 });
    expect(tl.pending[0]).toMatchObject({ reply, attachments: [att] });
    expect(send(tl, 'a')).toBe(tl);
  });

  it('confirm replaces the pending message by the stored one', () => {
    let tl = send(send(fromPage(page(['10'], false, false)), 'a'), 'b');
    tl = confirmPending(tl, 'a', stored('20', 'a'));
    expect(ids(tl)).toEqual(['10', '20']);
    expect(tl.pending.map((p) => p.nonce)).toEqual(['b']);
  });

  it('confirm then message:new: one message', () => {
    let tl = send(fromPage(page(['10'], false, false)), 'a');
    tl = confirmPending(tl, 'a', stored('20', 'a'));
    tl = applyNew(tl, stored('20', 'a'));
    expect(ids(tl)).toEqual(['10', '20']);
    expect(tl.pending).toEqual([]);
  });

  it('message:new then confirm: one message', () => {
    let tl = send(fromPage(page(['10'], false, false)), 'a');
    tl = applyNew(tl, stored('20', 'a'));
    expect(ids(tl)).toEqual(['10', '20']);
    expect(tl.pending).toEqual([]);
    const before = tl;
    tl = confirmPending(tl, 'a', stored('20', 'a'));
    expect(tl).toBe(before);
  });

  it("someone else's message with the same nonce leaves mine pending", () => {
    let tl = send(fromPage(page(['10'], false, false)), 'a');
    tl = applyNew(tl, msg('20', { nonce: 'a' }));
    expect(ids(tl)).toEqual(['10', '20']);
    expect(tl.pending.map((p) => p.nonce)).toEqual(['a']);
  });

  it('failure keeps the words, retry sends again, discard drops it', () => {
    let tl = send(send(emptyTimeline(), 'a'), 'b');
    tl = failPending(tl, 'a', 'You are sending messages too fast.');
    expect(tl.pending[0]).toMatchObject({ state: 'failed', error: 'You are sending messages too fast.' });
    tl = failPending(tl, 'b', new Error('The server did not answer in time.'));
    expect(tl.pending[1]).toMatchObject({ state: 'failed', error: 'The server did not answer in time.' });
    tl = retryPending(tl, 'a');
    expect(tl.pending[0]).toMatchObject({ state: 'sending', error: null });
    // Retrying keeps the order of sending.
    expect(tl.pending.map((p) => p.nonce)).toEqual(['a', 'b']);
    expect(retryPending(tl, 'a')).toBe(tl);
    tl = discardPending(tl, 'b');
    expect(tl.pending.map((p) => p.nonce)).toEqual(['a']);
    expect(discardPending(tl, 'b')).toBe(tl);
    expect(failPending(tl, 'zz', 'x')).toBe(tl);
  });

  it('a retry confirmed after a failure gives one message', () => {
    let tl = send(fromPage(page(['10'], false, false)), 'a');
    tl = failPending(tl, 'a', 'timeout');
    tl = retryPending(tl, 'a');
    tl = confirmPending(tl, 'a', stored('20', 'a'));
    tl = confirmPending(tl, 'a', stored('20', 'a'));
    expect(ids(tl)).toEqual(['10', '20']);
    expect(tl.pending).toEqual([]);
  });

  it('confirm of a discarded send still shows the stored message', () => {
    const tl = confirmPending(fromPage(page(['10'], false, false)), 'gone', stored('20', 'gone'));
    expect(ids(tl)).toEqual(['10', '20']);
  });

  it('confirm away from the present only remembers newer content', () => {
    let tl = send(fromPage(page(['10'], true, true)), 'a');
    tl = confirmPending(tl, 'a', stored('20', 'a'));
    expect(ids(tl)).toEqual(['10']);
    expect(tl.pending).toEqual([]);
    expect(tl.unseenNewerId).toBe('20');
  });
});
