import { act, screen } from '@testing-library/react';
import type { DmChat } from '@/features/friends/types';
import { queryKeys } from '@/features/live/queryKeys';
import { ADA, flush, page } from '@/features/live/testkit';
import { MARK_READ_DELAY_MS } from '../hooks/useReadMarker';
import { renderChat, seedTimeline, testSession } from '../testing';
import { ConversationView } from './ConversationView';

const DM = { chat_id: '50' };
const CHAT: DmChat = {
  id: '50',
  type: 'dm',
  user: { ...ADA, bio: '', created_at: 1 },
  created_at: 1,
  last_read_id: '10',
  last_message_id: '12',
  unread_count: 2,
  mention_count: 0,
};

afterEach(() => vi.restoreAllMocks());

const wait = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

describe('ConversationView', () => {
  it('counts as open while mounted', () => {
    const t = testSession();
    seedTimeline(t, DM, page(['10'], false, false));
    const { unmount } = renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);
    expect(t.markOpen).toHaveBeenCalledWith('chat:50');
    unmount();
  });

  it('marks the newest message read once seen in a focused window, and clears the badge', async () => {
    const t = testSession();
    t.queryClient.setQueryData(queryKeys.dms, [CHAT]);
    seedTimeline(t, DM, page(['10', '11', '12'], false, false));
    renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} readState={CHAT} />, t);
    expect(screen.getByRole('separator', { name: 'New messages' })).toBeTruthy();
    await wait(MARK_READ_DELAY_MS + 50);
    const reads = t.sock.emitted.filter((e) => e.event === 'chat:read');
    expect(reads.map((r) => r.payload)).toEqual([{ chat_id: '50', message_id: '12' }]);
    act(() => reads[0]!.answer({ last_read_id: '12' }));
    await act(flush);
    expect(t.queryClient.getQueryData<DmChat[]>(queryKeys.dms)?.[0]).toMatchObject({ last_read_id: '12', unread_count: 0 });
    // The divider stays where it was for this visit.
    expect(screen.getByRole('separator', { name: 'New messages' })).toBeTruthy();
  });

  it('does not mark anything read while the window is in the background', async () => {
    const t = testSession();
    seedTimeline(t, DM, page(['10', '11', '12'], false, false));
    renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} readState={CHAT} />, t);
    act(() => void window.dispatchEvent(new Event('blur')));
    await wait(MARK_READ_DELAY_MS + 50);
    expect(t.sock.emitted.filter((e) => e.event === 'chat:read')).toHaveLength(0);
    act(() => void window.dispatchEvent(new Event('focus')));
    await wait(MARK_READ_DELAY_MS + 50);
    expect(t.sock.emitted.filter((e) => e.event === 'chat:read')).toHaveLength(1);
  });
});
