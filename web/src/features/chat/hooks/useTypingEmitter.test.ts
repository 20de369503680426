import { createTypingEmitter, TYPING_REPEAT_MS } from './useTypingEmitter';

function setup(ref = { chat_id: '50' } as { chat_id?: string; channel_id?: string }) {
  let now = 1_000;
  const emit = vi.fn();
  const t = createTypingEmitter(emit, ref, () => now);
  return { t, emit, advance: (ms: number) => (now += ms) };
}

describe('createTypingEmitter', () => {
  it('starts once, repeats only after 5 s of typing, and stops once', () => {
    const { t, emit, advance } = setup();
    t.typed('h');
    t.typed('he');
    advance(TYPING_REPEAT_MS - 1);
    t.typed('hel');
    expect(emit.mock.calls).toEqual([['typing:start', { chat_id: '50' }]]);
    advance(1);
    t.typed('hell');
    expect(emit).toHaveBeenCalledTimes(2);
    t.stop();
    t.stop();
    expect(emit.mock.calls.at(-1)).toEqual(['typing:stop', { chat_id: '50' }]);
    expect(emit).toHaveBeenCalledTimes(3);
  });

  it('stops when the text is cleared and starts afresh after', () => {
    const { t, emit } = setup({ channel_id: '70', chat_id: '9' });
    t.typed('a');
    t.typed('  ');
    t.typed('b');
    expect(emit.mock.calls).toEqual([
      ['typing:start', { channel_id: '70' }],
      ['typing:stop', { channel_id: '70' }],
      ['typing:start', { channel_id: '70' }],
    ]);
  });

  it('sends no stop when it never started', () => {
    const { t, emit } = setup();
    t.typed('');
    t.stop();
    expect(emit).not.toHaveBeenCalled();
  });
});
