import { describe, expect, it } from 'vitest';
import { type AckEmitter, emitWithAck, SocketError } from './client';
import { createConnectionStore, type ConnectionSource, trackConnection } from './connection';
import { conversationKey } from './protocol';

/** An emitter whose acknowledgement the test decides: answer(err, value). */
function fakeEmitter() {
  const sent: { event: string; payload: unknown; timeout: number }[] = [];
  let ack: ((err: unknown, answer?: unknown) => void) | undefined;
  const emitter: AckEmitter = {
    timeout: (ms) => ({
      emit: (event, payload, cb) => {
        sent.push({ event, payload, timeout: ms });
        ack = cb as typeof ack;
        return undefined;
      },
    }),
  };
  return { emitter, sent, answer: (err: unknown, value?: unknown) => ack?.(err, value) };
}

describe('emitWithAck', () => {
  it('resolves with the result object', async () => {
    const f = fakeEmitter();
    const p = emitWithAck<{ message: { id: string } }>(f.emitter, 'message:send', { chat_id: '1' });
    f.answer(null, { message: { id: '9' } });
    expect((await p).message.id).toBe('9');
    expect(f.sent).toEqual([{ event: 'message:send', payload: { chat_id: '1' }, timeout: 10000 }]);
  });

  it("rejects with the server's refusal, field and retry_after included", async () => {
    const f = fakeEmitter();
    const p = emitWithAck(f.emitter, 'message:send', {}, 500).catch((e: unknown) => e);
    f.answer(null, {
      error: { code: 'rate_limited', message: 'Too many messages.', retry_after: 3 },
    });
    const e = (await p) as SocketError;
    expect(e).toBeInstanceOf(SocketError);
    expect([e.code, e.message, e.retryAfter, e.field]).toEqual([
      'rate_limited',
      'Too many messages.',
      3,
      undefined,
    ]);
    expect(f.sent[0]?.timeout).toBe(500);
  });

  it('rejects with "timeout" when the server does not answer in time', async () => {
    const f = fakeEmitter();
    const p = emitWithAck(f.emitter, 'chat:read', {}).catch((e: unknown) => e);
    f.answer(new Error('operation has timed out'));
    expect(((await p) as SocketError).code).toBe('timeout');
  });
});

/** A socket stand-in that lets the test fire its events. */
function fakeSource() {
  const handlers = new Map<string, (...args: never[]) => void>();
  const src = {
    recovered: false,
    on(event: string, fn: (...args: never[]) => void) {
      handlers.set(event, fn);
      return src;
    },
    fire(event: string, ...args: unknown[]) {
      (handlers.get(event) as ((...a: unknown[]) => void) | undefined)?.(...args);
    },
  };
  return src;
}

describe('trackConnection', () => {
  it('connecting -> connected -> reconnecting -> connected (recovered)', () => {
    const store = createConnectionStore();
    const s = fakeSource();
    trackConnection(s as unknown as ConnectionSource, store);
    expect(store.getState().state).toBe('connecting');
    s.fire('connect');
    expect(store.getState()).toMatchObject({ state: 'connected', recovered: false });
    s.fire('disconnect', 'transport close');
    expect(store.getState().state).toBe('reconnecting');
    s.fire('connect_error', new Error('xhr poll error'));
    expect(store.getState().state).toBe('reconnecting');
    s.recovered = true;
    s.fire('connect');
    expect(store.getState()).toMatchObject({ state: 'connected', recovered: true });
  });

  it('a refused or ended session is "signed-out" and stays so', () => {
    const store = createConnectionStore();
    const s = fakeSource();
    trackConnection(s as unknown as ConnectionSource, store);
    s.fire('connect');
    s.fire('session:ended', { reason: 'revoked' });
    s.fire('disconnect', 'io server disconnect');
    expect(store.getState()).toMatchObject({ state: 'signed-out', reason: 'revoked' });

    const other = createConnectionStore();
    const t = fakeSource();
    trackConnection(t as unknown as ConnectionSource, other);
    t.fire('connect_error', Object.assign(new Error('Your session has ended.'), { data: { code: 'unauthenticated' } }));
    expect(other.getState()).toMatchObject({ state: 'signed-out', reason: 'Your session has ended.' });
  });
});

describe('conversationKey', () => {
  it('prefers the channel, else the chat', () => {
    expect(conversationKey({ chat_id: '1', channel_id: '2' })).toBe('channel:2');
    expect(conversationKey({ chat_id: '1', channel_id: null })).toBe('chat:1');
    expect(() => conversationKey({})).toThrow();
  });
});
