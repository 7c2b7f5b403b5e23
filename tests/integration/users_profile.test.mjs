// Public profiles, user search and the caller's own settings (docs/api-files-admin.md).

import assert from 'node:assert/strict';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { admin, ISO_Z } from './messaging_helpers.mjs';

// The search test registers more accounts than the default per-address hourly limit.
const { test } = useServer({ args: ['--register-per-ip-per-hour', '1000'] });

test('a public profile has the documented shape and unknown users are 404', async (t, srv) => {
  await admin(srv.url);
  const { client, username } = await newUser(srv.url, 'prof');
  const { client: other } = await newUser(srv.url, 'look');
  assertOk(await client.post('/api/settings', { bio: 'I like trains', status: 'on a train' }));

  const res = await other.get(`/api/users/${username.toUpperCase()}`);
  assertOk(res);
  assert.deepEqual(Object.keys(res.body.user).sort(), ['avatar_url', 'bio', 'created_at', 'status', 'username']);
  assert.equal(res.body.user.username, username);
  assert.equal(res.body.user.bio, 'I like trains');
  assert.equal(res.body.user.status, 'on a train');
  assert.equal(res.body.user.avatar_url, null);
  assert.match(res.body.user.created_at, ISO_Z);
  assert.equal(res.body.user.email, undefined, 'a public profile never shows the e-mail address');

  assertError(await other.get('/api/users/nobody_here'), 404, 'user_not_found');
  assertError(await other.get(`/api/users/${'x'.repeat(200)}`), 404, 'user_not_found');
  assertError(await new Client(srv.url).get(`/api/users/${username}`), 401, 'unauthorized');
});

test('search is a case-insensitive prefix match of at most 20 users', async (t, srv) => {
  const { client } = await newUser(srv.url, 'srch');
  const prefix = `zq${Date.now().toString(36)}`;
  const created = [];
  for (let i = 0; i < 22; i += 1) {
    const name = `${prefix}_${String(i).padStart(2, '0')}`;
    assert.equal((await new Client(srv.url).register(name, 'a long enough password')).status, 201);
    created.push(name);
  }
  const res = await client.get(`/api/users/search?q=${prefix.toUpperCase()}`);
  assertOk(res);
  assert.equal(res.body.users.length, 20);
  assert.deepEqual(res.body.users.map((u) => u.username), created.slice(0, 20));
  assert.deepEqual(Object.keys(res.body.users[0]).sort(), ['avatar_url', 'status', 'username']);
  const one = await client.get(`/api/users/search?q=${prefix}_07`);
  assert.deepEqual(one.body.users.map((u) => u.username), [`${prefix}_07`]);
  assert.deepEqual((await client.get('/api/users/search?q=no_such_prefix_xyz')).body.users, []);

  assertError(await client.get('/api/users/search'), 400, 'invalid_query');
  assertError(await client.get('/api/users/search?q='), 400, 'invalid_query');
  assertError(await client.get(`/api/users/search?q=${'a'.repeat(33)}`), 400, 'invalid_query');
  assertError(await client.get('/api/users/search?q=%00a'), 400, 'invalid_query');
  assertError(await new Client(srv.url).get('/api/users/search?q=a'), 401, 'unauthorized');
});

test('settings: defaults, partial updates and every field', async (t, srv) => {
  const { client } = await newUser(srv.url, 'set');
  const first = await client.get('/api/settings');
  assertOk(first);
  assert.deepEqual(first.body.settings, {
    theme: 'system',
    bio: '',
    status: '',
    language: 'en',
    email: '',
    allow_dms: 'everyone',
    notifications: { mentions: true, dms: true, sounds: true },
  });
  const changed = await client.post('/api/settings', {
    theme: 'dark',
    language: 'pt-BR',
    email: 'me@example.org',
    notifications: { sounds: false },
  });
  assertOk(changed);
  assert.equal(changed.body.settings.theme, 'dark');
  assert.equal(changed.body.settings.email, 'me@example.org');
  assert.deepEqual(changed.body.settings.notifications, { mentions: true, dms: true, sounds: false });
  const again = await client.get('/api/settings');
  assert.deepEqual(again.body.settings, changed.body.settings);
  assertError(await new Client(srv.url).get('/api/settings'), 401, 'unauthorized');
});

test('settings: each invalid field is refused and nothing is stored', async (t, srv) => {
  const { client } = await newUser(srv.url, 'bad');
  const before = (await client.get('/api/settings')).body.settings;
  const cases = [
    [{ theme: 'neon' }, 'invalid_theme'],
    [{ bio: 'x'.repeat(301) }, 'invalid_bio'],
    [{ bio: 42 }, 'invalid_bio'],
    [{ status: 's'.repeat(101) }, 'invalid_status'],
    [{ status: 'a\nb' }, 'invalid_status'],
    [{ language: 'x' }, 'invalid_language'],
    [{ language: 'de<script>' }, 'invalid_language'],
    [{ email: 'not an address' }, 'invalid_email'],
    [{ allow_dms: 'friends' }, 'invalid_allow_dms'],
    [{ notifications: { dms: 'yes' } }, 'invalid_notifications'],
    [{ notifications: [] }, 'invalid_notifications'],
    [{ favourite_colour: 'blue' }, 'unknown_field'],
    // A valid field beside an invalid one is not stored either.
    [{ theme: 'light', bio: 'ok', status: 'y'.repeat(101) }, 'invalid_status'],
  ];
  for (const [body, code] of cases) {
    assertError(await client.post('/api/settings', body), 400, code);
  }
  assertError(await client.post('/api/settings', '{"theme": '), 400, 'invalid_json');
  assertError(await client.post('/api/settings', '[1, 2]'), 400, 'invalid_json');
  assert.deepEqual((await client.get('/api/settings')).body.settings, before);
});

test('allow_dms is the messaging setting the DM rule reads', async (t, srv) => {
  const { client } = await newUser(srv.url, 'quiet');
  assertOk(await client.post('/api/settings', { allow_dms: 'nobody' }));
  assert.equal((await client.get('/api/dm/settings')).body.allow_dms, 'nobody');
  assertOk(await client.post('/api/dm/settings', { allow_dms: 'everyone' }));
  assert.equal((await client.get('/api/settings')).body.settings.allow_dms, 'everyone');
});
