// Read markers and unread counts (docs/api-messaging.md, "Read markers"): POST /api/read moves a
// per-user marker forward only, GET /api/unread counts per conversation kind, and every tab of the
// reader hears `read_marker`.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { admin, assertAccepted, call, connect, flush, nextEvent, record } from './messaging_helpers.mjs';

const { test, url } = useServer();

/** A fresh channel so counts in `general` from other tests do not matter. */
async function newChannel(prefix) {
  const adm = await admin(url());
  const res = await adm.client.post('/api/channels', { name: `${prefix}${Date.now().toString(36)}` });
  assertOk(res, 201);
  return res.body.channel;
}

async function unread(client) {
  const res = await client.get('/api/unread');
  assertOk(res);
  assert.ok(Array.isArray(res.body.conversations), res.text);
  return res.body.conversations;
}

const find = (list, pred) => list.find(pred) ?? null;

test('unread counts per kind: others’ messages after the marker; marking read clears them', async () => {
  await admin(url());
  const a = await newUser(url(), 'ua');
  const b = await newUser(url(), 'ub');
  const c = await newUser(url(), 'uc');
  const channel = await newChannel('unr');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  try {
    const p1 = assertAccepted(await call(sb, 'send_message', { channel: channel.name, text: 'one' })).message;
    assertAccepted(await call(sa, 'send_message', { channel: channel.name, text: 'my own, not unread' }));
    const p3 = assertAccepted(await call(sb, 'send_message', { channel: channel.name, text: 'three' })).message;
    const d1 = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: 'dm one' })).message;
    const d2 = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: 'dm two' })).message;
    const g = await b.client.post('/api/gdm/threads', { name: 'Readers', members: [a.username, c.username] });
    assertOk(g, 201);
    const g1 = assertAccepted(await call(sb, 'gdm_send', { thread_id: g.body.id, text: 'group' })).message;

    let list = await unread(a.client);
    const ch = find(list, (x) => x.kind === 'channel' && x.id === channel.id);
    assert.deepEqual(ch, { kind: 'channel', id: channel.id, name: channel.name, last_read_id: 0, unread: 2, latest_id: p3.id });
    assert.deepEqual(find(list, (x) => x.kind === 'dm'), {
      kind: 'dm',
      peer: b.username,
      last_read_id: 0,
      unread: 2,
      latest_id: d2.id,
    });
    assert.deepEqual(find(list, (x) => x.kind === 'gdm'), {
      kind: 'gdm',
      thread_id: g.body.id,
      last_read_id: 0,
      unread: 1,
      latest_id: g1.id,
    });
    // b wrote all of it: nothing is unread for b in these conversations.
    const listB = await unread(b.client);
    assert.equal(find(listB, (x) => x.kind === 'channel' && x.id === channel.id)?.unread, 1, 'a’s one message');
    assert.equal(find(listB, (x) => x.kind === 'dm'), null);
    assert.equal(find(listB, (x) => x.kind === 'gdm'), null);

    let res = await a.client.post('/api/read', { kind: 'channel', name: channel.name, message_id: p1.id });
    assertOk(res);
    assert.equal(res.body.last_read_id, p1.id);
    assert.equal(res.body.unread, 1);
    res = await a.client.post('/api/read', { kind: 'dm', peer: b.username.toUpperCase(), message_id: d1.id });
    assertOk(res);
    assert.equal(res.body.peer, b.username);
    assert.equal(res.body.unread, 1);
    list = await unread(a.client);
    assert.equal(find(list, (x) => x.kind === 'channel' && x.id === channel.id).unread, 1);
    assert.equal(find(list, (x) => x.kind === 'dm').unread, 1);

    assertOk(await a.client.post('/api/read', { kind: 'channel', id: channel.id, message_id: p3.id }));
    assertOk(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: d2.id }));
    assertOk(await a.client.post('/api/read', { kind: 'gdm', thread_id: g.body.id, message_id: g1.id }));
    list = await unread(a.client);
    assert.equal(find(list, (x) => x.kind === 'channel' && x.id === channel.id), null);
    assert.equal(find(list, (x) => x.kind === 'dm'), null);
    assert.equal(find(list, (x) => x.kind === 'gdm'), null);

    // c never read the group: the message counts for c too, and a new one adds to it.
    assertAccepted(await call(sa, 'gdm_send', { thread_id: g.body.id, text: 'from a' }));
    assert.equal(find(await unread(c.client), (x) => x.kind === 'gdm').unread, 2);
    assert.equal(find(await unread(a.client), (x) => x.kind === 'gdm'), null, 'own message');
  } finally {
    sa.close();
    sb.close();
  }
});

test('markers never move backwards', async () => {
  await admin(url());
  const a = await newUser(url(), 'ma');
  const b = await newUser(url(), 'mb');
  const sb = await connect(url(), b.client);
  try {
    const first = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: '1' })).message;
    const second = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: '2' })).message;
    const third = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: '3' })).message;
    let res = await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: second.id });
    assertOk(res);
    assert.equal(res.body.last_read_id, second.id);
    assert.equal(res.body.unread, 1);
    res = await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: first.id });
    assertOk(res);
    assert.equal(res.body.last_read_id, second.id, 'an older id leaves the marker where it was');
    assert.equal(res.body.unread, 1);
    res = await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: third.id });
    assert.equal(res.body.last_read_id, third.id);
    assert.equal(res.body.unread, 0);
    // The newest message is deleted and the next one may get its id again: it is still unread,
    // and what was read before stays read.
    assertAccepted(await call(sb, 'dm_delete', { id: third.id }));
    const fourth = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: '4' })).message;
    const entry = find(await unread(a.client), (x) => x.kind === 'dm');
    assert.ok(entry, 'the new message is unread');
    assert.ok(entry.last_read_id >= second.id && entry.last_read_id < fourth.id, JSON.stringify(entry));
    assert.equal(entry.unread, 1);
    assert.equal(entry.latest_id, fourth.id);
  } finally {
    sb.close();
  }
});

test('read_marker reaches every tab of the reader and nobody else', async () => {
  await admin(url());
  const a = await newUser(url(), 'ta');
  const b = await newUser(url(), 'tb');
  const tab1 = await connect(url(), a.client);
  const tab2 = await connect(url(), a.client.clone());
  const sb = await connect(url(), b.client);
  try {
    const heardByB = record(sb, 'read_marker');
    const m = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: 'read me' })).message;
    const onTab2 = nextEvent(tab2, 'read_marker', (p) => p.kind === 'dm');
    const onTab1 = nextEvent(tab1, 'read_marker', (p) => p.kind === 'dm');
    assertOk(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: m.id }));
    const ev = await onTab2;
    assert.deepEqual(ev, { kind: 'dm', peer: b.username, last_read_id: m.id, unread: 0, latest_id: m.id });
    assert.deepEqual(await onTab1, ev);

    // The Socket.IO form does the same.
    const m2 = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: 'again' })).message;
    const again = nextEvent(tab2, 'read_marker', (p) => p.last_read_id === m2.id);
    const ack = assertAccepted(await call(tab1, 'mark_read', { kind: 'dm', peer: b.username, message_id: m2.id }));
    assert.equal(ack.last_read_id, m2.id);
    assert.equal((await again).unread, 0);
    await flush(sb);
    assert.deepEqual(heardByB, [], 'the other participant is not told what a read');
  } finally {
    for (const s of [tab1, tab2, sb]) s.close();
  }
});
