import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApiClient } from '@/lib/api/client';
import { ADA, msg } from '@/features/live/testkit';
import { PinsPanel } from './PinsPanel';
import { renderWithQuery, routedApi } from './testing';
import { pinsQueryKey } from './usePins';

const session = vi.hoisted(() => ({ api: null as unknown as ApiClient }));
vi.mock('@/app/session', () => ({ useSession: () => session }));

describe('PinsPanel', () => {
  it('lists a channel’s pins from GET /channels/:id/pins, most recent first, and jumps', async () => {
    const user = userEvent.setup();
    const { api, calls } = routedApi(() => ({
      body: {
        messages: [
          msg('20', { channel_id: '7', chat_id: '3', content: 'Meeting **at noon**', pinned: true }),
          msg('10', { channel_id: '7', chat_id: '3', content: 'Rules: be kind <@2>', pinned: true, author: { ...ADA, display_name: 'Ada L' } }),
        ],
      },
    }));
    session.api = api;
    const onJump = vi.fn();
    const onClose = vi.fn();
    renderWithQuery(<PinsPanel conversation={{ chat_id: '3', channel_id: '7' }} onJump={onJump} onClose={onClose} />);

    expect(screen.getByRole('complementary', { name: 'Pinned messages' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Pinned messages' });
    expect(calls.map((u) => u.pathname)).toEqual(['/api/v1/channels/7/pins']);
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Meeting at noon');
    expect(within(items[0]!).getByText('at noon').tagName).toBe('STRONG'); // Markdown rendered
    expect(items[1]!.textContent).toContain('Ada L');
    expect(items[1]!.textContent).toContain('@Ada L'); // mention named

    await user.click(within(items[1]!).getByRole('button', { name: 'Jump to message' }));
    expect(onJump).toHaveBeenCalledWith('10');
    await user.click(screen.getByRole('button', { name: 'Close pinned messages' }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('asks the DM chat route and says when nothing is pinned', async () => {
    const { api, calls } = routedApi(() => ({ body: { messages: [] } }));
    session.api = api;
    renderWithQuery(<PinsPanel conversation={{ chat_id: '50', channel_id: null }} onJump={vi.fn()} onClose={vi.fn()} />);
    expect(await screen.findByText('No pinned messages yet')).toBeTruthy();
    expect(calls.map((u) => u.pathname)).toEqual(['/api/v1/chats/50/pins']);
  });

  it('shows a failure in words and tries again', async () => {
    const user = userEvent.setup();
    let fail = true;
    const { api } = routedApi(() =>
      fail
        ? { status: 404, body: { error: { code: 'channel_not_found', message: 'No such channel.' } } }
        : { body: { messages: [msg('1', { content: 'back' })] } },
    );
    session.api = api;
    renderWithQuery(<PinsPanel conversation={{ channel_id: '7' }} onJump={vi.fn()} onClose={vi.fn()} />);
    expect((await screen.findByRole('alert')).textContent).toContain('No such channel.');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('back')).toBeTruthy();
  });

  it('refetches when the integrator invalidates its key, and closes on Escape', async () => {
    const user = userEvent.setup();
    let pins = [msg('1', { content: 'first pin' })];
    const { api } = routedApi(() => ({ body: { messages: pins } }));
    session.api = api;
    const onClose = vi.fn();
    const { client } = renderWithQuery(<PinsPanel conversation={{ chat_id: '50' }} onJump={vi.fn()} onClose={onClose} />);
    await screen.findByText('first pin');

    expect(pinsQueryKey({ chat_id: '50' })).toEqual(['pins', 'chat:50']);
    pins = [msg('2', { content: 'second pin' }), ...pins];
    await client.invalidateQueries({ queryKey: pinsQueryKey({ chat_id: '50' }) });
    await waitFor(() => expect(screen.getByText('second pin')).toBeTruthy());

    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
  });
});
