// The one Socket.IO connection of the app, and a signal describing its state.
// The server may not speak Socket.IO yet (or be down): the client keeps retrying with
// back-off and shows "reconnecting"/"offline"; nothing here throws.
import { computed, signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';

export type ConnectionState = 'connected' | 'reconnecting' | 'offline';

/** Same origin, default path /socket.io/, session cookie sent with the handshake. */
export const socket: Socket = io({
  withCredentials: true,
  autoConnect: false,
  reconnection: true,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 10000,
  timeout: 10000,
});

const rawState = signal<ConnectionState>('offline');
const browserOnline = signal<boolean>(typeof navigator === 'undefined' ? true : navigator.onLine !== false);

/** What the UI shows: `connected`, `reconnecting` or `offline`. */
export const connectionState = computed<ConnectionState>(() =>
  browserOnline.value ? rawState.value : 'offline',
);

/** The last reason the connection failed, for a tooltip; null when connected. */
export const connectionDetail = signal<string | null>(null);

/** True while the user wants a connection (signed in); false after sign-out. */
let wanted = false;

socket.on('connect', () => {
  rawState.value = 'connected';
  connectionDetail.value = null;
});

socket.on('disconnect', (reason) => {
  connectionDetail.value = `Disconnected: ${reason}`;
  if (!wanted || reason === 'io client disconnect') {
    rawState.value = 'offline';
  } else if (reason === 'io server disconnect') {
    // The server closed the session on purpose; the client does not retry by itself.
    rawState.value = 'reconnecting';
    window.setTimeout(() => {
      if (wanted && !socket.connected) socket.connect();
    }, 5000);
  } else {
    rawState.value = 'reconnecting';
  }
});

socket.on('connect_error', (err: Error) => {
  connectionDetail.value = `Cannot connect: ${err?.message || 'unknown error'}`;
  // `active` is false when the server refused the connection (middleware error): no auto retry.
  rawState.value = wanted && socket.active ? 'reconnecting' : 'offline';
});

socket.io.on('reconnect_attempt', () => {
  if (wanted) rawState.value = 'reconnecting';
});

socket.io.on('reconnect_failed', () => {
  rawState.value = 'offline';
});

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    browserOnline.value = true;
    if (wanted && !socket.connected && !socket.active) socket.connect();
  });
  window.addEventListener('offline', () => {
    browserOnline.value = false;
  });
}

/** Open the connection (after sign-in). Safe to call repeatedly. */
export function connectSocket(): void {
  wanted = true;
  if (socket.connected || socket.active) return;
  rawState.value = 'reconnecting';
  try {
    socket.connect();
  } catch (err) {
    rawState.value = 'offline';
    connectionDetail.value = `Cannot connect: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Close the connection (on sign-out); it will not reconnect by itself. */
export function disconnectSocket(): void {
  wanted = false;
  try {
    socket.disconnect();
  } catch {
    // Already closed.
  }
  rawState.value = 'offline';
  connectionDetail.value = null;
}
