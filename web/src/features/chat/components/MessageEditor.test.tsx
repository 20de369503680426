// Editing a message with mentions: shown as "@Name", saved back as "<@id>", with the "@" picker.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { queryKeys } from '@/features/live/queryKeys';
import { ADA, ME, msg } from '@/features/live/testkit';
import type { Message } from '@/lib/socket/protocol';
import { MENTION_CHANNEL, MENTION_DM, MENTION_MEMBERS, renderChat, seedTimeline, testSession, type TestSession } from '../testing';
import { ConversationView } from './ConversationView';

const CHANNEL = MENTION_CHANNEL;
const DM = MENTION_DM;
const MEMBERS = MENTION_MEMBERS;

const MINE = `hi <@${ADA.id}> and <@3>, see <@999>`;

function openChannel(content = MINE, { members = true } = {}) {
  const t = testSession();
  if (members) t.queryClient.setQueryData(queryKeys.zoneMembers('9'), MEMBERS);
  seedTimeline(t, CHANNEL, {
    messages: [msg('11', { chat_id: '9', channel_id: '70', author: ME, content })],
    has_more_before: false,
    has_more_after: false,
  });
  renderChat(<ConversationView conversation={CHANNEL} title="general" kind="channel" zoneId="9" />, t);
  return t;
}

async function startEdit(u: ReturnType<typeof userEvent.setup>, messageId = '11') {
  const row = document.querySelector(`[data-message-id="${messageId}"]`) as HTMLElement;
  await u.click(within(within(row).getByRole('group', { name: 'Message actions' })).getByRole('button', { name: 'Edit' }));
  return screen.getByRole('textbox', { name: 'Edit message' }) as HTMLTextAreaElement;
}

const editor = () => screen.queryByRole('textbox', { name: 'Edit message' });
const list = () => screen.queryByRole('listbox', { name: 'Mention someone' });
const edits = (t: TestSession) => t.sock.emitted.filter((e) => e.event === 'message:edit');

describe('MessageEditor mentions', () => {
  it('shows known mentions as names, keeps unknown ids, and sends nothing when unchanged', async () => {
    const u = userEvent.setup();
    const t = openChannel();
    const box = await startEdit(u);
    expect(box.value).toBe('hi @Ada and @Alice Smith, see <@999>');
    expect(document.activeElement).toBe(box);
    await u.keyboard('{Enter}');
    expect(edits(t)).toHaveLength(0);
    expect(editor()).toBeNull();
  });

  it('saves a changed text with the mentions back in the wire form', async () => {
    const u = userEvent.setup();
    const t = openChannel();
    await startEdit(u);
    await u.keyboard(' thanks{Enter}');
    expect(edits(t)).toHaveLength(1);
    expect(t.sock.last('message:edit').payload).toEqual({ message_id: '11', content: `${MINE} thanks` });
  });

  it('picks a new mention with the keys without saving, and saves it as <@id>', async () => {
    const u = userEvent.setup();
    const t = openChannel();
    const box = await startEdit(u);
    await u.keyboard(' @al');
    expect(within(list()!).getAllByRole('option')).toHaveLength(2);
    expect(box.getAttribute('aria-controls')).toBe(list()!.id);
    await u.keyboard('{ArrowDown}{Enter}');
    expect(edits(t)).toHaveLength(0);
    expect(box.value).toBe('hi @Ada and @Alice Smith, see <@999> @Alina ');
    expect(list()).toBeNull();
    await u.keyboard('too @ad{Tab}');
    expect(box.value).toBe('hi @Ada and @Alice Smith, see <@999> @Alina too @Ada ');
    await u.keyboard('{Enter}');
    expect(t.sock.last('message:edit').payload).toEqual({ message_id: '11', content: `${MINE} <@4> too <@${ADA.id}>` });
  });

  it('closes the list on Escape and keeps editing; a second Escape cancels the edit', async () => {
    const u = userEvent.setup();
    const t = openChannel();
    const box = await startEdit(u);
    await u.keyboard(' @al');
    expect(list()).not.toBeNull();
    await u.keyboard('{Escape}');
    expect(list()).toBeNull();
    expect(editor()).toBe(box);
    expect(document.activeElement).toBe(box);
    expect(box.value).toBe('hi @Ada and @Alice Smith, see <@999> @al');
    await u.keyboard('{Escape}');
    expect(editor()).toBeNull();
    expect(edits(t)).toHaveLength(0);
  });

  it('names the mentions once the members arrive, if nothing was typed yet', async () => {
    const u = userEvent.setup();
    const t = openChannel(`<@3> hello`, { members: false });
    const box = await startEdit(u);
    expect(box.value).toBe('<@3> hello');
    act(() => t.queryClient.setQueryData(queryKeys.zoneMembers('9'), MEMBERS));
    // The query cache tells its observers on the next tick.
    await waitFor(() => expect(box.value).toBe('@Alice Smith hello'));
    await u.keyboard('!{Enter}');
    expect(t.sock.last('message:edit').payload).toEqual({ message_id: '11', content: '<@3> hello!' });
  });

  it('keeps a raw id where a name would change the message, so nothing is lost', async () => {
    const u = userEvent.setup();
    const t = openChannel(`@Ada is not <@${ADA.id}>; x<@3> \`<@3>\``);
    const box = await startEdit(u);
    expect(box.value).toBe(`@Ada is not <@${ADA.id}>; x<@3> \`<@3>\``);
    await u.keyboard('{Enter}');
    expect(edits(t)).toHaveLength(0);
  });

  it('decodes the message ArrowUp opens in a DM', async () => {
    const u = userEvent.setup();
    const t = testSession();
    const message: Message = msg('10', { author: ME, content: `thanks <@${ADA.id}>` });
    seedTimeline(t, DM, { messages: [message], has_more_before: false, has_more_after: false });
    renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);
    await u.click(screen.getByRole('textbox', { name: 'Message @Ada' }));
    await u.keyboard('{ArrowUp}');
    const box = screen.getByRole('textbox', { name: 'Edit message' }) as HTMLTextAreaElement;
    expect(box.value).toBe('thanks @Ada');
    await u.keyboard(' again{Enter}');
    expect(t.sock.last('message:edit').payload).toEqual({ message_id: '10', content: `thanks <@${ADA.id}> again` });
  });
});
