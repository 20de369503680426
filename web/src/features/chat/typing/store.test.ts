import { describe, expect, it } from 'vitest';
import { createTypingStore, TYPING_TTL_MS, typingText, typists } from './store';

const inChannel = (user_id: string) => ({ chat_id: 'z1', channel_id: 'c1', user_id });
const inDm = (user_id: string) => ({ chat_id: 'd1', channel_id: null, user_id });

describe('typing store', () => {
  it('tracks typists per conversation, without me, and stop removes one', () => {
    const store = createTypingStore();
    const t = 1000;
    store.getState().start(inChannel('a'), t);
    store.getState().start(inChannel('b'), t);
    store.getState().start(inChannel('me'), t);
    store.getState().start(inDm('a'), t);
    expect(typists(store.getState(), 'channel:c1', 'me', t)).toEqual(['a', 'b']);
    expect(typists(store.getState(), 'chat:d1', 'me', t)).toEqual(['a']);
    store.getState().stop(inChannel('a'));
    expect(typists(store.getState(), 'channel:c1', 'me', t)).toEqual(['b']);
    expect(typists(store.getState(), 'chat:d1', 'me', t)).toEqual(['a']);
    const before = store.getState().byConversation;
    store.getState().stop(inChannel('nobody'));
    expect(store.getState().byConversation).toBe(before);
  });

  it('expires 8 s after the last start, and a refresh extends it', () => {
    const store = createTypingStore();
    store.getState().start(inDm('a'), 0);
    store.getState().start(inDm('b'), 0);
    store.getState().start(inDm('b'), 5000); // refreshed
    expect(typists(store.getState(), 'chat:d1', 'me', TYPING_TTL_MS - 1)).toEqual(['a', 'b']);
    expect(typists(store.getState(), 'chat:d1', 'me', TYPING_TTL_MS)).toEqual(['b']);
    expect(store.getState().expire(TYPING_TTL_MS)).toBe(true);
    expect(Object.keys(store.getState().byConversation['chat:d1'] ?? {})).toEqual(['b']);
    expect(store.getState().expire(TYPING_TTL_MS + 1)).toBe(false);
    expect(store.getState().expire(5000 + TYPING_TTL_MS)).toBe(true);
    expect(store.getState().byConversation).toEqual({});
  });

  it('says who is typing in words', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Alice'])).toBe('Alice is typing…');
    expect(typingText(['Alice', 'Bob'])).toBe('Alice and Bob are typing…');
    expect(typingText(['Alice', 'Bob', 'Cy'])).toBe('Alice, Bob and Cy are typing…');
    expect(typingText(['Alice', 'Bob', 'Cy', 'Di', 'Ed'])).toBe('Alice, Bob and 3 others are typing…');
  });
});
