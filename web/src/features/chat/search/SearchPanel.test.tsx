import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApiClient } from '@/lib/api/client';
import { queryKeys } from '@/features/live/queryKeys';
import { msg } from '@/features/live/testkit';
import { renderWithQuery, routedApi, type FakeAnswer } from '@/features/chat/pins/testing';
import { SearchPanel } from './SearchPanel';

const session = vi.hoisted(() => ({ api: null as unknown as ApiClient }));
vi.mock('@/app/session', () => ({ useSession: () => session }));

function searchCalls(calls: URL[]) {
  return calls.filter((u) => u.pathname.endsWith('/search'));
}

describe('SearchPanel', () => {
  it('searches a DM after a pause in typing, highlights the words and jumps', async () => {
    const user = userEvent.setup({ delay: null }); // keys faster than the debounce
    const { api, calls } = routedApi(() => ({
      body: { messages: [msg('30', { content: 'the quick brown fox' }), msg('20', { content: 'Quickly now' })], has_more: false },
    }));
    session.api = api;
    const onJump = vi.fn();
    renderWithQuery(<SearchPanel scope={{ chat_id: '50' }} onJump={onJump} onClose={vi.fn()} />);

    const field = screen.getByRole('searchbox', { name: 'Search messages' });
    expect(document.activeElement).toBe(field);
    await user.type(field, 'quick');
    const list = await screen.findByRole('list', { name: 'Search results' });
    // One request for the whole word, not one per key.
    expect(searchCalls(calls)).toHaveLength(1);
    const url = searchCalls(calls)[0]!;
    expect(url.pathname).toBe('/api/v1/chats/50/search');
    expect(url.searchParams.get('q')).toBe('quick');
    expect(url.searchParams.has('before')).toBe(false);

    const results = within(list).getAllByRole('button');
    expect(results).toHaveLength(2);
    expect(Array.from(list.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['quick', 'Quickly']);
    expect(results[0]!.textContent).toContain('Ada');

    await user.click(results[1]!);
    expect(onJump).toHaveBeenCalledWith({ chat_id: '50', channel_id: null }, '20');
    // Keyboard: down from the field to a result, Enter jumps.
    field.focus();
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(results[0]);
    await user.keyboard('{Enter}');
    expect(onJump).toHaveBeenLastCalledWith({ chat_id: '50', channel_id: null }, '30');
  });

  it('searches a zone with its channel filter, names channels and loads more with before=', async () => {
    const user = userEvent.setup({ delay: null }); // keys faster than the debounce
    const { api, calls } = routedApi((url) => {
      if (url.searchParams.get('before') === '40') {
        return { body: { messages: [msg('30', { chat_id: '9', channel_id: '11', content: 'older hello' })], has_more: false } };
      }
      return { body: { messages: [msg('40', { chat_id: '9', channel_id: '11', content: 'hello there' })], has_more: true } };
    });
    session.api = api;
    const onJump = vi.fn();
    const { client } = renderWithQuery(<SearchPanel scope={{ zone_id: '9' }} onJump={onJump} onClose={vi.fn()} />);
    client.setQueryData(queryKeys.zone('9'), {
      id: '9',
      name: 'Club',
      channels: [{ id: '11', name: 'general', type: 'text', position: 0, topic: '' }],
    });

    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'hello');
    const list = await screen.findByRole('list', { name: 'Search results' });
    expect(searchCalls(calls)[0]!.pathname).toBe('/api/v1/zones/9/search');
    expect(list.textContent).toContain('#general');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(2));
    const more = searchCalls(calls).at(-1)!;
    expect(more.searchParams.get('before')).toBe('40');
    expect(more.searchParams.get('q')).toBe('hello');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    await user.click(within(list).getAllByRole('button')[1]!);
    expect(onJump).toHaveBeenCalledWith({ chat_id: '9', channel_id: '11' }, '30');
  });

  it('passes channel_id when the scope names one', async () => {
    const user = userEvent.setup({ delay: null }); // keys faster than the debounce
    const { api, calls } = routedApi(() => ({ body: { messages: [], has_more: false } }));
    session.api = api;
    renderWithQuery(<SearchPanel scope={{ zone_id: '9', channel_id: '11' }} onJump={vi.fn()} onClose={vi.fn()} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), 'nothing');
    expect(await screen.findByText('No messages match “nothing”.')).toBeTruthy();
    const url = searchCalls(calls)[0]!;
    expect(url.pathname).toBe('/api/v1/zones/9/search');
    expect(url.searchParams.get('channel_id')).toBe('11');
  });

  it('says when the rate limit is hit, and explains a query without words without asking', async () => {
    const user = userEvent.setup({ delay: null }); // keys faster than the debounce
    const answer: FakeAnswer = {
      status: 429,
      body: { error: { code: 'rate_limited', message: 'Slow down.' } },
      headers: { 'Retry-After': '17' },
    };
    const { api, calls } = routedApi(() => answer);
    session.api = api;
    renderWithQuery(<SearchPanel scope={{ chat_id: '50' }} onJump={vi.fn()} onClose={vi.fn()} />);
    const field = screen.getByRole('searchbox', { name: 'Search messages' });

    await user.type(field, 'hello');
    expect((await screen.findByRole('alert')).textContent).toContain('You are searching too fast. Try again in 17 seconds.');

    await user.clear(field);
    await user.type(field, '?!');
    expect(await screen.findByText(/Type a word to search for/)).toBeTruthy();
    expect(searchCalls(calls)).toHaveLength(1);
  });

  it('renders an XSS-looking query and message as inert text', async () => {
    const user = userEvent.setup({ delay: null }); // keys faster than the debounce
    const evil = '<img src=x onerror=alert(1)> <b>bold</b>';
    const { api } = routedApi(() => ({ body: { messages: [msg('5', { content: evil })], has_more: false } }));
    session.api = api;
    renderWithQuery(<SearchPanel scope={{ chat_id: '50' }} onJump={vi.fn()} onClose={vi.fn()} />);
    await user.type(screen.getByRole('searchbox', { name: 'Search messages' }), '<img onerror=x> <b>');
    const list = await screen.findByRole('list', { name: 'Search results' });
    expect(list.querySelector('b')).toBeNull();
    expect(list.querySelectorAll('img:not([alt=""])')).toHaveLength(0);
    expect(list.querySelector('[onerror]')).toBeNull();
    expect(list.textContent).toContain(evil);
    expect(Array.from(list.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['img', 'x', 'onerror', 'b', 'bold', 'b']);
  });

  it('clears the field on Escape, then closes', async () => {
    const user = userEvent.setup({ delay: null }); // keys faster than the debounce
    const { api } = routedApi(() => ({ body: { messages: [], has_more: false } }));
    session.api = api;
    const onClose = vi.fn();
    renderWithQuery(<SearchPanel scope={{ chat_id: '50' }} onJump={vi.fn()} onClose={onClose} />);
    const field = screen.getByRole('searchbox', { name: 'Search messages' });
    await user.type(field, 'abc');
    await user.keyboard('{Escape}');
    expect((field as HTMLInputElement).value).toBe('');
    expect(onClose).not.toHaveBeenCalled();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
    await user.click(screen.getByRole('button', { name: 'Close search' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
