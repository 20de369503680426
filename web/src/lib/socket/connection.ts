// What the UI shows about the real-time connection ("Reconnecting…" and the like), kept in a
// small Zustand store fed by the socket's own events.
import { createStore } from 'zustand/vanilla';

export type ConnectionState =
  | 'connecting' // first connect, nothing shown yet
  | 'connected'
  | 'reconnecting' // was connected; socket.io-client is retrying
  | 'signed-out'; // the server refused the session or ended it: sign in again

export interface ConnectionStore {
  state: ConnectionState;
  /** The last reconnect got every missed event back (connection state recovery). */
  recovered: boolean;
  /** Why the session ended, when state is "signed-out". */
  reason: string | null;
}

export function createConnectionStore() {
  return createStore<ConnectionStore>(() => ({ state: 'connecting', recovered: false, reason: null }));
}

/** The socket events this needs (socket.io-client's Socket provides them). */
export interface ConnectionSource {
  on(event: 'connect', fn: () => void): unknown;
  on(event: 'disconnect', fn: (reason: string) => void): unknown;
  on(event: 'connect_error', fn: (err: Error & { data?: { code?: string } }) => void): unknown;
  on(event: 'session:ended', fn: (payload: { reason: string }) => void): unknown;
  readonly recovered: boolean;
}

/** Keeps store in step with socket. */
export function trackConnection(socket: ConnectionSource, store: ReturnType<typeof createConnectionStore>) {
  socket.on('connect', () => {
    store.setState({ state: 'connected', recovered: socket.recovered, reason: null });
  });
  socket.on('disconnect', (reason) => {
    // "io client disconnect" is our own logout; the server ending the session is told apart
    // by session:ended, which comes first.
    if (store.getState().state === 'signed-out') return;
    store.setState({ state: reason === 'io client disconnect' ? 'signed-out' : 'reconnecting' });
  });
  socket.on('connect_error', (err) => {
    // A refused session will not get better by retrying: the client must sign in again.
    if (err.data?.code === 'unauthenticated') {
      store.setState({ state: 'signed-out', reason: err.message });
    } else if (store.getState().state === 'connected') {
      store.setState({ state: 'reconnecting' });
    }
  });
  socket.on('session:ended', (payload) => {
    store.setState({ state: 'signed-out', reason: payload.reason });
  });
}
