// Account bans (sessions, API tokens and live sockets stop at once), timeouts (mute with the time
// left, survive a restart), and address bans behind a trusted proxy (docs/api-files-admin.md).

import assert from 'node:assert/strict';
import { Client, newUser, rawRequest } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { ADMIN_ARGS, roles, userWithRole } from './admin_helpers.mjs';
import { assertAccepted, assertRefused, call, connect, nextEvent } from './messaging_helpers.mjs';

const { test } = useServer({ args: [...ADMIN_ARGS, '--trusted-proxy', '127.0.0.1', '--trusted-proxy', '10.9.0.0/16'] });

function handshake(url, forwardedFor) {
  const headers = forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {};
  return rawRequest(url, { method: 'GET', path: '/socket.io/?EIO=4&transport=polling', headers });
}

test('a ban ends sessions, API tokens and live sockets at once; unban lets the user back', async (t, srv) => {
  const { admin } = await roles(srv.url);
  const target = await newUser(srv.url, 'ban');
  const token = await target.client.post('/api/auth/tokens', { name: 'bot' });
  assertOk(token, 201);
  const socket = await connect(srv.url, target.client);
  t.after(() => socket.close());
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));

  assertOk(await admin.client.post(`/api/admin/users/${target.username}/ban`, { reason: 'spam links' }));
  assert.equal(await gone, 'io server disconnect');
  assertError(await target.client.get('/api/auth/sessions'), 401, 'unauthorized');
  assertError(await new Client(srv.url).get('/api/auth/sessions', { token: token.body.token }), 401, 'invalid_token');
  const login = await new Client(srv.url).login(target.username, target.password);
  assertError(login, 403, 'banned');
  assert.match(login.body.error, /spam links/);
  await assert.rejects(connect(srv.url, target.client));

  const list = await admin.client.get(`/api/admin/users?q=${target.username}`);
  assert.equal(list.body.users[0].banned, true);
  assert.equal(list.body.users[0].ban_reason, 'spam links');
  assertError(await admin.client.post(`/api/admin/users/${target.username}/ban`, {}), 409, 'already_banned');

  assertOk(await admin.client.post(`/api/admin/users/${target.username}/unban`, {}));
  assertError(await admin.client.post(`/api/admin/users/${target.username}/unban`, {}), 409, 'not_banned');
  assertOk(await new Client(srv.url).login(target.username, target.password));
});

test('ban hierarchy: admins cannot ban admins or superadmins; nobody bans themselves', async (t, srv) => {
  const { root, admin } = await roles(srv.url);
  const other = await userWithRole(srv.url, 'admin');
  assertError(await admin.client.post(`/api/admin/users/${other.username}/ban`, {}), 403, 'superadmin_required');
  assertError(await admin.client.post(`/api/admin/users/${root.username}/ban`, {}), 403, 'cannot_moderate');
  assertError(await admin.client.post(`/api/admin/users/${admin.username}/ban`, {}), 403, 'cannot_moderate');
  assertError(await root.client.post(`/api/admin/users/${root.username}/ban`, {}), 403, 'cannot_moderate');
  assertError(await admin.client.post('/api/admin/users/nobody_here/ban', {}), 404, 'user_not_found');
  assertError(await admin.client.post(`/api/admin/users/${other.username}/ban`, { reason: 'x'.repeat(501) }), 400, 'invalid_reason');
  assertError(await admin.client.post(`/api/admin/users/${other.username}/ban`, { reason: 7 }), 400, 'invalid_field');
  assertOk(await root.client.post(`/api/admin/users/${other.username}/ban`, {}));
  assertError(await other.client.get('/api/auth/sessions'), 401, 'unauthorized');
});

test('a timeout mutes channel, DM and group sends with the time left, and can be lifted', async (t, srv) => {
  const { admin } = await roles(srv.url);
  const muted = await newUser(srv.url, 'mut');
  const friend = await newUser(srv.url, 'frd');
  const socket = await connect(srv.url, muted.client);
  t.after(() => socket.close());
  const notice = nextEvent(socket, 'timeout_set');

  for (const seconds of [-5, 0, 2592001, 'ten', 1.5]) {
    const bad = await admin.client.post(`/api/admin/users/${muted.username}/timeout`, { seconds });
    assert.equal(bad.status, 400, `${seconds}: ${bad.text}`);
  }
  assertError(await admin.client.post(`/api/admin/users/${muted.username}/timeout`, {}), 400, 'missing_field');
  assertError(await admin.client.post('/api/admin/users/nobody_here/timeout', { seconds: 60 }), 404, 'user_not_found');
  const other = await userWithRole(srv.url, 'admin');
  assertError(await admin.client.post(`/api/admin/users/${other.username}/timeout`, { seconds: 60 }), 403, 'superadmin_required');

  const set = await admin.client.post(`/api/admin/users/${muted.username}/timeout`, { seconds: 3600, reason: 'cool off' });
  assertOk(set);
  assert.ok(Date.parse(set.body.until) > Date.now() + 3500_000);
  assert.equal((await notice).reason, 'cool off');

  const channel = await call(socket, 'send_message', { channel: 'general', text: 'hello?' });
  assertRefused(channel, 'timed_out');
  assert.match(channel.error, /timed out for \d+ more seconds: cool off/);
  assert.ok(channel.retry_after > 3500 && channel.retry_after <= 3600);
  assertRefused(await call(socket, 'dm_send', { to: friend.username, text: 'psst' }), 'timed_out');
  const group = await muted.client.post('/api/gdm/threads', { name: 'g', members: [friend.username] });
  assertOk(group, 201);
  assertRefused(await call(socket, 'gdm_send', { thread_id: group.body.id, text: 'hi all' }), 'timed_out');

  assertOk(await admin.client.del(`/api/admin/users/${muted.username}/timeout`));
  assertError(await admin.client.del(`/api/admin/users/${muted.username}/timeout`), 404, 'timeout_not_found');
  assertAccepted(await call(socket, 'send_message', { channel: 'general', text: 'back' }));
});

test('address bans: bad input, loopback and own address refused, CIDR matches behind the proxy', async (t, srv) => {
  const { root, admin } = await roles(srv.url);
  const victim = await newUser(srv.url, 'vic');
  for (const address of ['10.0.0.0/33', 'example.com', '1.2.3.4:80', '', '::/129', '300.1.1.1']) {
    assertError(await admin.client.post('/api/admin/bans/addresses', { address }), 400, 'invalid_address');
  }
  assertError(await admin.client.post('/api/admin/bans/addresses', { address: '127.0.0.1' }), 400, 'address_refused');
  assertError(await admin.client.post('/api/admin/bans/addresses', { address: '::1' }), 400, 'address_refused');
  assertError(await admin.client.post('/api/admin/bans/addresses', {}), 400, 'missing_field');
  // The admin's own address, as the trusted proxy reports it.
  const own = await admin.client.post('/api/admin/bans/addresses', { address: '198.51.100.0/24' }, { headers: { 'X-Forwarded-For': '198.51.100.20' } });
  assertError(own, 400, 'address_refused');

  const made = await admin.client.post('/api/admin/bans/addresses', { address: '203.0.113.77/24', reason: 'abuse' });
  assertOk(made, 201);
  assert.equal(made.body.ban.network, '203.0.113.0/24');
  assertError(await admin.client.post('/api/admin/bans/addresses', { address: '203.0.113.0/24' }), 409, 'address_already_banned');
  const v6 = await root.client.post('/api/admin/bans/addresses', { address: '2001:db8::/32' });
  assertOk(v6, 201);

  const xff = (ip) => ({ headers: { 'X-Forwarded-For': ip } });
  const login = await new Client(srv.url).post('/api/auth/login', { username: victim.username, password: victim.password }, xff('203.0.113.5'));
  assertError(login, 403, 'address_banned');
  assertError(await new Client(srv.url).post('/api/auth/register', { username: 'fresh_one', password: 'long password' }, xff('2001:db8:1::9')), 403, 'address_banned');
  // The client wrote 203.0.113.5 itself; the proxy appended the real address: not banned.
  assertOk(await new Client(srv.url).post('/api/auth/login', { username: victim.username, password: victim.password }, xff('203.0.113.5, 192.0.2.4')));
  // Two trusted hops: the right-most untrusted entry is the client.
  assertError(await new Client(srv.url).post('/api/auth/login', { username: victim.username, password: victim.password }, xff('192.0.2.4, 203.0.113.5, 10.9.1.1')), 403, 'address_banned');

  const refused = await handshake(srv.url, '203.0.113.200');
  assert.equal(refused.status, 403);
  assert.match(refused.text, /banned/);
  assert.equal((await handshake(srv.url, '192.0.2.9')).status, 200);

  const list = await admin.client.get('/api/admin/bans/addresses');
  assertOk(list);
  const ban = list.body.bans.find((b) => b.network === '203.0.113.0/24');
  assert.equal(ban.reason, 'abuse');
  assert.equal(ban.created_by, admin.username);
  assertOk(await admin.client.del(`/api/admin/bans/addresses/${ban.id}`));
  assertError(await admin.client.del(`/api/admin/bans/addresses/${ban.id}`), 404, 'ban_not_found');
  assertError(await admin.client.del('/api/admin/bans/addresses/abc'), 404, 'not_found');
  assert.equal((await handshake(srv.url, '203.0.113.200')).status, 200);
  assertOk(await new Client(srv.url).post('/api/auth/login', { username: victim.username, password: victim.password }, xff('203.0.113.5')));
});

test('an address ban ends the live connections from that address, and only those', async (t, srv) => {
  const { admin } = await roles(srv.url);
  const inside = await newUser(srv.url, 'cin');
  const outside = await newUser(srv.url, 'cout');
  const banned = await connect(srv.url, inside.client, { 'X-Forwarded-For': '203.0.113.44' });
  const kept = await connect(srv.url, outside.client, { 'X-Forwarded-For': '192.0.2.50' });
  t.after(() => {
    banned.close();
    kept.close();
  });
  const gone = new Promise((resolve) => banned.once('disconnect', resolve));
  const made = await admin.client.post('/api/admin/bans/addresses', { address: '203.0.113.0/24', reason: 'flood' });
  assertOk(made, 201);
  assert.equal(await gone, 'io server disconnect');
  assert.equal(kept.connected, true);
  assertAccepted(await call(kept, 'send_message', { channel: 'general', text: 'still here' }));
  await assert.rejects(connect(srv.url, inside.client, { 'X-Forwarded-For': '203.0.113.44' }));
  assertOk(await admin.client.del(`/api/admin/bans/addresses/${made.body.ban.id}`));
});

// Last: the restart moves the server to a new port, which the memoised superadmin client does not follow.
test('a timeout survives a restart', async (t, srv) => {
  const { admin } = await roles(srv.url);
  const muted = await newUser(srv.url, 'rst');
  assertOk(await admin.client.post(`/api/admin/users/${muted.username}/timeout`, { seconds: 3600 }));
  await srv.restart();
  const client = new Client(srv.url);
  assertOk(await client.login(muted.username, muted.password));
  const socket = await connect(srv.url, client);
  t.after(() => socket.close());
  assertRefused(await call(socket, 'send_message', { channel: 'general', text: 'after restart' }), 'timed_out');
  const list = await (await relogin(srv.url, admin)).get(`/api/admin/users?q=${muted.username}`);
  assert.ok(Date.parse(list.body.users[0].timeout_until) > Date.now());
});

async function relogin(url, who) {
  const client = new Client(url);
  assertOk(await client.login(who.username, who.password));
  return client;
}
