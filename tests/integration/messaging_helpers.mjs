// Shared helpers for the messaging integration tests (docs/api-messaging.md): an admin client,
// Socket.IO connections authenticated by the session cookie, acks and awaited events.

import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { newUser } from '../support/client.mjs';

export const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const WAIT_MS = 10_000;

/** The fields a message of every kind has (acks, events, history); each kind adds its own. */
export const MESSAGE_FIELDS = [
  'id',
  'text',
  'attachment',
  'created_at',
  'reply_to',
  'reply_username',
  'reply_snippet',
  'edited',
];

/**
 * The file's server gets its first account as superadmin: call `admin()` before creating other
 * users (it is memoised per server URL).
 */
const admins = new Map();
export function admin(url) {
  if (!admins.has(url)) admins.set(url, newUser(url, 'adm'));
  return admins.get(url);
}

/** A connected socket for a signed-in client (session cookie), or rejects with connect_error. */
export function connect(url, client, headers = {}) {
  const socket = io(url, {
    transports: ['websocket'],
    extraHeaders: { cookie: `chatter_session=${client.cookie}`, origin: url, ...headers },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), WAIT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

/** Emits with an ack callback and resolves with the ack's first argument. */
export function call(socket, event, payload) {
  return socket.timeout(WAIT_MS).emitWithAck(event, payload);
}

/** Asserts a refused ack with this code. */
export function assertRefused(ack, code) {
  assert.equal(ack?.ok, false, `expected a refusal ${code}: ${JSON.stringify(ack)}`);
  assert.equal(ack.code, code, `expected code ${code}: ${JSON.stringify(ack)}`);
  assert.equal(typeof ack.error, 'string');
  assert.ok(ack.error.length > 0);
}

/** Asserts an accepted ack and returns it. */
export function assertAccepted(ack) {
  assert.equal(ack?.ok, true, `expected ok: ${JSON.stringify(ack)}`);
  return ack;
}

/**
 * Resolves with the first `event` whose payload satisfies `match`. Start waiting BEFORE causing
 * the event. Events that do not match are ignored.
 */
export function nextEvent(socket, event, match = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} event arrived`));
    }, WAIT_MS);
    function handler(payload) {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    }
    socket.on(event, handler);
  });
}

/** Records every payload of `event` on `socket` into the returned array. */
export function record(socket, event) {
  const seen = [];
  socket.on(event, (payload) => seen.push(payload));
  return seen;
}

/** A round trip through the server on `socket`: events emitted before it have been delivered. */
export async function flush(socket) {
  // Emitted events and acks travel on the same ordered connection, so after an ack for a request
  // made later, any earlier fan-out to this socket has arrived.
  await call(socket, 'edit_message', { id: 0, text: 'x' });
}

/** Sets admin settings and asserts success. */
export async function setSettings(adminClient, settings) {
  const res = await adminClient.post('/api/admin/settings', { settings });
  assert.equal(res.status, 200, res.text);
  return res.body.settings;
}
