// Chatter's main Socket.IO namespace (issue #3, "Chatter's use of it"): who may connect, user
// rooms, presence, and how refused events are answered. Uses the real socket.io-client.
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';

import { newUser } from '../support/client.mjs';
import { useServer, waitFor } from '../support/server.mjs';

const { test } = useServer();

function connect(url, opts = {}) {
  return io(url, { reconnection: false, forceNew: true, ...opts });
}

function connected(socket) {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function refused(socket) {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('socket was admitted')));
    socket.once('connect_error', resolve);
  });
}

function cookieHeader(client) {
  return `chatter_session=${client.cookie}`;
}

test('a socket without a session or token is refused with "unauthorized"', async (t, srv) => {
  for (const transports of [['polling'], ['websocket']]) {
    const socket = connect(srv.url, { transports });
    const error = await refused(socket);
    assert.equal(error.message, 'unauthorized');
    socket.close();
  }
});

test('a forged session cookie or API token is refused', async (t, srv) => {
  const forged = connect(srv.url, { transports: ['websocket'], extraHeaders: { cookie: 'chatter_session=nope' } });
  assert.equal((await refused(forged)).message, 'unauthorized');
  forged.close();
  const token = connect(srv.url, { transports: ['websocket'], auth: { token: 'x'.repeat(43) } });
  assert.equal((await refused(token)).message, 'unauthorized');
  token.close();
});

test('the session cookie admits a socket over polling, websocket and upgrade', async (t, srv) => {
  const { client } = await newUser(srv.url, 'sock');
  for (const transports of [['polling'], ['websocket'], ['polling', 'websocket']]) {
    const socket = await connected(connect(srv.url, { transports, extraHeaders: { cookie: cookieHeader(client) } }));
    assert.ok(socket.id, 'socket id');
    socket.close();
  }
});

test('an API token in auth.token admits a socket; a deleted token stops working', async (t, srv) => {
  const { client } = await newUser(srv.url, 'bot');
  const created = await client.post('/api/auth/tokens', { name: 'socket bot' });
  assert.equal(created.status, 201);
  const socket = await connected(connect(srv.url, { transports: ['websocket'], auth: { token: created.body.token } }));
  socket.close();
  assert.equal((await client.del(`/api/auth/tokens/${created.body.id}`)).status, 200);
  const again = connect(srv.url, { transports: ['websocket'], auth: { token: created.body.token } });
  assert.equal((await refused(again)).message, 'unauthorized');
  again.close();
});

test('a logged-out session cannot open new sockets', async (t, srv) => {
  const { client } = await newUser(srv.url, 'gone');
  const cookie = cookieHeader(client);
  assert.equal((await client.post('/api/auth/logout')).status, 200);
  const socket = connect(srv.url, { transports: ['websocket'], extraHeaders: { cookie } });
  assert.equal((await refused(socket)).message, 'unauthorized');
  socket.close();
});

test('a handshake from a foreign Origin is refused before any session exists', async (t, srv) => {
  const { client } = await newUser(srv.url, 'orig');
  const res = await fetch(`${srv.url}/socket.io/?EIO=4&transport=polling`, {
    headers: { cookie: cookieHeader(client), origin: 'http://evil.example' },
  });
  assert.equal(res.status, 403);
  const own = await fetch(`${srv.url}/socket.io/?EIO=4&transport=polling`, {
    headers: { cookie: cookieHeader(client), origin: srv.url },
  });
  assert.equal(own.status, 200);
  assert.match(await own.text(), /^0\{"sid":/);
});

test('presence: online until the last tab closes, announced with user_list_refresh', async (t, srv) => {
  const watcher = await newUser(srv.url, 'watch');
  const ann = await newUser(srv.url, 'ann');
  const watch = await connected(
    connect(srv.url, { transports: ['websocket'], extraHeaders: { cookie: cookieHeader(watcher.client) } }),
  );
  const events = [];
  watch.on('user_list_refresh', (payload) => events.push(payload));

  const tab1 = await connected(connect(srv.url, { transports: ['websocket'], extraHeaders: { cookie: cookieHeader(ann.client) } }));
  const tab2 = await connected(connect(srv.url, { transports: ['polling'], extraHeaders: { cookie: cookieHeader(ann.client) } }));
  await waitFor(() => events.some((e) => e.online === ann.username), { what: 'online event' });
  let status = (await fetch(`${srv.url}/api/public/status`).then((r) => r.json()));
  assert.equal(status.online, 2);

  tab1.close();
  // The user still has tab2: no offline event, still counted online.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(events.filter((e) => e.offline === ann.username).length, 0);
  status = await fetch(`${srv.url}/api/public/status`).then((r) => r.json());
  assert.equal(status.online, 2);

  tab2.close();
  await waitFor(() => events.some((e) => e.offline === ann.username), { what: 'offline event' });
  assert.equal(events.filter((e) => e.online === ann.username).length, 1, 'one online event for two tabs');
  watch.close();
});

test('many authenticated sockets at once are all admitted', async (t, srv) => {
  const { client } = await newUser(srv.url, 'many');
  const sockets = await Promise.all(
    Array.from({ length: 50 }, () =>
      connected(connect(srv.url, { transports: ['websocket'], extraHeaders: { cookie: cookieHeader(client) } })),
    ),
  );
  assert.equal(new Set(sockets.map((s) => s.id)).size, 50);
  for (const s of sockets) s.close();
});

test('a socket whose session was revoked cannot come back through state recovery', async (t, srv) => {
  const { client } = await newUser(srv.url, 'rev');
  const socket = await connected(
    io(srv.url, { transports: ['websocket'], extraHeaders: { cookie: cookieHeader(client) }, reconnectionDelay: 50 }),
  );
  assert.equal((await client.post('/api/auth/logout')).status, 200);
  const refusal = new Promise((resolve) => socket.once('connect_error', resolve));
  // Drop the transport: the client reconnects at once, presenting its recovery id.
  socket.io.engine.close();
  const error = await refusal;
  assert.equal(error.message, 'unauthorized');
  socket.close();
});
