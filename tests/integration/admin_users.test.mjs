// Admin user directory, account creation, password resets, the audit log and the overview, with
// the role matrix (user, admin, superadmin) and bad input (docs/api-files-admin.md, Admin).

import assert from 'node:assert/strict';
import { Client, newUser, randomName, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { ADMIN_ARGS, roles, userWithRole } from './admin_helpers.mjs';
import { assertAccepted, call, connect, ISO_Z } from './messaging_helpers.mjs';

const { test } = useServer({ args: ADMIN_ARGS });

test('every admin route refuses signed-out callers and plain users with a sentence', async (t, srv) => {
  const { user } = await roles(srv.url);
  const routes = [
    ['GET', '/api/admin/users'],
    ['POST', '/api/admin/users', { username: 'x1', password: 'long password' }],
    ['POST', '/api/admin/users/x1/password', { password: 'long password' }],
    ['POST', '/api/admin/users/x1/ban', {}],
    ['POST', '/api/admin/users/x1/unban', {}],
    ['POST', '/api/admin/users/x1/timeout', { seconds: 5 }],
    ['DELETE', '/api/admin/users/x1/timeout'],
    ['GET', '/api/admin/bans/addresses'],
    ['POST', '/api/admin/bans/addresses', { address: '203.0.113.1' }],
    ['DELETE', '/api/admin/bans/addresses/1'],
    ['GET', '/api/admin/audit'],
    ['GET', '/api/admin/overview'],
    ['POST', '/api/admin/alerts', { text: 'x' }],
    ['DELETE', '/api/admin/alerts/1'],
    ['POST', '/api/admin/system_message', { channel: 'general', text: 'x' }],
    ['GET', '/api/admin/reports'],
    ['POST', '/api/admin/reports/1/resolve', {}],
  ];
  for (const [method, path, body] of routes) {
    const anonymous = await new Client(srv.url).request(method, path, body);
    assertError(anonymous, 401, 'unauthorized');
    const res = await user.client.request(method, path, body);
    assertError(res, 403, 'admin_required');
    assert.match(res.body.error, /^Only administrators can /, `${method} ${path}`);
  }
  assertError(await new Client(srv.url).get('/api/alerts'), 401, 'unauthorized');
});

test('user list searches by prefix, pages and counts', async (t, srv) => {
  const { admin } = await roles(srv.url);
  const prefix = randomName('pg').slice(0, 8);
  for (let i = 0; i < 3; i++) await newUser(srv.url, `${prefix}${i}`);
  const all = await admin.client.get(`/api/admin/users?q=${prefix}`);
  assertOk(all);
  assert.equal(all.body.total, 3);
  assert.equal(all.body.users.length, 3);
  const u = all.body.users[0];
  assert.deepEqual(Object.keys(u).sort(), ['ban_reason', 'banned', 'created_at', 'id', 'role', 'system', 'timeout_until', 'username']);
  assert.equal(u.role, 'user');
  assert.equal(u.banned, false);
  assert.match(u.created_at, ISO_Z);
  const second = await admin.client.get(`/api/admin/users?q=${prefix.toUpperCase()}&limit=1&offset=1`);
  assert.equal(second.body.total, 3);
  assert.equal(second.body.users.length, 1);
  assert.equal(second.body.users[0].username, all.body.users[1].username);
  assertError(await admin.client.get('/api/admin/users?limit=0'), 400, 'invalid_query');
  assertError(await admin.client.get('/api/admin/users?limit=abc'), 400, 'invalid_query');
  assertError(await admin.client.get('/api/admin/users?offset=-3'), 400, 'invalid_query');
  assertError(await admin.client.get(`/api/admin/users?q=${'a'.repeat(33)}`), 400, 'invalid_query');
});

test('admins create users; only a superadmin creates administrators', async (t, srv) => {
  const { root, admin } = await roles(srv.url);
  const name = randomName('new');
  const password = randomPassword();
  const created = await admin.client.post('/api/admin/users', { username: name, password });
  assertOk(created, 201);
  assert.equal(created.body.user.username, name);
  assert.equal(created.body.user.role, 'user');
  assertOk(await new Client(srv.url).login(name, password));

  assertError(await admin.client.post('/api/admin/users', { username: randomName('a'), password, role: 'admin' }), 403, 'superadmin_required');
  assertError(await admin.client.post('/api/admin/users', { username: randomName('a'), password, role: 'superadmin' }), 403, 'superadmin_required');
  assertError(await admin.client.post('/api/admin/users', { username: name.toUpperCase(), password }), 409, 'username_taken');
  assertError(await admin.client.post('/api/admin/users', { username: 'System', password }), 400, 'invalid_username');
  assertError(await admin.client.post('/api/admin/users', { username: 'bad name!', password }), 400, 'invalid_username');
  assertError(await admin.client.post('/api/admin/users', { username: randomName('a'), password: 'short' }), 400, 'weak_password');
  assertError(await admin.client.post('/api/admin/users', { username: randomName('a'), password, role: 'king' }), 400, 'invalid_role');
  assertError(await admin.client.post('/api/admin/users', { username: 5, password }), 400, 'invalid_field');
  assertError(await admin.client.post('/api/admin/users', '{"username": '), 400, 'invalid_json');
  const madeAdmin = await root.client.post('/api/admin/users', { username: randomName('a'), password, role: 'admin' });
  assertOk(madeAdmin, 201);
  assert.equal(madeAdmin.body.user.role, 'admin');
});

test('a password reset revokes every session of the user; admins cannot reset admins', async (t, srv) => {
  const { root, admin, user } = await roles(srv.url);
  const otherTab = user.client.clone();
  const password = randomPassword();
  assertOk(await admin.client.post(`/api/admin/users/${user.username}/password`, { password }));
  assertError(await user.client.get('/api/auth/sessions'), 401, 'unauthorized');
  assertError(await otherTab.get('/api/auth/sessions'), 401, 'unauthorized');
  assertError(await new Client(srv.url).login(user.username, user.password), 401, 'invalid_credentials');
  assertOk(await new Client(srv.url).login(user.username, password));

  const other = await userWithRole(srv.url, 'admin');
  assertError(await admin.client.post(`/api/admin/users/${other.username}/password`, { password }), 403, 'superadmin_required');
  assertError(await admin.client.post(`/api/admin/users/${root.username}/password`, { password }), 403, 'superadmin_required');
  assertOk(await root.client.post(`/api/admin/users/${other.username}/password`, { password }));
  assertError(await admin.client.post('/api/admin/users/no_such_user/password', { password }), 404, 'user_not_found');
  assertError(await admin.client.post(`/api/admin/users/${user.username}/password`, { password: 'short' }), 400, 'weak_password');
  assertError(await admin.client.post(`/api/admin/users/${user.username}/password`, {}), 400, 'missing_field');
});

test('the audit log has one row per admin action, newest first, and pages', async (t, srv) => {
  const { admin } = await roles(srv.url);
  const target = await newUser(srv.url, 'aud');
  assertOk(await admin.client.post(`/api/admin/users/${target.username}/ban`, { reason: 'audit me' }));
  assertOk(await admin.client.post(`/api/admin/users/${target.username}/unban`, {}));
  const log = await admin.client.get('/api/admin/audit?limit=2');
  assertOk(log);
  assert.equal(log.body.entries.length, 2);
  const [unban, ban] = log.body.entries;
  assert.deepEqual(Object.keys(ban).sort(), ['action', 'actor', 'created_at', 'detail', 'id', 'target']);
  assert.equal(unban.action, 'unban');
  assert.equal(ban.action, 'ban');
  assert.equal(ban.actor, admin.username);
  assert.equal(ban.target, target.username);
  assert.deepEqual(ban.detail, { reason: 'audit me' });
  assert.match(ban.created_at, ISO_Z);
  const older = await admin.client.get(`/api/admin/audit?before=${ban.id}&limit=200`);
  assert.ok(older.body.entries.every((e) => e.id < ban.id));
  assert.ok(older.body.entries.some((e) => e.action === 'user_create'));
  assertError(await admin.client.get('/api/admin/audit?before=abc'), 400, 'invalid_query');
  assertError(await admin.client.get('/api/admin/audit?limit=201'), 400, 'invalid_query');
});

test('the overview counts users, messages per day and files', async (t, srv) => {
  const { admin, user } = await roles(srv.url);
  const before = await admin.client.get('/api/admin/overview');
  assertOk(before);
  for (const key of ['users', 'online', 'messages_today', 'files', 'storage_bytes']) {
    assert.equal(typeof before.body[key], 'number', key);
  }
  assert.equal(before.body.messages_per_day.length, 14);
  assert.match(before.body.messages_per_day[13].day, /^\d{4}-\d\d-\d\d$/);
  assert.equal(before.body.messages_per_day[13].count, before.body.messages_today);
  const socket = await connect(srv.url, user.client);
  t.after(() => socket.close());
  assertAccepted(await call(socket, 'send_message', { channel: 'general', text: 'counted' }));
  await newUser(srv.url, 'cnt');
  const after = await admin.client.get('/api/admin/overview');
  assert.equal(after.body.messages_today, before.body.messages_today + 1);
  assert.equal(after.body.users, before.body.users + 1);
});
