// Brute-force protection per client address: --login-attempts-per-ip 4 (the per-account limit is
// raised so that only the address limit can trigger). docs/api-auth-contract.md "Brute force".

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, randomName, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

const LIMIT = 4;
const { test, url } = useServer({
  args: ['--login-attempts-per-ip', String(LIMIT), '--login-attempts-per-account', '100'],
});

test(`${LIMIT} failures from one address (different accounts) -> 429 with Retry-After, even for a right password`, async () => {
  const username = randomName('ipuser');
  const password = randomPassword();
  const owner = new Client(url());
  assertOk(await owner.register(username, password), 201);

  const c = new Client(url());
  // Each failure names a different (unknown) account, so no per-account limit is reached.
  for (let i = 1; i <= LIMIT; i++) {
    assertError(await c.login(randomName(`guess${i}`), 'not-the-password'), 401, 'invalid_credentials');
  }

  const blocked = await c.login(randomName('guess'), 'not-the-password');
  assertError(blocked, 429, 'rate_limited');

  const right = await new Client(url()).login(username, password);
  assertError(right, 429, 'rate_limited');
  const ra = right.headers['retry-after'];
  assert.match(String(ra), /^\d+$/, `Retry-After must be whole seconds: ${ra}`);
  assert.ok(Number(ra) >= 1, `Retry-After must be at least 1 second: ${ra}`);

  // Signed-in users are not affected.
  assert.equal((await owner.whoami()).body.username, username);
});

test('X-Forwarded-For from an untrusted peer does not escape the address limit', async () => {
  const username = randomName('xff');
  const password = randomPassword();
  // Registration is not a login; the account exists even while logins are blocked.
  assertOk(await new Client(url()).register(username, password), 201);
  const c = new Client(url());
  const res = await c.post(
    '/api/auth/login',
    { username, password },
    { headers: { 'X-Forwarded-For': '203.0.113.7', 'X-Real-IP': '203.0.113.7' } },
  );
  assertError(res, 429, 'rate_limited');
});
