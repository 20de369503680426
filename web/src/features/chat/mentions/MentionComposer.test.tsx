// The "@" suggestions as the person at the keyboard meets them, in a real ConversationView.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DmChat } from '@/features/friends/types';
import { queryKeys } from '@/features/live/queryKeys';
import { ADA, msg } from '@/features/live/testkit';
import { ConversationView } from '../components/ConversationView';
import { MENTION_CHANNEL, MENTION_DM, MENTION_MEMBERS, mentionUser, renderChat, seedTimeline, testSession, type TestSession } from '../testing';

const CHANNEL = MENTION_CHANNEL;
const DM = MENTION_DM;
const MEMBERS = MENTION_MEMBERS;
const user = mentionUser;

function openChannel(t: TestSession = testSession()) {
  t.queryClient.setQueryData(queryKeys.zoneMembers('9'), MEMBERS);
  seedTimeline(t, CHANNEL, {
    messages: [msg('11', { chat_id: '9', channel_id: '70', content: 'hi there' })],
    has_more_before: false,
    has_more_after: false,
  });
  renderChat(<ConversationView conversation={CHANNEL} title="general" kind="channel" zoneId="9" />, t);
  return { t, box: screen.getByRole('textbox', { name: 'Message #general' }) as HTMLTextAreaElement };
}

const list = () => screen.queryByRole('listbox', { name: 'Mention someone' });
/** What each option reads as (the avatar's initials are hidden from it). */
const optionNames = () =>
  within(list()!)
    .getAllByRole('option')
    .map((o) => {
      const copy = o.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[aria-hidden="true"]').forEach((h) => h.remove());
      return copy.textContent;
    });
const sends = (t: TestSession) => t.sock.emitted.filter((e) => e.event === 'message:send');

describe('mention suggestions in the composer', () => {
  it('offers the zone members matching "@al", wired to the textarea', async () => {
    const u = userEvent.setup();
    const { box } = openChannel();
    await u.click(box);
    expect(box.getAttribute('aria-autocomplete')).toBeNull();
    await u.keyboard('hi @al');
    expect(optionNames()).toEqual(['Alice Smith@alice', 'Alina@alina']);
    expect(within(list()!).getByRole('option', { name: 'Alice Smith @alice' })).toBeTruthy();
    const options = within(list()!).getAllByRole('option');
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-autocomplete')).toBe('list');
    expect(box.getAttribute('aria-controls')).toBe(list()!.id);
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);

    await u.keyboard('{ArrowDown}');
    expect(options[1]!.getAttribute('aria-selected')).toBe('true');
    expect(options[0]!.getAttribute('aria-selected')).toBe('false');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    await u.keyboard('{ArrowDown}'); // wraps to the top
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    await u.keyboard('{ArrowUp}'); // and to the bottom
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
  });

  it('picks with ArrowDown+Enter without sending, shows the name and sends <@id>', async () => {
    const u = userEvent.setup();
    const { t, box } = openChannel();
    await u.click(box);
    await u.keyboard('hi @al{ArrowDown}{Enter}');
    expect(sends(t)).toHaveLength(0);
    expect(box.value).toBe('hi @Alina ');
    expect(box.selectionStart).toBe(box.value.length);
    expect(list()).toBeNull();
    expect(box.getAttribute('aria-activedescendant')).toBeNull();

    await u.keyboard('and @Alice');
    await u.keyboard('{Tab}');
    expect(box.value).toBe('hi @Alina and @Alice Smith ');
    expect(document.activeElement).toBe(box);
    await u.keyboard('welcome{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ channel_id: '70', content: 'hi <@4> and <@3> welcome' });
    expect(box.value).toBe('');
    // The message shown at once renders the wire form as names.
    expect(screen.getByText('Sending…')).toBeTruthy();
    expect(document.querySelector('[data-mention="4"]')?.textContent).toBe('@Alina');
    expect(document.querySelector('[data-mention="3"]')?.textContent).toBe('@Alice Smith');
  });

  it('picks on click, keeping the focus in the text box', async () => {
    const u = userEvent.setup();
    const { t, box } = openChannel();
    await u.click(box);
    await u.keyboard('@ad');
    await u.click(within(list()!).getByRole('option', { name: /Ada/ }));
    expect(box.value).toBe('@Ada ');
    expect(document.activeElement).toBe(box);
    await u.keyboard('{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ content: '<@2>' });
  });

  it('closes on Escape without cancelling the reply; then Enter sends the text as typed', async () => {
    const u = userEvent.setup();
    const { t, box } = openChannel();
    await u.click(screen.getByRole('button', { name: 'Reply' }));
    expect(screen.getByText(/Replying to/)).toBeTruthy();
    await u.keyboard('@al');
    expect(list()).not.toBeNull();
    await u.keyboard('{Escape}');
    expect(list()).toBeNull();
    expect(screen.getByText(/Replying to/)).toBeTruthy();
    expect(box.getAttribute('aria-controls')).toBeNull();
    // Still closed while the same "@" is typed on.
    await u.keyboard('i');
    expect(list()).toBeNull();
    await u.keyboard('{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ content: '@ali', reply_to: '11' });
    // A new "@" offers again.
    await u.keyboard('@');
    expect(list()).not.toBeNull();
  });

  it('offers nothing for an address, inside code, or when no one matches', async () => {
    const u = userEvent.setup();
    const { t, box } = openChannel();
    await u.click(box);
    await u.keyboard('mail a@al');
    expect(list()).toBeNull();
    await u.clear(box);
    await u.keyboard('`@al');
    expect(list()).toBeNull();
    await u.clear(box);
    await u.keyboard('@zz');
    expect(list()).toBeNull();
    await u.keyboard('{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ content: '@zz' });
  });

  it('does not encode a picked name the user edited afterwards', async () => {
    const u = userEvent.setup();
    const { t, box } = openChannel();
    await u.click(box);
    await u.keyboard('@alin{Enter}');
    expect(box.value).toBe('@Alina ');
    await u.keyboard('{Backspace}{Backspace}{Backspace}');
    await u.keyboard('{Escape}{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ content: '@Ali' });
  });

  it('still sends a picked mention as <@id> after switching conversations and back', async () => {
    const u = userEvent.setup();
    const t = testSession();
    t.queryClient.setQueryData(queryKeys.zoneMembers('9'), MEMBERS);
    seedTimeline(t, CHANNEL, { messages: [], has_more_before: false, has_more_after: false });
    seedTimeline(t, DM, { messages: [], has_more_before: false, has_more_after: false });
    const channel = <ConversationView key="a" conversation={CHANNEL} title="general" kind="channel" zoneId="9" />;
    const { rerender } = renderChat(channel, t);
    await u.click(screen.getByRole('textbox', { name: 'Message #general' }));
    await u.keyboard('@alin{Enter}');
    const { ChatProviders } = await import('../testing');
    rerender(
      <ChatProviders t={t}>
        <ConversationView key="b" conversation={DM} title="Ada" kind="dm" peer={ADA} />
      </ChatProviders>,
    );
    rerender(<ChatProviders t={t}>{channel}</ChatProviders>);
    const box = screen.getByRole('textbox', { name: 'Message #general' }) as HTMLTextAreaElement;
    expect(box.value).toBe('@Alina ');
    await u.click(box);
    await u.keyboard('{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ channel_id: '70', content: '<@4>' });
  });

  it('offers the other member and me in a DM', async () => {
    const u = userEvent.setup();
    const t = testSession();
    const chat: DmChat = {
      id: '50',
      type: 'dm',
      user: user(ADA.id, ADA.username, ADA.display_name),
      created_at: 0,
      last_read_id: null,
      last_message_id: null,
      unread_count: 0,
      mention_count: 0,
    };
    t.queryClient.setQueryData(queryKeys.dms, [chat]);
    seedTimeline(t, DM, { messages: [msg('11')], has_more_before: false, has_more_after: false });
    renderChat(<ConversationView conversation={DM} title="Ada" kind="dm" peer={ADA} />, t);
    const box = screen.getByRole('textbox', { name: 'Message @Ada' }) as HTMLTextAreaElement;
    await u.click(box);
    await u.keyboard('@');
    expect(optionNames()).toEqual(['Ada@ada', 'Me@me']);
    await u.keyboard('{ArrowUp}{Enter}thanks{Enter}');
    expect(t.sock.last('message:send').payload).toMatchObject({ chat_id: '50', content: '<@1> thanks' });
  });
});
