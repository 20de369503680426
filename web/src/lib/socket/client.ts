// The one client for the real-time connection: a socket.io-client socket to the main
// namespace, signed in by the session cookie the browser sends with the handshake, plus
// acknowledged emits that resolve with the result or reject with words for the user.
import { io, type Socket } from 'socket.io-client';
import type { AckErrorBody } from './protocol';

export class SocketError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined; // seconds, for rate_limited

  constructor(body: AckErrorBody) {
    super(body.message);
    this.name = 'SocketError';
    this.code = body.code;
    this.field = body.field;
    this.retryAfter = body.retry_after;
  }
}

export const ACK_TIMEOUT_MS = 10_000;

const TIMED_OUT: AckErrorBody = {
  code: 'timeout',
  message: 'The server did not answer in time. Check your connection and try again.',
};

/** The part of a socket emitWithAck needs (socket.io-client's Socket has it). */
export interface AckEmitter {
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown };
}

function isAckError(v: unknown): v is { error: AckErrorBody } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = (v as { error: unknown }).error;
  return typeof e === 'object' && e !== null && typeof (e as AckErrorBody).code === 'string';
}

/**
 * Emits event with payload and waits for the server's acknowledgement. Resolves with the
 * result object; rejects with a SocketError (the server's refusal, or "timeout"). While the
 * socket is disconnected socket.io-client buffers the emit and sends it on reconnect; the
 * timeout still runs, so callers that retry must make the retry idempotent (message:send
 * does, with its nonce).
 */
export function emitWithAck<T>(
  socket: AckEmitter,
  event: string,
  payload: unknown,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, payload, (err: unknown, answer: unknown) => {
      if (err) reject(new SocketError(TIMED_OUT));
      else if (isAckError(answer)) reject(new SocketError(answer.error));
      else resolve(answer as T);
    });
  });
}

export interface ConnectOptions {
  /** Origin of the server; the page's own by default. */
  url?: string;
  /** For clients without the cookie (tests): the session token for the CONNECT payload. */
  token?: string;
  /** false: the caller calls socket.connect() itself, once its handlers are bound. */
  autoConnect?: boolean;
}

/** Opens the main-namespace socket. It reconnects by itself and recovers missed events. */
export function connectSocket(opts: ConnectOptions = {}): Socket {
  return io(opts.url ?? '', {
    withCredentials: true,
    autoConnect: opts.autoConnect ?? true,
    transports: ['websocket', 'polling'],
    ...(opts.token ? { auth: { token: opts.token } } : {}),
  });
}
