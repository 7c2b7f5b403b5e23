// Presence under a burst (docs/api-messaging.md, Presence): each online/offline change goes to
// every connection, so a crowd arriving or leaving at once must not cost one event per change and
// per watcher. Past `--presence-burst` changes in a window, the rest arrive together in one
// `user_list_refresh` whose `online`/`offline` are lists. Nothing here depends on timing: every
// change is waited for, and only the number of events is asserted.
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';

import { newUser } from '../support/client.mjs';
import { useServer, waitFor } from '../support/server.mjs';

const CROWD = 12;
const { test } = useServer({ args: ['--presence-burst', '2', '--presence-window', '1000'] });

function connect(url, client) {
  const socket = io(url, {
    reconnection: false,
    forceNew: true,
    transports: ['websocket'],
    extraHeaders: { cookie: `chatter_session=${client.cookie}` },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The names a `user_list_refresh` field carries: one name or a batched list. */
const names = (field) => (typeof field === 'string' ? [field] : Array.isArray(field) ? field : []);

test('a crowd arriving and leaving at once costs a watcher a few events, and every change reaches it', async (t, srv) => {
  const watcher = await newUser(srv.url, 'watch');
  const crowd = [];
  for (let i = 0; i < CROWD; i += 1) crowd.push(await newUser(srv.url, 'crowd'));
  const usernames = crowd.map((u) => u.username);

  const watch = await connect(srv.url, watcher.client);
  const events = [];
  watch.on('user_list_refresh', (payload) => events.push(payload));
  const announced = (key) => new Set(events.flatMap((e) => names(e[key])));

  const sockets = await Promise.all(crowd.map((u) => connect(srv.url, u.client)));
  await waitFor(() => usernames.every((n) => announced('online').has(n)), { what: 'every arrival announced' });
  const arrivals = events.length;
  assert.ok(arrivals < CROWD, `${arrivals} events for ${CROWD} arrivals`);
  assert.ok(
    events.some((e) => Array.isArray(e.online) && e.online.length > 1),
    'a batched event lists several arrivals',
  );
  const online = await fetch(`${srv.url}/api/public/status`).then((r) => r.json());
  assert.equal(online.online, CROWD + 1);

  for (const socket of sockets) socket.close();
  await waitFor(() => usernames.every((n) => announced('offline').has(n)), { what: 'every departure announced' });
  assert.ok(events.length - arrivals < CROWD, `${events.length - arrivals} events for ${CROWD} departures`);
  assert.ok(!announced('offline').has(watcher.username), 'the watcher is still online');
  watch.close();
});
