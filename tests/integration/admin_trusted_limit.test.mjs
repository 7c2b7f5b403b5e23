// Behind a trusted proxy the sign-in limit per address counts the forwarded client address, so one
// abusive client does not lock out everyone else behind the same proxy.

import { Client, newUser, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';

const { test } = useServer({
  args: [
    '--trusted-proxy', '127.0.0.1',
    '--register-per-ip-per-hour', '10000',
    '--login-attempts-per-ip', '3',
    '--login-attempts-per-account', '100',
  ],
});

test('failed sign-ins count per forwarded client address', async (t, srv) => {
  const victim = await newUser(srv.url, 'tpl');
  const from = (ip, password) =>
    new Client(srv.url).post('/api/auth/login', { username: victim.username, password }, { headers: { 'X-Forwarded-For': ip } });
  for (let i = 0; i < 3; i++) assertError(await from('198.51.100.7', randomPassword()), 401, 'invalid_credentials');
  assertError(await from('198.51.100.7', victim.password), 429, 'rate_limited');
  assertOk(await from('198.51.100.8', victim.password));
});
