// The per-channel message stream (custom_join, custom_leave, custom_send → custom_message) and the
// `utils.storage` backend (/api/channels/custom/:id/storage/:key): who may join, send and store,
// delivery to every open copy, closing streams when access ends, and the size limits.

import assert from 'node:assert/strict';
import { newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import {
  ISO_Z,
  admin,
  assertAccepted,
  assertRefused,
  call,
  connect,
  nextEvent,
  record,
} from './messaging_helpers.mjs';
import { registerChannel, scriptServer } from './custom_channels_helpers.mjs';

const scripts = scriptServer({ '/c.js': 'window.ChatterCustomChannel = { name: "C" };' });
const server = useServer({ args: ['--fetch-allow-host', '127.0.0.1'] });

server.test('messages reach every open copy of the channel and nobody else', async (t, srv) => {
  const { client: adminClient } = await admin(srv.url);
  const { client: owner, username } = await newUser(srv.url, 'sm');
  const { client: other } = await newUser(srv.url, 'sn');
  const channel = await registerChannel(owner, `${scripts.origin()}/c.js`, 'Stream');
  const tab1 = await connect(srv.url, owner);
  const tab2 = await connect(srv.url, owner);
  const outsider = await connect(srv.url, other);
  const closed = await connect(srv.url, owner);
  t.after(() => [tab1, tab2, outsider, closed].forEach((s) => s.close()));

  const joined = assertAccepted(await call(tab1, 'custom_join', { channel_id: channel.id }));
  assert.equal(joined.channel.id, channel.id);
  assertAccepted(await call(tab2, 'custom_join', { channel_id: channel.id }));
  assertRefused(await call(outsider, 'custom_join', { channel_id: channel.id }), 'channel_not_found');
  const outsiderSeen = record(outsider, 'custom_message');
  const closedSeen = record(closed, 'custom_message');

  const atTab2 = nextEvent(tab2, 'custom_message');
  const atTab1 = nextEvent(tab1, 'custom_message');
  const ack = assertAccepted(await call(closed, 'custom_send', { channel_id: channel.id, text: 'hello <b>x</b>' }));
  assert.equal(ack.message.text, 'hello <b>x</b>');
  for (const message of [await atTab1, await atTab2]) {
    assert.deepEqual(Object.keys(message).sort(), ['channel_id', 'created_at', 'text', 'username']);
    assert.equal(message.channel_id, channel.id);
    assert.equal(message.username, username);
    assert.equal(message.text, 'hello <b>x</b>');
    assert.match(message.created_at, ISO_Z);
  }
  // Leaving stops delivery to that copy only.
  assertAccepted(await call(tab2, 'custom_leave', { channel_id: channel.id }));
  const tab2Seen = record(tab2, 'custom_message');
  const next = nextEvent(tab1, 'custom_message');
  assertAccepted(await call(tab1, 'custom_send', { channel_id: channel.id, text: 'second' }));
  assert.equal((await next).text, 'second');
  await call(tab2, 'custom_leave', { channel_id: channel.id });
  await call(outsider, 'custom_leave', { channel_id: channel.id });
  await call(closed, 'custom_leave', { channel_id: channel.id });
  assert.deepEqual(tab2Seen, []);
  assert.deepEqual(outsiderSeen, []);
  assert.deepEqual(closedSeen, [], 'a connection that never joined gets nothing');

  // Bad input and foreign senders.
  assertRefused(await call(outsider, 'custom_send', { channel_id: channel.id, text: 'x' }), 'channel_not_found');
  assertRefused(await call(tab1, 'custom_send', { channel_id: channel.id, text: '   ' }), 'invalid_text');
  assertRefused(await call(tab1, 'custom_send', { channel_id: channel.id, text: 'x'.repeat(4001) }), 'invalid_text');
  assertRefused(await call(tab1, 'custom_send', { channel_id: channel.id }), 'missing_field');
  assertRefused(await call(tab1, 'custom_send', { channel_id: 'abc', text: 'x' }), 'invalid_field');
  assertRefused(await call(tab1, 'custom_send', 'not an object'), 'invalid_json');
  assertRefused(await call(tab1, 'custom_join', { channel_id: 987654 }), 'channel_not_found');
  assertRefused(await call(tab1, 'custom_join', {}), 'missing_field');

  // A disabled channel refuses joins and sends.
  assertOk(await owner.post(`/api/channels/custom/${channel.id}/toggle`, { enabled: false }));
  assertRefused(await call(tab2, 'custom_join', { channel_id: channel.id }), 'channel_disabled');
  assertRefused(await call(tab1, 'custom_send', { channel_id: channel.id, text: 'x' }), 'channel_disabled');
  assertOk(await adminClient.post(`/api/channels/custom/${channel.id}/toggle`, { enabled: true }));
});

server.test('/message send <channel> <text> reaches a custom channel the caller may open', async (t, srv) => {
  await admin(srv.url);
  const { client: owner, username } = await newUser(srv.url, 'sc');
  const { client: other } = await newUser(srv.url, 'sd');
  const channel = await registerChannel(owner, `${scripts.origin()}/c.js`, 'My Plugin Room');
  const open = await connect(srv.url, owner);
  const sender = await connect(srv.url, owner);
  const outsider = await connect(srv.url, other);
  t.after(() => [open, sender, outsider].forEach((s) => s.close()));
  assertAccepted(await call(open, 'custom_join', { channel_id: channel.id }));
  const arrives = nextEvent(open, 'custom_message');
  const ack = assertAccepted(await call(sender, 'command', { command: '/message send "my plugin room" hello <i>there</i>' }));
  assert.match(ack.text, /My Plugin Room/);
  const message = await arrives;
  assert.equal(message.text, 'hello <i>there</i>');
  assert.equal(message.username, username);
  assert.equal(message.channel_id, channel.id);
  // Someone who may not see the channel gets the public channel's answer, not the custom one.
  assertRefused(await call(outsider, 'command', { command: '/message send "My Plugin Room" hi' }), 'channel_not_found');
  // A public channel keeps its name.
  const general = assertAccepted(await call(sender, 'command', { command: '/message send general public hello' }));
  assert.match(general.text, /general/);
});

server.test('unsharing or deleting a channel closes the streams of users who lost it', async (t, srv) => {
  const { client: adminClient } = await admin(srv.url);
  const { client: owner } = await newUser(srv.url, 'so');
  const { client: other, username: otherName } = await newUser(srv.url, 'sp');
  const channel = await registerChannel(owner, `${scripts.origin()}/c.js`, 'Shared stream');
  assertOk(await adminClient.post(`/api/channels/custom/${channel.id}/share`, { shared: true }));
  const ownerSocket = await connect(srv.url, owner);
  const otherSocket = await connect(srv.url, other);
  t.after(() => [ownerSocket, otherSocket].forEach((s) => s.close()));
  assertAccepted(await call(ownerSocket, 'custom_join', { channel_id: channel.id }));
  assertAccepted(await call(otherSocket, 'custom_join', { channel_id: channel.id }));
  const fromOther = nextEvent(ownerSocket, 'custom_message');
  assertAccepted(await call(otherSocket, 'custom_send', { channel_id: channel.id, text: 'shared hello' }));
  assert.equal((await fromOther).username, otherName);

  const closing = nextEvent(otherSocket, 'custom_channel_closed');
  assertOk(await adminClient.post(`/api/channels/custom/${channel.id}/share`, { shared: false }));
  assert.deepEqual(await closing, { channel_id: channel.id });
  const otherSeen = record(otherSocket, 'custom_message');
  const ownerGets = nextEvent(ownerSocket, 'custom_message');
  assertAccepted(await call(ownerSocket, 'custom_send', { channel_id: channel.id, text: 'owner only' }));
  assert.equal((await ownerGets).text, 'owner only');
  assertRefused(await call(otherSocket, 'custom_send', { channel_id: channel.id, text: 'x' }), 'channel_not_found');
  assert.deepEqual(otherSeen, []);

  const ownerClosed = nextEvent(ownerSocket, 'custom_channel_closed');
  assertOk(await owner.del(`/api/channels/custom/${channel.id}`));
  assert.deepEqual(await ownerClosed, { channel_id: channel.id });
});

server.test('utils.storage keeps JSON values per user and channel, within limits', async (t, srv) => {
  const { client: adminClient } = await admin(srv.url);
  const { client: owner } = await newUser(srv.url, 'st');
  const { client: other } = await newUser(srv.url, 'su');
  const channel = await registerChannel(owner, `${scripts.origin()}/c.js`, 'Store');
  const base = `/api/channels/custom/${channel.id}/storage`;
  assertError(await owner.get(`${base}/missing`), 404, 'key_not_found');
  const value = { list: [1, 'two', null], nested: { ok: true }, text: '<script>' };
  assertOk(await owner.put(`${base}/state`, { value }));
  const got = await owner.get(`${base}/state`);
  assertOk(got);
  assert.deepEqual(got.body.value, value);
  assert.equal(got.body.key, 'state');
  assertOk(await owner.put(`${base}/${encodeURIComponent('a key/with slash')}`, { value: 'plain' }));
  assert.equal((await owner.get(`${base}/${encodeURIComponent('a key/with slash')}`)).body.value, 'plain');
  assert.deepEqual((await owner.get(base)).body.keys, ['a key/with slash', 'state']);

  // Another user has their own values once the channel is shared with them; before, nothing.
  assertError(await other.get(`${base}/state`), 404, 'channel_not_found');
  assertOk(await adminClient.post(`/api/channels/custom/${channel.id}/share`, { shared: true }));
  assertError(await other.get(`${base}/state`), 404, 'key_not_found');
  assertOk(await other.put(`${base}/state`, { value: 'mine' }));
  assert.deepEqual((await owner.get(`${base}/state`)).body.value, value);

  // Limits and bad input.
  assertError(await owner.put(`${base}/${'k'.repeat(129)}`, { value: 1 }), 400, 'invalid_key');
  assertOk(await owner.put(`${base}/${'k'.repeat(128)}`, { value: 1 }));
  assertError(await owner.put(`${base}/big`, { value: 'x'.repeat(16 * 1024) }), 413, 'value_too_large');
  assertOk(await owner.put(`${base}/fits`, { value: 'x'.repeat(16 * 1024 - 2) }));
  assertError(await owner.put(`${base}/k`, {}), 400, 'missing_field');
  assertError(await owner.put(`${base}/k`, '{"value": '), 400, 'invalid_json');
  assertError(await owner.put(`${base}/${encodeURIComponent('ctl\u0001')}`, { value: 1 }), 400, 'invalid_key');
  for (let i = (await owner.get(base)).body.keys.length; i < 100; i += 1) {
    assertOk(await owner.put(`${base}/n${i}`, { value: i }));
  }
  assertError(await owner.put(`${base}/one-too-many`, { value: 1 }), 413, 'too_many_keys');
  assertOk(await owner.put(`${base}/state`, { value: 'replacing is fine' }));
  assertOk(await owner.del(`${base}/n99`));
  assertError(await owner.del(`${base}/n99`), 404, 'key_not_found');
  assertOk(await owner.put(`${base}/one-too-many`, { value: 1 }));

  // Values go with the channel.
  assertOk(await owner.del(`/api/channels/custom/${channel.id}`));
  assertError(await owner.get(`${base}/state`), 404, 'channel_not_found');
});
