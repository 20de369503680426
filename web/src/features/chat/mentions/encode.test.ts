import type { Person } from '../hooks/useDirectory';
import { encodeMentions, labelFor } from './encode';

const p = (id: string, display_name: string, username: string): Person => ({ id, display_name, username, avatar_url: null });

describe('labelFor', () => {
  const ada = p('2', 'Ada Lovelace', 'ada');
  it('shows the display name when it is unique here', () => {
    expect(labelFor(ada, [ada, p('3', 'Bob', 'bob')])).toBe('@Ada Lovelace');
  });

  it('falls back to the (unique) username when the name is shared or empty', () => {
    expect(labelFor(ada, [ada, p('3', 'ada lovelace', 'other')])).toBe('@ada');
    expect(labelFor(p('4', '', 'quiet'), [])).toBe('@quiet');
  });
});

describe('encodeMentions', () => {
  const tracked = [
    { id: '2', label: '@Ada' },
    { id: '7', label: '@Ada Lovelace' },
  ];

  it('turns picked labels into the wire form, the longest label first', () => {
    expect(encodeMentions('hi @Ada Lovelace and @Ada!', tracked)).toBe('hi <@7> and <@2>!');
    expect(encodeMentions('@Ada', tracked)).toBe('<@2>');
  });

  it('leaves labels glued to words, edited labels and code alone', () => {
    expect(encodeMentions('x@Ada @Adam @Ad', tracked)).toBe('x@Ada @Adam @Ad');
    expect(encodeMentions('`@Ada` and\n```\n@Ada\n```\n(@Ada)', tracked)).toBe('`@Ada` and\n```\n@Ada\n```\n(<@2>)');
  });

  it('changes nothing without picked mentions', () => {
    expect(encodeMentions('@Ada', [])).toBe('@Ada');
  });
});
