// Without --trusted-proxy, X-Forwarded-For is ignored: the TCP peer is the client address for
// address bans and for the sign-in rate limit per address (docs/api-files-admin.md).

import assert from 'node:assert/strict';
import { Client, newUser, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { superadmin } from './admin_helpers.mjs';

const { test } = useServer({
  args: ['--register-per-ip-per-hour', '10000', '--login-attempts-per-ip', '3', '--login-attempts-per-account', '100'],
});

test('a banned address in X-Forwarded-For is not believed without a trusted proxy', async (t, srv) => {
  const root = await superadmin(srv.url);
  const victim = await newUser(srv.url, 'nxf');
  assertOk(await root.client.post('/api/admin/bans/addresses', { address: '203.0.113.0/24' }), 201);
  const res = await new Client(srv.url).post(
    '/api/auth/login',
    { username: victim.username, password: victim.password },
    { headers: { 'X-Forwarded-For': '203.0.113.5' } },
  );
  assertOk(res);
});

test('the per-address sign-in limit counts the peer, whatever X-Forwarded-For says', async (t, srv) => {
  const victim = await newUser(srv.url, 'lim');
  for (let i = 0; i < 3; i++) {
    const res = await new Client(srv.url).post(
      '/api/auth/login',
      { username: victim.username, password: randomPassword() },
      { headers: { 'X-Forwarded-For': `198.51.100.${i}` } },
    );
    assertError(res, 401, 'invalid_credentials');
  }
  const limited = await new Client(srv.url).post(
    '/api/auth/login',
    { username: victim.username, password: victim.password },
    { headers: { 'X-Forwarded-For': '198.51.100.99' } },
  );
  assertError(limited, 429, 'rate_limited');
  assert.ok(Number(limited.headers['retry-after']) > 0);
});
