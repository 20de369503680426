import { act, screen } from '@testing-library/react';
import { ADA, ME } from '@/features/live/testkit';
import { renderChat, testSession } from '../testing';
import { typingWords, TypingIndicator } from './TypingIndicator';

const people: Record<string, string> = { [ME.id]: 'Me', '2': 'Ada', '3': 'Bob', '4': 'Cy', '5': 'Dee' };
const lookup = (id: string) => (people[id] ? { id, username: people[id]!.toLowerCase(), display_name: people[id]!, avatar_url: null } : undefined);

describe('typingWords', () => {
  it('names one, two or three typists, then says several', () => {
    expect(typingWords([])).toBe('');
    expect(typingWords(['Ada'])).toBe('Ada is typing…');
    expect(typingWords(['Ada', 'Bob'])).toBe('Ada and Bob are typing…');
    expect(typingWords(['Ada', 'Bob', 'Cy'])).toBe('Ada, Bob and Cy are typing…');
    expect(typingWords(['Ada', 'Bob', 'Cy', 'Dee'])).toBe('Several people are typing…');
  });
});

describe('TypingIndicator', () => {
  it('shows who types in this conversation, never me, and keeps its place when empty', () => {
    const t = testSession();
    renderChat(<TypingIndicator conversationKey="chat:50" lookup={lookup} />, t);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('');
    expect(status.className).toContain('h-6');

    const typing = t.session.typing.getState();
    act(() => typing.start({ chat_id: '50', channel_id: null, user_id: ME.id }, Date.now()));
    expect(status.textContent).toBe('');
    act(() => typing.start({ chat_id: '50', channel_id: null, user_id: ADA.id }, Date.now()));
    expect(status.textContent).toBe('Ada is typing…');
    act(() => typing.start({ chat_id: '50', channel_id: null, user_id: '3' }, Date.now()));
    expect(status.textContent).toBe('Ada and Bob are typing…');
    act(() => typing.start({ chat_id: '99', channel_id: null, user_id: '4' }, Date.now()));
    expect(status.textContent).toBe('Ada and Bob are typing…');
    act(() => {
      typing.start({ chat_id: '50', channel_id: null, user_id: '4' }, Date.now());
      typing.start({ chat_id: '50', channel_id: null, user_id: '5' }, Date.now());
    });
    expect(status.textContent).toBe('Several people are typing…');
    act(() => typing.expire(Date.now() + 60_000));
    expect(status.textContent).toBe('');
  });
});
