import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ADA, ME, msg, page } from '@/features/live/testkit';
import { drafts } from '../hooks/drafts';
import { renderChat, seedTimeline, testSession, type TestSession } from '../testing';
import { ConversationView } from './ConversationView';

const DM = { chat_id: '50' };

function open(t: TestSession = testSession()) {
  seedTimeline(t, DM, {
    messages: [msg('10', { author: ME, content: 'my old words' }), msg('11', { content: 'hi there' })],
    has_more_before: false,
    has_more_after: false,
  });
  renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);
  return { t, box: screen.getByRole('textbox', { name: 'Message @Ada' }) as HTMLTextAreaElement };
}

describe('Composer', () => {
  it('sends on Enter with the conversation and the text, and clears at once', async () => {
    const user = userEvent.setup();
    const { t, box } = open();
    await user.click(box);
    await user.keyboard('  hello Ada  {Enter}');
    const sent = t.sock.last('message:send').payload;
    expect(sent).toMatchObject({ chat_id: '50', content: 'hello Ada' });
    expect(sent.nonce).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sent).not.toHaveProperty('reply_to');
    expect(box.value).toBe('');
    // Shown at once, as being sent.
    expect(screen.getByText('hello Ada')).toBeTruthy();
    expect(screen.getByText('Sending…')).toBeTruthy();
  });

  it('adds a line on Shift+Enter instead of sending, and sends nothing empty', async () => {
    const user = userEvent.setup();
    const { t, box } = open();
    await user.click(box);
    await user.keyboard('{Enter}');
    await user.keyboard('one{Shift>}{Enter}{/Shift}two');
    expect(box.value).toBe('one\ntwo');
    expect(t.sock.emitted.filter((e) => e.event === 'message:send')).toHaveLength(0);
  });

  it('edits my last message on ArrowUp in an empty composer', async () => {
    const user = userEvent.setup();
    const { t, box } = open();
    await user.click(box);
    await user.keyboard('{ArrowUp}');
    const editor = screen.getByRole('textbox', { name: 'Edit message' }) as HTMLTextAreaElement;
    expect(editor.value).toBe('my old words');
    expect(document.activeElement).toBe(editor);
    await user.clear(editor);
    await user.keyboard('my new words{Enter}');
    expect(t.sock.last('message:edit').payload).toEqual({ message_id: '10', content: 'my new words' });
  });

  it('does not edit on ArrowUp when there is text', async () => {
    const user = userEvent.setup();
    const { box } = open();
    await user.click(box);
    await user.keyboard('abc{ArrowUp}');
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull();
  });

  it('replies: the bar names the author, the send carries reply_to, Escape cancels', async () => {
    const user = userEvent.setup();
    const { t, box } = open();
    await user.click(screen.getAllByRole('button', { name: 'Reply' })[1]!); // Ada's message
    expect(screen.getByText(/Replying to/).textContent).toBe('Replying to Ada');
    expect(document.activeElement).toBe(box);
    await user.keyboard('{Escape}');
    expect(screen.queryByText(/Replying to/)).toBeNull();

    await user.click(screen.getAllByRole('button', { name: 'Reply' })[1]!);
    await user.click(screen.getByRole('button', { name: 'Cancel reply' }));
    expect(screen.queryByText(/Replying to/)).toBeNull();

    await user.click(screen.getAllByRole('button', { name: 'Reply' })[1]!);
    await user.keyboard('yes{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ chat_id: '50', content: 'yes', reply_to: '11' });
    expect(screen.queryByText(/Replying to/)).toBeNull();
  });

  it('announces typing at most every 5 seconds, and stops on send', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const user = userEvent.setup();
      const { t, box } = open();
      await user.click(box);
      await user.keyboard('hello');
      const starts = () => t.emit.mock.calls.filter(([e]) => e === 'typing:start');
      expect(starts()).toHaveLength(1);
      expect(starts()[0]![1]).toEqual({ chat_id: '50' });
      vi.setSystemTime(Date.now() + 5_001);
      await user.keyboard('!');
      expect(starts()).toHaveLength(2);
      await user.keyboard('{Enter}');
      expect(t.emit).toHaveBeenLastCalledWith('typing:stop', { chat_id: '50' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('blocks sending past 4,000 characters and shows how far over it is', async () => {
    const { t, box } = open();
    act(() => drafts.getState().update('chat:50', { text: 'x'.repeat(4001) }));
    expect(screen.getByText('-1')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', true);
    const user = userEvent.setup();
    await user.click(box);
    await user.keyboard('{Enter}');
    expect(t.sock.emitted.filter((e) => e.event === 'message:send')).toHaveLength(0);
  });

  it('keeps the draft of each conversation while switching', async () => {
    const user = userEvent.setup();
    const t = testSession();
    seedTimeline(t, DM, page(['10'], false, false));
    seedTimeline(t, { chat_id: '60' }, page(['20'], false, false, { chat_id: '60' }));
    const { rerender } = renderChat(<ConversationView key="a" conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);
    await user.type(screen.getByRole('textbox', { name: 'Message @Ada' }), 'half a thought');
    const { ChatProviders } = await import('../testing');
    rerender(
      <ChatProviders t={t}>
        <ConversationView key="b" conversation={{ chat_id: '60' }} title="Bob" kind="dm" />
      </ChatProviders>,
    );
    expect((screen.getByRole('textbox', { name: 'Message @Bob' }) as HTMLTextAreaElement).value).toBe('');
    rerender(
      <ChatProviders t={t}>
        <ConversationView key="a" conversation={DM} title="Ada" kind="dm" peer={ADA} />
      </ChatProviders>,
    );
    expect((screen.getByRole('textbox', { name: 'Message @Ada' }) as HTMLTextAreaElement).value).toBe('half a thought');
  });

  it('uploads files from the labelled file input, and waits for them before sending', async () => {
    const user = userEvent.setup();
    const t = testSession();
    let finish: (v: unknown) => void = () => undefined;
    const upload = vi.fn(() => new Promise((resolve) => (finish = resolve)));
    t.session.api = { ...t.session.api, upload } as typeof t.session.api;
    const { box } = open(t);
    expect(screen.getByRole('button', { name: 'Upload a file' })).toBeTruthy();
    const file = new File(['png'], 'rocket.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText('Upload a file'), file);
    expect(upload).toHaveBeenCalledTimes(1);
    await user.click(box);
    await user.keyboard('Our logo');
    expect(screen.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', true);
    await user.keyboard('{Enter}');
    expect(t.sock.emitted.filter((e) => e.event === 'message:send')).toHaveLength(0);

    const attachment = { id: '500', file_name: 'rocket.png', content_type: 'image/png', size: 3, url: '/api/v1/attachments/500/rocket.png' };
    await act(async () => finish({ attachment }));
    expect(screen.getByRole('button', { name: 'Send message' })).toHaveProperty('disabled', false);
    await user.keyboard('{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ chat_id: '50', content: 'Our logo', attachments: ['500'] });
  });
});
