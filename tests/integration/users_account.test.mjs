// Account deletion (self and superadmin), roles, invite-only registration and the public info
// and status routes (docs/api-files-admin.md).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, newUser, randomName } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer, waitFor } from '../support/server.mjs';
import { upload } from './files_helpers.mjs';
import { admin, connect } from './messaging_helpers.mjs';
import { PNG, uploadAvatar } from './users_helpers.mjs';

const { test } = useServer();

test('deleting my account removes sessions, tokens, files and avatar but keeps messages and the name', async (t, srv) => {
  const { client: root } = await admin(srv.url);
  const { client, username, password } = await newUser(srv.url, 'del');
  const other = client.clone();
  const token = (await client.post('/api/auth/tokens', { name: 'bot' })).body.token;
  assert.ok(token);
  const file = (await upload(client, 'mine.txt', 'my bytes')).body;
  const avatar = (await uploadAvatar(client, 'me.png', PNG)).body.avatar_url;
  const socket = await connect(srv.url, client);
  const sent = await socket.timeout(10_000).emitWithAck('send_message', { channel: 'general', text: 'last words' });
  assert.equal(sent?.ok, true, JSON.stringify(sent));
  const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));

  assertError(await client.post('/api/account/delete', { password: 'not my password' }), 403, 'invalid_password');
  assertError(await client.post('/api/account/delete', {}), 400, 'invalid_password');
  assertError(await client.post('/api/account/delete', { password: 12 }), 400, 'invalid_password');
  assertOk(await client.whoami());

  assertOk(await client.post('/api/account/delete', { password }));
  await disconnected;
  // whoami answers anonymous callers with username null.
  assert.equal((await client.whoami()).body.username, null);
  assert.equal((await other.whoami()).body.username, null);
  assertError(await new Client(srv.url).get('/api/whoami', { token }), 401, 'invalid_token');
  assertError(await client.get('/api/settings'), 401, 'unauthorized');
  assertError(await new Client(srv.url).login(username, password), 401, 'invalid_credentials');
  assertError(await root.get(`/api/users/${username}`), 404, 'user_not_found');
  assert.deepEqual((await root.get(`/api/users/search?q=${username}`)).body.users, []);
  assert.equal((await new Client(srv.url).get(file.url)).status, 404);
  assert.equal(fs.existsSync(path.join(srv.dataDir, 'files', file.id)), false);
  assert.equal((await new Client(srv.url).get(avatar)).status, 404);

  const history = await root.get('/api/messages?channel=general');
  assert.equal(history.status, 200, history.text);
  const kept = JSON.stringify(history.body);
  assert.ok(kept.includes('last words') && kept.includes(username), 'messages keep their author name');

  // The name stays reserved, in any letter case.
  assertError(await new Client(srv.url).register(username.toUpperCase(), 'another long password'), 409, 'username_taken');
  assertError(await client.post('/api/account/delete', { password }), 401, 'unauthorized');
});

test('the last superadmin cannot delete itself or step down', async (t, srv) => {
  const { client: root, username: rootName, password } = await admin(srv.url);
  assertError(await root.post('/api/account/delete', { password }), 409, 'last_superadmin');
  assertError(await root.del(`/api/admin/users/${rootName}`), 409, 'last_superadmin');
  assertError(await root.post(`/api/admin/users/${rootName}/role`, { role: 'admin' }), 409, 'last_superadmin');
  assertOk(await root.whoami());
});

test('role matrix for deleting users and setting roles', async (t, srv) => {
  const { client: root, username: rootName } = await admin(srv.url);
  const { client: adminClient, username: adminName } = await newUser(srv.url, 'adm2');
  const { client: plain, username: plainName } = await newUser(srv.url, 'plain');
  const { username: victim } = await newUser(srv.url, 'vict');

  const promoted = await root.post(`/api/admin/users/${adminName}/role`, { role: 'admin' });
  assertOk(promoted);
  assert.deepEqual(Object.keys(promoted.body.user).sort(), ['banned', 'created_at', 'id', 'role', 'username']);
  assert.equal(promoted.body.user.role, 'admin');

  assertError(await plain.del(`/api/admin/users/${victim}`), 403, 'admin_required');
  assertError(await plain.post(`/api/admin/users/${victim}/role`, { role: 'admin' }), 403, 'admin_required');
  assertError(await adminClient.del(`/api/admin/users/${victim}`), 403, 'superadmin_required');
  assertError(await adminClient.post(`/api/admin/users/${plainName}/role`, { role: 'admin' }), 403, 'superadmin_required');
  assertError(await adminClient.post(`/api/admin/users/${adminName}/role`, { role: 'superadmin' }), 403, 'superadmin_required');
  assertError(await new Client(srv.url).del(`/api/admin/users/${victim}`), 401, 'unauthorized');

  assertError(await root.post(`/api/admin/users/${plainName}/role`, { role: 'god' }), 400, 'invalid_role');
  assertError(await root.post(`/api/admin/users/${plainName}/role`, {}), 400, 'invalid_role');
  assertError(await root.post(`/api/admin/users/${plainName}/role`, 'nope'), 400, 'invalid_json');
  assertError(await root.post('/api/admin/users/nobody_xyz/role', { role: 'admin' }), 404, 'user_not_found');
  assertError(await root.del('/api/admin/users/nobody_xyz'), 404, 'user_not_found');

  assertOk(await root.del(`/api/admin/users/${victim}`));
  assertError(await root.del(`/api/admin/users/${victim}`), 404, 'user_not_found');

  // A second superadmin lets the first step down; then the demoted one is refused.
  assertOk(await root.post(`/api/admin/users/${adminName}/role`, { role: 'superadmin' }));
  assertOk(await root.post(`/api/admin/users/${rootName}/role`, { role: 'admin' }));
  assertError(await root.post(`/api/admin/users/${plainName}/role`, { role: 'admin' }), 403, 'superadmin_required');
  assertOk(await adminClient.post(`/api/admin/users/${rootName}/role`, { role: 'superadmin' }));

  const audit = await root.get('/api/admin/audit');
  if (audit.status === 200) {
    const actions = audit.body.entries.map((e) => `${e.action}:${e.target}`);
    assert.ok(actions.includes(`user_delete:${victim}`), JSON.stringify(actions));
    assert.ok(actions.includes(`role_set:${adminName}`), JSON.stringify(actions));
  }
});

test('invite-only mode closes registration and public info says so', async (t, srv) => {
  const { client: root } = await admin(srv.url);
  const open = await new Client(srv.url).get('/api/public/info');
  assertOk(open);
  assert.deepEqual(Object.keys(open.body).sort(), ['ok', 'registration', 'site_name', 'version']);
  assert.equal(open.body.registration, 'open');
  assert.equal(open.body.site_name, 'Chatter');

  assertOk(await root.post('/api/admin/settings', { settings: { INVITE_ONLY_MODE: 1 } }));
  assert.equal((await new Client(srv.url).get('/api/public/info')).body.registration, 'invite_only');
  const refused = await new Client(srv.url).register(randomName('late'), 'a long enough password');
  assertError(refused, 403, 'registration_closed');
  assert.match(refused.body.error, /invite-only/);
  const status = await new Client(srv.url).get('/api/public/status');
  assertOk(status);
  assert.equal(status.body.features.registration, false);

  assertOk(await root.post('/api/admin/settings', { settings: { INVITE_ONLY_MODE: 0 } }));
  assert.equal((await new Client(srv.url).register(randomName('early'), 'a long enough password')).status, 201);
});

test('public status keeps its fields and adds users, online and features', async (t, srv) => {
  const { client } = await newUser(srv.url, 'stat');
  const socket = await connect(srv.url, client);
  const res = await waitFor(async () => {
    const r = await new Client(srv.url).get('/api/public/status');
    return r.body.online >= 1 ? r : null;
  }, { what: 'online count' });
  socket.close();
  for (const key of ['version', 'uptime_s', 'users', 'online', 'features']) {
    assert.ok(key in res.body, key);
  }
  assert.ok(res.body.users >= 1);
  for (const key of ['accounts', 'realtime', 'public_channels', 'dms', 'group_dms', 'files', 'avatars', 'registration']) {
    assert.equal(typeof res.body.features[key], 'boolean', key);
  }
});

test('wrong passwords to delete the account or change the password share the sign-in budget', async (t, srv) => {
  const { client, username, password } = await newUser(srv.url, 'guess');
  // The default budget is 5 failures per account per window.
  for (let i = 0; i < 3; i += 1) {
    assertError(await client.post('/api/account/delete', { password: `guess ${i}` }), 403, 'invalid_password');
  }
  assertError(
    await client.post('/api/auth/password', { current_password: 'guess 3', new_password: 'a new long password' }),
    403,
    'invalid_credentials',
  );
  assertError(await new Client(srv.url).login(username, 'guess 4'), 401, 'invalid_credentials');
  // Used up: even the right password is refused now, on every path, with the time to wait.
  const refused = await client.post('/api/account/delete', { password });
  assertError(refused, 429, 'rate_limited');
  assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After header');
  assertError(
    await client.post('/api/auth/password', { current_password: password, new_password: 'a new long password' }),
    429,
    'rate_limited',
  );
  assertError(await new Client(srv.url).login(username, password), 429, 'rate_limited');
  // Nothing was deleted or changed.
  assert.equal((await client.whoami()).body.username, username);
});
