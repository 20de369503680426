import { FREQUENT_KEY, loadFrequent, MAX_FREQUENT, rememberFrequent } from './frequent';

describe('frequently used emoji', () => {
  beforeEach(() => localStorage.clear());

  it('keeps the most recent first, once each, in localStorage', () => {
    rememberFrequent('👍');
    rememberFrequent('🎉');
    rememberFrequent('👍');
    expect(loadFrequent()).toEqual(['👍', '🎉']);
    expect(JSON.parse(localStorage.getItem(FREQUENT_KEY) ?? '[]')).toEqual(['👍', '🎉']);
  });

  it(`keeps at most ${MAX_FREQUENT}`, () => {
    const many = Array.from({ length: 20 }, (_, i) => String.fromCodePoint(0x1f600 + i));
    for (const e of many) rememberFrequent(e);
    const list = loadFrequent();
    expect(list).toHaveLength(MAX_FREQUENT);
    expect(list[0]).toBe(many[19]);
    expect(list).not.toContain(many[0]);
  });

  it('survives a corrupt stored value', () => {
    localStorage.setItem(FREQUENT_KEY, '{not json');
    expect(loadFrequent()).toEqual([]);
    expect(rememberFrequent('🔥')).toEqual(['🔥']);
  });
});
