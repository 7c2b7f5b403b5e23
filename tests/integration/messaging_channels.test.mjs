// Public channels: admin management, history paging, send/edit/delete over Socket.IO, toggles.
// docs/api-messaging.md "Public channels" and "Message rules".

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import {
  ISO_Z,
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

test('general exists; GET /api/channels needs a session', async () => {
  const { client: root } = await admin(url());
  const res = await root.get('/api/channels');
  assertOk(res);
  const general = res.body.channels.find((c) => c.name === 'general');
  assert.ok(general, JSON.stringify(res.body));
  assert.equal(typeof general.id, 'number');
  assert.equal(general.announcements_only, false);
  assert.match(general.created_at, ISO_Z);
  assertError(await new Client(url()).get('/api/channels'), 401, 'unauthorized');
});

test('admins create, rename, set topic and delete channels; users get 403; everyone hears', async () => {
  const { client: root } = await admin(url());
  const { client: user } = await newUser(url(), 'chu');
  const sock = await connect(url(), user);
  try {
    assertError(await user.post('/api/channels', { name: 'nope' }), 403, 'forbidden');
    assertError(await root.post('/api/channels', { name: 'has space' }), 400, 'invalid_channel_name');
    assertError(await root.post('/api/channels', { name: 5 }), 400, 'invalid_field');

    const created = nextEvent(sock, 'channel_created', (p) => p.channel?.name === 'random');
    const res = await root.post('/api/channels', { name: 'Random', topic: 'anything' });
    assertOk(res, 201);
    assert.equal(res.body.channel.name, 'random');
    assert.equal(res.body.channel.topic, 'anything');
    const id = res.body.channel.id;
    assert.equal((await created).channel.id, id);
    assertError(await root.post('/api/channels', { name: 'random' }), 409, 'channel_exists');

    assertError(await user.post(`/api/channels/${id}`, { topic: 'mine' }), 403, 'forbidden');
    const updated = nextEvent(sock, 'channel_updated', (p) => p.channel?.id === id);
    const upd = await root.post(`/api/channels/${id}`, { name: 'offtopic', topic: 't2', announcements_only: true });
    assertOk(upd);
    assert.equal(upd.body.channel.name, 'offtopic');
    assert.equal(upd.body.channel.announcements_only, true);
    assert.equal((await updated).channel.topic, 't2');
    assertError(await root.post('/api/channels/999999', { topic: 'x' }), 404, 'channel_not_found');

    // Announcements-only channel: users refused, admins allowed.
    assertRefused(await call(sock, 'send_message', { channel: 'offtopic', text: 'hi' }), 'announcements_only');

    assertError(await user.del(`/api/channels/${id}`), 403, 'forbidden');
    const deleted = nextEvent(sock, 'channel_deleted', (p) => p.id === id);
    assertOk(await root.del(`/api/channels/${id}`));
    assert.equal((await deleted).name, 'offtopic');
    assertError(await root.del(`/api/channels/${id}`), 404, 'channel_not_found');
  } finally {
    sock.close();
  }
});

test('send_message: ack after commit, new_message to everyone with the documented fields', async () => {
  await admin(url());
  const a = await newUser(url(), 'cha');
  const b = await newUser(url(), 'chb');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  try {
    const text = '<img src=x onerror=alert(1)> **bold**';
    const heard = nextEvent(sb, 'new_message', (m) => m.text === text);
    const ack = assertAccepted(await call(sa, 'send_message', { channel: 'general', text }));
    const m = ack.message;
    assert.equal(m.text, text, 'stored as written, never rewritten');
    assert.equal(m.username, a.username);
    assert.equal(m.channel, 'general');
    assert.equal(typeof m.channel_id, 'number');
    assert.equal(m.attachment, null);
    assert.equal(m.reply_to, null);
    assert.equal(m.reply_username, null);
    assert.equal(m.reply_snippet, null);
    assert.equal(m.edited, 0);
    assert.match(m.created_at, ISO_Z);
    assert.deepEqual(await heard, m);

    // Committed: the history already has it.
    const hist = await b.client.get('/api/messages?channel=general');
    assertOk(hist);
    assert.equal(hist.body.messages.at(-1).id, m.id);

    const reply = assertAccepted(
      await call(sb, 'send_message', { channel: 'general', text: 'answer', reply_to: m.id }),
    ).message;
    assert.equal(reply.reply_to, m.id);
    assert.equal(reply.reply_username, a.username);
    assert.equal(reply.reply_snippet, text);
  } finally {
    sa.close();
    sb.close();
  }
});

test('send_message bad input: empty, oversized, wrong types, unknown channel, foreign reply', async () => {
  await admin(url());
  const a = await newUser(url(), 'chx');
  const s = await connect(url(), a.client);
  try {
    assertRefused(await call(s, 'send_message', { channel: 'general', text: '   ' }), 'invalid_text');
    assertRefused(await call(s, 'send_message', { channel: 'general', text: 'x'.repeat(4001) }), 'invalid_text');
    assertAccepted(await call(s, 'send_message', { channel: 'general', text: 'y'.repeat(4000) }));
    assertRefused(await call(s, 'send_message', { channel: 'general', text: 42 }), 'invalid_field');
    assertRefused(await call(s, 'send_message', { channel: 'general', text: 'x', reply_to: 'abc' }), 'invalid_field');
    assertRefused(await call(s, 'send_message', 'just a string'), 'invalid_json');
    assertRefused(await call(s, 'send_message', { channel: 'no-such', text: 'x' }), 'channel_not_found');
    assertRefused(await call(s, 'send_message', { channel: 'general', text: 'x', reply_to: 99999999 }), 'reply_not_found');
    assertRefused(
      await call(s, 'send_message', { channel: 'general', text: 'x', attachment: 'javascript:alert(1)' }),
      'invalid_attachment',
    );
  } finally {
    s.close();
  }
});

test('edit_message / delete_message: author or admin, events to everyone', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'che');
  const b = await newUser(url(), 'chf');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  const sr = await connect(url(), root.client);
  try {
    const m = assertAccepted(await call(sa, 'send_message', { channel: 'general', text: 'original' })).message;
    assertRefused(await call(sb, 'edit_message', { id: m.id, text: 'hacked' }), 'forbidden');
    assertRefused(await call(sa, 'edit_message', { id: m.id, text: '' }), 'invalid_text');
    assertRefused(await call(sa, 'edit_message', { id: 99999999, text: 'x' }), 'message_not_found');

    const edited = nextEvent(sb, 'message_edited', (p) => p.id === m.id);
    const ack = assertAccepted(await call(sa, 'edit_message', { id: m.id, text: 'fixed' }));
    assert.equal(ack.message.text, 'fixed');
    assert.equal(ack.message.edited, 1);
    const ev = await edited;
    assert.equal(ev.text, 'fixed');
    assert.equal(ev.edited_by, a.username);
    assert.match(ev.edited_at, ISO_Z);

    assertAccepted(await call(sr, 'edit_message', { id: m.id, text: 'moderated' }));
    assertRefused(await call(sb, 'delete_message', { id: m.id }), 'forbidden');
    const deleted = nextEvent(sb, 'message_deleted', (p) => p.id === m.id);
    assertAccepted(await call(sr, 'delete_message', { id: m.id }));
    assert.equal((await deleted).deleted_by, root.username);
    assertRefused(await call(sa, 'delete_message', { id: m.id }), 'message_not_found');

    const hist = await a.client.get('/api/messages?channel=general&limit=100');
    assert.ok(!hist.body.messages.some((x) => x.id === m.id));
  } finally {
    sa.close();
    sb.close();
    sr.close();
  }
});

test('toggles: PUBLIC_ENABLED, MAINTENANCE_MODE, ANNOUNCEMENTS_ONLY, MC_EDIT/DELETE_MESSAGES', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'cht');
  const sa = await connect(url(), a.client);
  const sr = await connect(url(), root.client);
  try {
    const mine = assertAccepted(await call(sa, 'send_message', { channel: 'general', text: 'before' })).message;
    await setSettings(root.client, { PUBLIC_ENABLED: 0 });
    assertRefused(await call(sa, 'send_message', { channel: 'general', text: 'x' }), 'public_disabled');
    await setSettings(root.client, { PUBLIC_ENABLED: 1, MAINTENANCE_MODE: 1 });
    assertRefused(await call(sa, 'send_message', { channel: 'general', text: 'x' }), 'maintenance');
    // Administrators still post during maintenance (docs/api-files-admin.md, Maintenance).
    assertAccepted(await call(sr, 'send_message', { channel: 'general', text: 'maintenance notice' }));
    assertAccepted(await call(sa, 'edit_message', { id: mine.id, text: 'edits still work' }));
    await setSettings(root.client, { MAINTENANCE_MODE: 0, ANNOUNCEMENTS_ONLY: 1 });
    assertRefused(await call(sa, 'send_message', { channel: 'general', text: 'x' }), 'announcements_only');
    assertAccepted(await call(sr, 'send_message', { channel: 'general', text: 'admin speaks' }));
    await setSettings(root.client, { ANNOUNCEMENTS_ONLY: 0, MC_EDIT_MESSAGES: 0, MC_DELETE_MESSAGES: 0 });
    assertRefused(await call(sr, 'edit_message', { id: mine.id, text: 'x' }), 'forbidden');
    assertRefused(await call(sr, 'delete_message', { id: mine.id }), 'forbidden');
    await setSettings(root.client, { MC_EDIT_MESSAGES: 1, MC_DELETE_MESSAGES: 1 });
    assertAccepted(await call(sa, 'send_message', { channel: 'general', text: 'after' }));
  } finally {
    sa.close();
    sr.close();
  }
});

test('per-user send rate: a clear refusal that says when to retry, other users unaffected', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'chr');
  const b = await newUser(url(), 'chq');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  try {
    await setSettings(root.client, { SEND_RATE_MAX: 2, SEND_RATE_WINDOW: 3600 });
    assertAccepted(await call(sa, 'send_message', { channel: 'general', text: '1' }));
    assertAccepted(await call(sa, 'dm_send', { to: b.username, text: '2' }));
    const refused = await call(sa, 'send_message', { channel: 'general', text: '3' });
    assertRefused(refused, 'rate_limited');
    assert.ok(Number.isInteger(refused.retry_after) && refused.retry_after > 0, JSON.stringify(refused));
    assertAccepted(await call(sb, 'send_message', { channel: 'general', text: 'b is fine' }));
  } finally {
    await setSettings(root.client, { SEND_RATE_MAX: 20, SEND_RATE_WINDOW: 10 });
    sa.close();
    sb.close();
  }
});

test('GET /api/messages pages newest first, oldest-first arrays, limit clamp and bad params', async () => {
  const root = await admin(url());
  const create = await root.client.post('/api/channels', { name: 'paging' });
  assertOk(create, 201);
  const s = await connect(url(), root.client);
  const ids = [];
  try {
    for (let i = 0; i < 7; i++) {
      ids.push(assertAccepted(await call(s, 'send_message', { channel: 'paging', text: `m${i}` })).message.id);
    }
  } finally {
    s.close();
  }
  const page = await root.client.get('/api/messages?channel=paging&limit=3');
  assertOk(page);
  assert.deepEqual(page.body.messages.map((m) => m.id), ids.slice(4));
  assert.equal(page.body.channel.name, 'paging');
  const older = await root.client.get(`/api/messages?channel=paging&before=${ids[4]}&limit=3`);
  assert.deepEqual(older.body.messages.map((m) => m.id), ids.slice(1, 4));
  const byId = await root.client.get(`/api/messages?channel=${create.body.channel.id}`);
  assert.equal(byId.body.messages.length, 7);
  const clamp = await root.client.get('/api/messages?channel=paging&limit=1000');
  assertOk(clamp);
  assertError(await root.client.get('/api/messages?channel=paging&limit=abc'), 400, 'invalid_field');
  assertError(await root.client.get('/api/messages?channel=paging&before=-3'), 400, 'invalid_field');
  assertError(await root.client.get('/api/messages?channel=nowhere'), 404, 'channel_not_found');
});

test('admin settings: admins only, known keys, validated values, defaults', async () => {
  const root = await admin(url());
  const { client: user } = await newUser(url(), 'chs');
  assertError(await user.get('/api/admin/settings'), 403, 'forbidden');
  assertError(await user.post('/api/admin/settings', { settings: { DM_ENABLED: 0 } }), 403, 'forbidden');
  const res = await root.client.get('/api/admin/settings');
  assertOk(res);
  for (const key of ['PUBLIC_ENABLED', 'DM_ENABLED', 'GDM_ENABLED', 'GD_SAVE_DM_LOGS', 'GD_LOCK_GROUP']) {
    assert.ok(['0', '1'].includes(res.body.settings[key]), `${key}: ${res.text}`);
  }
  assertError(await root.client.post('/api/admin/settings', { settings: { NOPE: 1 } }), 400, 'unknown_setting');
  assertError(await root.client.post('/api/admin/settings', { settings: { DM_ENABLED: 7 } }), 400, 'invalid_setting');
  assertError(await root.client.post('/api/admin/settings', { settings: 'x' }), 400, 'invalid_field');
  const cfg = await user.get('/api/messaging/config');
  assertOk(cfg);
  assert.equal(typeof cfg.body.dm_logging, 'boolean');
  assert.equal(typeof cfg.body.public_enabled, 'boolean');
});

test('GET /api/users/online lists connected users with a status', async () => {
  await admin(url());
  const a = await newUser(url(), 'onl');
  const s1 = await connect(url(), a.client);
  const s2 = await connect(url(), a.client);
  try {
    const res = await a.client.get('/api/users/online');
    assertOk(res);
    assert.deepEqual(
      res.body.users.find((u) => u.username === a.username),
      { username: a.username, status: 'online' },
    );
    const heard = record(s2, 'user_list_refresh');
    s1.close();
    await flush(s2);
    const still = await a.client.get('/api/users/online');
    assert.ok(still.body.users.some((u) => u.username === a.username), 'two tabs: still online after one closes');
    assert.ok(!heard.some((p) => p.offline === a.username));
  } finally {
    s1.close();
    s2.close();
  }
});
