import type { Person } from '../hooks/useDirectory';
import { decodeMentions, mentionLabeler } from './decode';
import { encodeMentions } from './encode';

const p = (id: string, display_name: string, username: string): Person => ({ id, display_name, username, avatar_url: null });

const PEOPLE = [p('1', 'Me', 'me'), p('2', 'Ada', 'ada'), p('7', 'Ada Lovelace', 'countess'), p('8', 'ada', 'other')];
const label = mentionLabeler(PEOPLE, (id) => (id === '50' ? p('50', 'Former', 'former') : undefined));

function roundTrip(content: string) {
  const d = decodeMentions(content, label);
  expect(encodeMentions(d.text, d.tracked)).toBe(content);
  return d.text;
}

describe('mentionLabeler', () => {
  it('labels by the composer rules, and people only the directory knows', () => {
    expect(label('7')).toBe('@Ada Lovelace');
    expect(label('2')).toBe('@ada'); // "Ada" is shared with user 8
    expect(label('50')).toBe('@Former');
    expect(label('999')).toBeUndefined();
  });
});

describe('decodeMentions', () => {
  it('shows known mentions as labels and tracks them', () => {
    const d = decodeMentions('hi <@7> and <@1>, <@7>!', label);
    expect(d.text).toBe('hi @Ada Lovelace and @Me, @Ada Lovelace!');
    expect(d.tracked).toEqual([
      { id: '7', label: '@Ada Lovelace' },
      { id: '1', label: '@Me' },
    ]);
    expect(roundTrip('hi <@7> and <@1>, <@7>!')).toBe(d.text);
  });

  it('keeps unknown ids, code, escaped and malformed mentions as written', () => {
    expect(roundTrip('<@999> `<@7>` \\<@7> <@7x> <@>')).toBe('<@999> `<@7>` \\<@7> <@7x> <@>');
    expect(roundTrip('```\n<@7>\n```\n<@1>')).toBe('```\n<@7>\n```\n@Me');
  });

  it('keeps the raw form wherever the label would not come back as the same content', () => {
    // Glued to a word on either side.
    expect(roundTrip('x<@1> <@1>s <@1>')).toBe('x<@1> <@1>s @Me');
    // The label already typed as plain text would turn into a mention.
    expect(roundTrip('@Me said <@1>')).toBe('@Me said <@1>');
    // "@Ada" followed by " Lovelace" would come back as the other, longer label.
    const labels: Record<string, string> = { '2': '@Ada', '7': '@Ada Lovelace' };
    const d = decodeMentions('<@7> and <@2> Lovelace', (id) => labels[id]);
    expect(d.text).toBe('@Ada Lovelace and <@2> Lovelace');
    expect(encodeMentions(d.text, d.tracked)).toBe('<@7> and <@2> Lovelace');
  });

  it('changes nothing without mentions', () => {
    expect(decodeMentions('plain @Me', label)).toEqual({ text: 'plain @Me', tracked: [] });
  });
});
