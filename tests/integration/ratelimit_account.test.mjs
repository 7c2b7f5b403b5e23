// Brute-force protection per account: --login-attempts-per-account 3.
// docs/api-auth-contract.md: after N failures for one account within the window, login answers
// 429 rate_limited with Retry-After, even for the right password.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, randomName, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

const LIMIT = 3;
const WINDOW_S = 300;
const { test, url } = useServer({
  // The address limit is raised: this file makes more than 20 failed logins from 127.0.0.1.
  args: [
    '--login-attempts-per-account', String(LIMIT),
    '--login-window', String(WINDOW_S),
    '--login-attempts-per-ip', '1000',
  ],
});

function assertRateLimited(res) {
  assertError(res, 429, 'rate_limited');
  const ra = res.headers['retry-after'];
  assert.ok(ra !== undefined, `429 must carry Retry-After: ${JSON.stringify(res.headers)}`);
  assert.match(String(ra), /^\d+$/, `Retry-After must be whole seconds: ${ra}`);
  assert.ok(Number(ra) >= 1 && Number(ra) <= WINDOW_S, `Retry-After must be within 1..${WINDOW_S}: ${ra}`);
}

test(`${LIMIT} failures lock the account: 429 with Retry-After, even for the right password`, async () => {
  const owner = new Client(url());
  const username = randomName('locked');
  const password = randomPassword();
  assertOk(await owner.register(username, password), 201);

  const attacker = new Client(url());
  for (let i = 1; i <= LIMIT; i++) {
    assertError(await attacker.login(username, `wrong-password-${i}`), 401, 'invalid_credentials');
  }
  assertRateLimited(await attacker.login(username, 'wrong-password-again'));

  const legit = new Client(url());
  const right = await legit.login(username, password);
  assertRateLimited(right);
  assert.equal(legit.cookie, undefined, 'a rate-limited login must not set a session cookie');
});

test('the lock applies to the account whatever the spelling of its name', async () => {
  const owner = new Client(url());
  const username = randomName('Spell');
  const password = randomPassword();
  assertOk(await owner.register(username, password), 201);
  const c = new Client(url());
  for (let i = 1; i <= LIMIT; i++) {
    assertError(await c.login(i % 2 ? username.toUpperCase() : username.toLowerCase(), `nope-${i}`), 401, 'invalid_credentials');
  }
  assertRateLimited(await c.login(username, password));
});

test('an existing session of a locked account keeps working', async () => {
  const owner = new Client(url());
  const username = randomName('session');
  const password = randomPassword();
  assertOk(await owner.register(username, password), 201);
  const c = new Client(url());
  for (let i = 0; i <= LIMIT; i++) await c.login(username, `bad-${i}`);
  assertRateLimited(await c.login(username, password));
  assert.equal((await owner.whoami()).body.username, username);
});

test('other accounts are not locked by failures against one account', async () => {
  const victim = randomName('victim');
  const other = randomName('other');
  const otherPassword = randomPassword();
  assertOk(await new Client(url()).register(victim, randomPassword()), 201);
  assertOk(await new Client(url()).register(other, otherPassword), 201);

  const c = new Client(url());
  for (let i = 0; i <= LIMIT; i++) await c.login(victim, `bad-${i}`);
  assertRateLimited(await c.login(victim, 'still-bad'));

  const d = new Client(url());
  const ok = await d.login(other, otherPassword);
  assertOk(ok);
  assert.equal(ok.body.username, other);
});

test('failures below the limit do not lock: the right password still signs in', async () => {
  const username = randomName('below');
  const password = randomPassword();
  assertOk(await new Client(url()).register(username, password), 201);
  const c = new Client(url());
  for (let i = 1; i < LIMIT; i++) {
    assertError(await c.login(username, `wrong-${i}`), 401, 'invalid_credentials');
  }
  assertOk(await c.login(username, password));
});
