// Durability: 1,000 acknowledged messages (public, DM and group, sent concurrently), then kill -9
// of the server right after the last ack, then restart on the same data directory: every
// acknowledged message is there. An ack is only sent after the message's transaction committed.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser } from '../support/client.mjs';
import { assertOk } from '../support/errors.mjs';
import { admin, assertAccepted, call, connect, setSettings } from './messaging_helpers.mjs';

const { test } = useServer();

/** Every id of a paged history endpoint (oldest-first pages, walking back with `before`). */
async function allIds(client, pathWithQuery, pick) {
  const ids = new Set();
  let before = null;
  for (;;) {
    const res = await client.get(`${pathWithQuery}&limit=100${before ? `&before=${before}` : ''}`);
    assert.equal(res.status, 200, res.text);
    const items = pick(res.body);
    if (items.length === 0) return ids;
    for (const m of items) ids.add(m.id);
    before = items[0].id;
  }
}

function reconnected(client, url) {
  const c = new Client(url);
  for (const [k, v] of client.cookies) c.cookies.set(k, v);
  return c;
}

test('1,000 acknowledged messages survive kill -9', async (t, srv) => {
  const url = srv.url;
  const root = await admin(url);
  await setSettings(root.client, { SEND_RATE_MAX: 0 });
  const a = await newUser(url, 'dur');
  const b = await newUser(url, 'dus');
  const g = await a.client.post('/api/gdm/threads', { name: 'Durable', members: [b.username] });
  assertOk(g, 201);
  const tid = g.body.id;

  const sockets = await Promise.all([connect(url, a.client), connect(url, a.client), connect(url, b.client)]);
  const acked = { public: [], dm: [], gdm: [] };
  const jobs = [];
  for (let i = 0; i < 1000; i++) {
    const s = sockets[i % sockets.length];
    const fromA = i % sockets.length !== 2;
    const kind = ['public', 'dm', 'gdm'][i % 3];
    const [event, payload] =
      kind === 'public'
        ? ['send_message', { channel: 'general', text: `p${i}` }]
        : kind === 'dm'
          ? ['dm_send', { to: fromA ? b.username : a.username, text: `d${i}` }]
          : ['gdm_send', { thread_id: tid, text: `g${i}` }];
    jobs.push(call(s, event, payload).then((ack) => acked[kind].push(assertAccepted(ack).message.id)));
  }
  await Promise.all(jobs);
  assert.equal(acked.public.length + acked.dm.length + acked.gdm.length, 1000);

  await srv.kill9();
  for (const s of sockets) s.close();
  await srv.restart();
  const c = reconnected(a.client, srv.url);

  const pub = await allIds(c, '/api/messages?channel=general', (body) => body.messages);
  const dms = await allIds(c, `/api/dm/messages?peer=${b.username}`, (body) => body);
  const gdm = await allIds(c, `/api/gdm/messages?tid=${tid}`, (body) => body);
  const missing = [
    ...acked.public.filter((id) => !pub.has(id)).map((id) => `public ${id}`),
    ...acked.dm.filter((id) => !dms.has(id)).map((id) => `dm ${id}`),
    ...acked.gdm.filter((id) => !gdm.has(id)).map((id) => `gdm ${id}`),
  ];
  assert.deepEqual(missing, [], `acknowledged but lost after kill -9: ${missing.length}`);
});
