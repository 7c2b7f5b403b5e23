// Built-in slash commands (docs/api-files-admin.md, Commands): every command through the
// `command` Socket.IO event and through POST /api/command, with the same answers and the same
// permission checks as the matching REST routes. Only loopback is fetched (/file upload), allowed
// by --fetch-allow-host 127.0.0.1.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Client, newUser } from '../support/client.mjs';
import { assertError } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { useUpstream } from '../support/upstream.mjs';
import { upload } from './files_helpers.mjs';
import { admin, assertAccepted, assertRefused, call, connect, ISO_Z, nextEvent, record, flush, setSettings } from './messaging_helpers.mjs';

const PAYLOAD = crypto.randomBytes(2000);
const upstream = useUpstream((req, res) => {
  if (req.url === '/fetched.bin') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(PAYLOAD);
  } else {
    res.writeHead(404);
    res.end('no');
  }
});

const { test } = useServer({ args: ['--fetch-allow-host', '127.0.0.1'] });

const STATUS = { unknown_command: 400, invalid_command: 400, invalid_arguments: 400, file_not_found: 404 };

/** A signed-in user with a connected socket. */
async function member(url, prefix) {
  const user = await newUser(url, prefix);
  user.socket = await connect(url, user.client);
  return user;
}

/** Runs a command through the socket and through REST; asserts both agree and returns the ack. */
async function both(user, command, channel) {
  const payload = channel === undefined ? { command } : { command, channel };
  const ack = await call(user.socket, 'command', payload);
  const res = await user.client.post('/api/command', payload);
  if (ack.ok) {
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.ok, true);
    assert.equal(typeof ack.text, 'string');
    assert.equal(res.body.text.split('\n')[0].length > 0, true);
  } else {
    assertError(res, STATUS[ack.code] ?? res.status, ack.code);
    assert.equal(res.body.error, ack.error);
  }
  return { ack, rest: res.body };
}

async function refusedBoth(user, command, code, channel) {
  const { ack } = await both(user, command, channel);
  assertRefused(ack, code);
  return ack.error;
}

test('/help lists every built-in command with its usage; only the caller hears the answer', async (t, srv) => {
  await admin(srv.url);
  const alice = await member(srv.url, 'hlp');
  const bob = await member(srv.url, 'hlpb');
  const heardByBob = [];
  bob.socket.onAny((event, payload) => heardByBob.push({ event, payload }));
  const { ack, rest } = await both(alice, '/help');
  assertAccepted(ack);
  assert.deepEqual(rest, ack);
  const usages = ack.data.commands.map((c) => c.usage);
  for (const usage of [
    '/file upload <url>',
    '/file list',
    '/file delete <id>',
    '/file info <id>',
    '/user info <username>',
    '/user list',
    '/message send <channel> <text>',
    '/channel info',
    '/help',
  ]) {
    assert.ok(usages.includes(usage), `missing ${usage}`);
    assert.ok(ack.text.includes(usage), `help text lacks ${usage}`);
  }
  await flush(bob.socket);
  assert.deepEqual(heardByBob.filter((e) => e.event !== 'user_list_refresh'), []);
  alice.socket.close();
  bob.socket.close();
});

test('/file commands use the same owner checks as the REST routes', async (t, srv) => {
  await admin(srv.url);
  const alice = await member(srv.url, 'fa');
  const bob = await member(srv.url, 'fb');
  const empty = await both(alice, '/file list');
  assert.deepEqual(assertAccepted(empty.ack).data.files, []);
  assert.match(empty.ack.text, /no files/);

  const { body: f } = await upload(alice.client, 'notes.txt', 'hello');
  const listed = assertAccepted((await both(alice, '/file list')).ack);
  assert.deepEqual(listed.data.files.map((x) => x.id), [f.id]);
  assert.ok(listed.text.includes('notes.txt') && listed.text.includes(f.id));
  assert.match(listed.data.files[0].expires_at, ISO_Z);

  const info = assertAccepted((await both(alice, `/file info ${f.id}`)).ack);
  assert.equal(info.data.file.url, f.url);
  assert.equal(info.data.file.size, 5);

  // Someone else's file is invisible, exactly as on GET/DELETE /api/files/:id.
  await refusedBoth(bob, `/file info ${f.id}`, 'file_not_found');
  await refusedBoth(bob, `/file delete ${f.id}`, 'file_not_found');
  assertError(await bob.client.del(`/api/files/${f.id}`), 404, 'file_not_found');
  assert.equal((await alice.client.get(`/api/files/${f.id}`)).status, 200, 'bob must not have deleted it');
  await refusedBoth(alice, '/file info ../../etc/passwd', 'file_not_found');

  // Deleting through the socket; then both transports agree it is gone.
  assertAccepted(await call(alice.socket, 'command', { command: `/file delete "${f.id}"` }));
  assert.equal((await alice.client.get(`/api/files/${f.id}`)).status, 404);
  await refusedBoth(alice, `/file delete ${f.id}`, 'file_not_found');
  alice.socket.close();
  bob.socket.close();
});

test('an admin may inspect and delete anyone\'s file by command, as on REST', async (t, srv) => {
  const root = await admin(srv.url);
  root.socket ??= await connect(srv.url, root.client);
  const carol = await newUser(srv.url, 'fc');
  const { body: f } = await upload(carol.client, 'c.bin', 'c');
  assertAccepted(await call(root.socket, 'command', { command: `/file info ${f.id}` }));
  assertAccepted(await call(root.socket, 'command', { command: `/file delete ${f.id}` }));
  assert.equal((await carol.client.get(`/api/files/${f.id}`)).status, 404);
});

test('/file upload fetches a URL with the same address checks as upload-url', async (t, srv) => {
  await admin(srv.url);
  const alice = await member(srv.url, 'fu');
  const ack = assertAccepted(await call(alice.socket, 'command', { command: `/file upload ${upstream.origin()}/fetched.bin` }));
  assert.equal(ack.data.file.name, 'fetched.bin');
  assert.equal(ack.data.file.size, PAYLOAD.length);
  const dl = await new Client(srv.url).get(ack.data.file.url);
  assert.ok(dl.raw.equals(PAYLOAD));
  const rest = await alice.client.post('/api/command', { command: `/file upload ${upstream.origin()}/fetched.bin` });
  assert.equal(rest.status, 200, rest.text);
  assert.notEqual(rest.body.data.file.id, ack.data.file.id);

  await refusedBoth(alice, '/file upload http://10.0.0.1/x', 'address_refused');
  await refusedBoth(alice, '/file upload http://169.254.169.254/latest/meta-data', 'address_refused');
  await refusedBoth(alice, '/file upload ftp://example.org/x', 'invalid_url');
  await refusedBoth(alice, '/file upload', 'invalid_arguments');
  alice.socket.close();
});

test('/user info and /user list', async (t, srv) => {
  await admin(srv.url);
  const alice = await member(srv.url, 'ui');
  const offline = await newUser(srv.url, 'off');
  const me = assertAccepted((await both(alice, `/user info ${alice.username}`)).ack);
  assert.equal(me.data.username, alice.username);
  assert.equal(me.data.status, 'online');
  assert.equal(me.data.role, 'user');
  assert.match(me.data.created_at, ISO_Z);
  assert.equal(me.data.password_hash, undefined);
  const other = assertAccepted((await both(alice, `/user info ${offline.username}`)).ack);
  assert.equal(other.data.status, 'offline');
  await refusedBoth(alice, '/user info nobody-here-zz', 'user_not_found');
  await refusedBoth(alice, '/user info', 'invalid_arguments');
  await refusedBoth(alice, '/user info a b', 'invalid_arguments');

  const list = assertAccepted((await both(alice, '/user list')).ack);
  const names = list.data.users.map((u) => u.username);
  assert.ok(names.includes(alice.username));
  assert.ok(!names.includes(offline.username));
  const online = await alice.client.get('/api/users/online');
  assert.deepEqual(list.data.users, online.body.users);
  alice.socket.close();
});

test('/message send posts through the channel rules; /channel info describes the caller\'s channel', async (t, srv) => {
  const root = await admin(srv.url);
  const alice = await member(srv.url, 'ms');
  const watcher = await member(srv.url, 'mw');
  const seen = nextEvent(watcher.socket, 'new_message', (m) => m.username === alice.username);
  const sent = assertAccepted(await call(alice.socket, 'command', { command: '/message send general hello   "world"' }));
  const message = await seen;
  assert.equal(message.text, 'hello   "world"');
  assert.equal(message.channel, 'general');
  assert.equal(sent.data.message.id, message.id);
  const viaRest = await alice.client.post('/api/command', { command: '/message send "general" "two words"' });
  assert.equal(viaRest.status, 200, viaRest.text);
  assert.equal(viaRest.body.data.message.text, 'two words');

  await refusedBoth(alice, '/message send nowhere hi', 'channel_not_found');
  await refusedBoth(alice, '/message send general', 'invalid_arguments');
  // Announcement channels refuse non-admins, as send_message does.
  const news = await root.client.post('/api/channels', { name: 'news', announcements_only: true });
  assert.equal(news.status, 201, news.text);
  await refusedBoth(alice, '/message send news hi', 'announcements_only');

  const info = assertAccepted((await both(alice, '/channel info', 'general')).ack);
  assert.equal(info.data.name, 'general');
  assert.ok(info.data.members_online >= 2);
  assert.match(info.text, /#general/);
  assert.equal(typeof info.data.message_count, 'number');
  // A new channel counts from zero; the count and the last time follow what is posted in it.
  const fresh = await root.client.post('/api/channels', { name: 'fresh-info' });
  assert.equal(fresh.status, 201, fresh.text);
  const empty = assertAccepted((await both(alice, '/channel info', 'fresh-info')).ack);
  assert.equal(empty.data.message_count, 0);
  assert.equal(empty.data.last_message_at, null);
  assert.match(empty.text, /\n0 message\(s\)\.$/);
  assertAccepted(await call(alice.socket, 'command', { command: '/message send fresh-info one' }));
  const last = assertAccepted(await call(alice.socket, 'command', { command: '/message send fresh-info two' }));
  const counted = assertAccepted((await both(alice, '/channel info', 'fresh-info')).ack);
  assert.equal(counted.data.message_count, 2);
  assert.match(counted.data.last_message_at, ISO_Z);
  assert.equal(counted.data.last_message_at, last.data.message.created_at);
  assert.match(counted.text, /2 message\(s\), the last at /);
  await refusedBoth(alice, '/channel info', 'missing_channel');
  await refusedBoth(alice, '/channel info', 'channel_not_found', 'nowhere');
  alice.socket.close();
  watcher.socket.close();
});

test('bad command lines get clear sentences', async (t, srv) => {
  await admin(srv.url);
  const alice = await member(srv.url, 'bad');
  const unknown = await refusedBoth(alice, '/frobnicate now', 'unknown_command');
  assert.match(unknown, /\/help/);
  await refusedBoth(alice, '/file frobnicate', 'unknown_command');
  await refusedBoth(alice, '/', 'unknown_command');
  await refusedBoth(alice, 'help', 'invalid_command');
  await refusedBoth(alice, '/file info "unclosed', 'invalid_command');
  await refusedBoth(alice, `/message send general ${'x'.repeat(5000)}`, 'invalid_command');
  const usage = await refusedBoth(alice, '/file delete', 'invalid_arguments');
  assert.equal(usage, 'Usage: /file delete <id>');
  // Wrong shapes of the request itself.
  assertRefused(await call(alice.socket, 'command', { command: 5 }), 'invalid_field');
  assertRefused(await call(alice.socket, 'command', {}), 'missing_field');
  assertRefused(await call(alice.socket, 'command', '/help'), 'invalid_json');
  assertError(await alice.client.post('/api/command', '{"command": "/help"'), 400, 'invalid_json');
  assertError(await alice.client.post('/api/command', { command: ['/help'] }), 400, 'invalid_field');
  assertError(await new Client(srv.url).post('/api/command', { command: '/help' }), 401, 'unauthorized');
  alice.socket.close();
});

test('commands are rate-limited per user like messages', async (t, srv) => {
  const root = await admin(srv.url);
  await setSettings(root.client, { SEND_RATE_MAX: '3', SEND_RATE_WINDOW: '60' });
  const alice = await member(srv.url, 'rl');
  const bob = await member(srv.url, 'rlb');
  for (let i = 0; i < 3; i += 1) assertAccepted(await call(alice.socket, 'command', { command: '/help' }));
  const refused = await call(alice.socket, 'command', { command: '/help' });
  assertRefused(refused, 'rate_limited');
  assert.ok(refused.retry_after > 0);
  assertError(await alice.client.post('/api/command', { command: '/help' }), 429, 'rate_limited');
  assertAccepted(await call(bob.socket, 'command', { command: '/help' }));
  await setSettings(root.client, { SEND_RATE_MAX: '30', SEND_RATE_WINDOW: '10' });
  alice.socket.close();
  bob.socket.close();
});
