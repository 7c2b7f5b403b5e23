// Direct messages: REST history/peers/settings, dm_send/dm_edit/dm_delete/dm_typing, the recipient
// rules, DM_ENABLED, and the admin DM log (GD_SAVE_DM_LOGS). docs/api-messaging.md.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import {
  ISO_Z,
  MESSAGE_FIELDS,
  admin,
  assertAccepted,
  assertRefused,
  call,
  connect,
  flush,
  nextEvent,
  record,
  setSettings,
} from './messaging_helpers.mjs';

const { test, url } = useServer();

const DM_FIELDS = ['from_user', 'to_user', ...MESSAGE_FIELDS];

test('dm_send reaches every tab of both users; history and peers are bare arrays', async () => {
  await admin(url());
  const a = await newUser(url(), 'dma');
  const b = await newUser(url(), 'dmb');
  const c = await newUser(url(), 'dmc');
  const sa = await connect(url(), a.client);
  const sa2 = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  const sc = await connect(url(), c.client);
  try {
    const strangers = record(sc, 'dm_new');
    const atB = nextEvent(sb, 'dm_new', (m) => m.text === 'hello b');
    const atA2 = nextEvent(sa2, 'dm_new', (m) => m.text === 'hello b');
    const ack = assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'hello b', attachment: null, reply_to: null }));
    const m = ack.message;
    for (const f of DM_FIELDS) assert.ok(f in m, `missing ${f}: ${JSON.stringify(m)}`);
    assert.equal(m.from_user, a.username);
    assert.equal(m.to_user, b.username);
    assert.match(m.created_at, ISO_Z);
    assert.deepEqual(await atB, m);
    assert.deepEqual(await atA2, m);
    await flush(sc);
    assert.equal(strangers.length, 0, 'a third user never sees the DM');

    const hist = await b.client.get(`/api/dm/messages?peer=${a.username}`);
    assert.equal(hist.status, 200);
    assert.ok(Array.isArray(hist.body), hist.text);
    assert.equal(hist.body.at(-1).id, m.id);
    for (const f of DM_FIELDS) assert.ok(f in hist.body[0], `history missing ${f}`);
    const peers = await a.client.get('/api/dm/peers');
    assert.deepEqual(peers.body, [b.username]);
    const none = await c.client.get(`/api/dm/messages?peer=${a.username}`);
    assert.deepEqual(none.body, [], "other people's conversations are not visible");

    const reply = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: 're', reply_to: m.id })).message;
    assert.equal(reply.reply_username, a.username);
    assert.equal(reply.reply_snippet, 'hello b');
    assertRefused(await call(sc, 'dm_send', { to: a.username, text: 'x', reply_to: m.id }), 'reply_not_found');
  } finally {
    for (const s of [sa, sa2, sb, sc]) s.close();
  }
});

test('DM paging, unknown peer, missing peer, unauthenticated', async () => {
  await admin(url());
  const a = await newUser(url(), 'dmp');
  const b = await newUser(url(), 'dmq');
  const sa = await connect(url(), a.client);
  const ids = [];
  try {
    for (let i = 0; i < 5; i++) {
      ids.push(assertAccepted(await call(sa, 'dm_send', { to: b.username, text: `n${i}` })).message.id);
    }
  } finally {
    sa.close();
  }
  const page = await a.client.get(`/api/dm/messages?peer=${b.username}&limit=2`);
  assert.deepEqual(page.body.map((m) => m.id), ids.slice(3));
  const older = await a.client.get(`/api/dm/messages?peer=${b.username}&limit=2&before=${ids[3]}`);
  assert.deepEqual(older.body.map((m) => m.id), ids.slice(1, 3));
  assertError(await a.client.get('/api/dm/messages?peer=ghost_nobody'), 404, 'user_not_found');
  assertError(await a.client.get('/api/dm/messages'), 400, 'missing_field');
  assertError(await new Client(url()).get('/api/dm/peers'), 401, 'unauthorized');
});

test('dm_send refusals: unknown user, self, empty/oversized text, wrong types, allow_dms nobody', async () => {
  await admin(url());
  const a = await newUser(url(), 'dmr');
  const b = await newUser(url(), 'dms');
  const sa = await connect(url(), a.client);
  try {
    assertRefused(await call(sa, 'dm_send', { to: 'ghost_nobody', text: 'x' }), 'user_not_found');
    assertRefused(await call(sa, 'dm_send', { to: a.username, text: 'x' }), 'dm_self');
    assertRefused(await call(sa, 'dm_send', { to: b.username, text: '' }), 'invalid_text');
    assertRefused(await call(sa, 'dm_send', { to: b.username, text: 'z'.repeat(4001) }), 'invalid_text');
    assertRefused(await call(sa, 'dm_send', { to: 7, text: 'x' }), 'invalid_field');
    assertRefused(await call(sa, 'dm_send', { text: 'x' }), 'missing_field');

    assert.equal((await b.client.get('/api/dm/settings')).body.allow_dms, 'everyone');
    assertError(await b.client.post('/api/dm/settings', { allow_dms: 'friends' }), 400, 'invalid_field');
    assertOk(await b.client.post('/api/dm/settings', { allow_dms: 'nobody' }));
    assertRefused(await call(sa, 'dm_send', { to: b.username, text: 'x' }), 'dms_not_accepted');
    assertRefused(await call(sa, 'dm_typing', { to: b.username }), 'dms_not_accepted');
    assertOk(await b.client.post('/api/dm/settings', { allow_dms: 'everyone' }));
    assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'now ok' }));
  } finally {
    sa.close();
  }
});

test('dm_edit / dm_delete by the author only; events to both', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'dme');
  const b = await newUser(url(), 'dmf');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  const sr = await connect(url(), root.client);
  try {
    const m = assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'v1' })).message;
    assertRefused(await call(sb, 'dm_edit', { id: m.id, text: 'v2' }), 'forbidden');
    assertRefused(await call(sr, 'dm_edit', { id: m.id, text: 'admin' }), 'message_not_found');
    const edited = nextEvent(sb, 'dm_edit', (p) => p.id === m.id);
    const ack = assertAccepted(await call(sa, 'dm_edit', { id: m.id, text: 'v2' }));
    assert.equal(ack.message.edited, 1);
    assert.equal((await edited).text, 'v2');
    assertRefused(await call(sb, 'dm_delete', { id: m.id }), 'forbidden');
    assertRefused(await call(sr, 'dm_delete', { id: m.id }), 'message_not_found');
    const deleted = nextEvent(sb, 'dm_delete', (p) => p.id === m.id);
    assertAccepted(await call(sa, 'dm_delete', { id: m.id }));
    assert.equal((await deleted).from_user, a.username);
    assertRefused(await call(sa, 'dm_delete', { id: m.id }), 'message_not_found');
  } finally {
    sa.close();
    sb.close();
    sr.close();
  }
});

test('dm_typing goes to the recipient as {from, to}', async () => {
  await admin(url());
  const a = await newUser(url(), 'dmt');
  const b = await newUser(url(), 'dmu');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  try {
    const typing = nextEvent(sb, 'dm_typing');
    assertAccepted(await call(sa, 'dm_typing', { to: b.username }));
    const ev = await typing;
    assert.equal(ev.from, a.username);
    assert.equal(ev.to, b.username);
    assert.equal(ev.typing, true);
    assertRefused(await call(sa, 'dm_typing', { to: 'ghost_nobody' }), 'user_not_found');
  } finally {
    sa.close();
    sb.close();
  }
});

test('DM_ENABLED off refuses sends with dm_disabled', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'dmd');
  const b = await newUser(url(), 'dmg');
  const sa = await connect(url(), a.client);
  try {
    await setSettings(root.client, { DM_ENABLED: 0 });
    assertRefused(await call(sa, 'dm_send', { to: b.username, text: 'x' }), 'dm_disabled');
    await setSettings(root.client, { DM_ENABLED: 1 });
    assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'x' }));
  } finally {
    sa.close();
  }
});

test('admin DM logs: admin only, 403 when GD_SAVE_DM_LOGS is 0, nothing logged meanwhile, reads audited', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'dml');
  const b = await newUser(url(), 'dmm');
  const sa = await connect(url(), a.client);
  try {
    const cfg = await a.client.get('/api/messaging/config');
    assert.equal(cfg.body.dm_logging, true, 'participants are told that DMs are logged');
    assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'logged one' }));
    assertError(await a.client.get(`/api/admin/dm_logs?peer=${b.username}`), 403, 'forbidden');
    const logs = await root.client.get(`/api/admin/dm_logs?peer=${b.username}`);
    assert.equal(logs.status, 200, logs.text);
    assert.ok(Array.isArray(logs.body));
    assert.deepEqual(Object.keys(logs.body[0]).sort(), ['created_at', 'from_user', 'id', 'text', 'to_user']);
    assert.equal(logs.body[0].text, 'logged one');
    assert.equal(logs.body[0].from_user, a.username);

    await setSettings(root.client, { GD_SAVE_DM_LOGS: 0 });
    assert.equal((await a.client.get('/api/messaging/config')).body.dm_logging, false);
    assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'private one' }));
    assertError(await root.client.get(`/api/admin/dm_logs?peer=${b.username}`), 403, 'dm_logs_disabled');
    await setSettings(root.client, { GD_SAVE_DM_LOGS: 1 });
    const again = await root.client.get(`/api/admin/dm_logs?peer=${b.username}`);
    assert.deepEqual(again.body.map((l) => l.text), ['logged one'], 'nothing was logged while off');
    assertError(await root.client.get('/api/admin/dm_logs?peer=ghost_nobody'), 404, 'user_not_found');
  } finally {
    sa.close();
  }
});
