import { act, renderHook } from '@testing-library/react';
import { createConversationsStore } from '@/features/live/conversations';
import { fakeApi, fakeSocket, ME } from '@/features/live/testkit';
import { dividerAfter, MARK_READ_DELAY_MS, useReadMarker, useUnreadDivider } from './useReadMarker';

describe('dividerAfter', () => {
  it('follows the read position only when something was unread', () => {
    expect(dividerAfter({ last_read_id: '10', unread_count: 3 }, 'channel')).toBe('10');
    expect(dividerAfter({ last_read_id: '10', unread_count: 0 }, 'dm')).toBeNull();
    // A DM never marked is unread from its first message; a channel counts from the join.
    expect(dividerAfter({ last_read_id: null, unread_count: 2 }, 'dm')).toBe('0');
    expect(dividerAfter({ last_read_id: null, unread_count: 2 }, 'channel')).toBeNull();
  });
});

describe('useUnreadDivider', () => {
  it('keeps the position known first, until dismissed', () => {
    const { result, rerender } = renderHook(
      ({ rs }: { rs: { last_read_id: string | null; unread_count: number } | undefined }) => useUnreadDivider(rs, 'dm'),
      { initialProps: { rs: undefined } as { rs: { last_read_id: string | null; unread_count: number } | undefined } },
    );
    expect(result.current.after).toBeNull();
    rerender({ rs: { last_read_id: '10', unread_count: 2 } });
    expect(result.current.after).toBe('10');
    rerender({ rs: { last_read_id: '15', unread_count: 0 } }); // read since: the divider stays
    expect(result.current.after).toBe('10');
    act(() => result.current.dismiss());
    expect(result.current.after).toBeNull();
  });
});

describe('useReadMarker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const s = fakeSocket();
    const store = createConversationsStore({ api: fakeApi().api, socket: s.socket, me: () => ME });
    const reads = () => s.emitted.filter((e) => e.event === 'chat:read').map((e) => e.payload);
    return { store, reads };
  }

  it('marks the newest message once it stays visible, debounced', () => {
    const { store, reads } = setup();
    const conversation = { chat_id: '50' };
    const { rerender } = renderHook((p: { newestId: string | null; visible: boolean }) =>
      useReadMarker({ store, conversation, lastReadId: '10', ...p }), { initialProps: { newestId: '11', visible: false } });
    vi.advanceTimersByTime(MARK_READ_DELAY_MS * 2);
    expect(reads()).toEqual([]); // not on screen

    rerender({ newestId: '11', visible: true });
    rerender({ newestId: '12', visible: true });
    rerender({ newestId: '13', visible: true });
    expect(reads()).toEqual([]);
    vi.advanceTimersByTime(MARK_READ_DELAY_MS);
    expect(reads()).toEqual([{ chat_id: '50', message_id: '13' }]);
  });

  it('sends nothing for what is already read', () => {
    const { store, reads } = setup();
    renderHook(() => useReadMarker({ store, conversation: { channel_id: '70' }, newestId: '10', visible: true, lastReadId: '10' }));
    vi.advanceTimersByTime(MARK_READ_DELAY_MS * 2);
    expect(reads()).toEqual([]);
  });
});
