// Registration flood limit per client address (--register-per-ip-per-hour; the contract's
// register row lists 429 rate_limited).

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, randomName, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

const LIMIT = 3;
const { test, url } = useServer({ args: ['--register-per-ip-per-hour', String(LIMIT)] });
const made = [];

test(`more than ${LIMIT} registrations per hour from one address -> 429 rate_limited, nothing created`, async () => {
  for (let i = 0; i < LIMIT; i++) {
    const name = randomName(`flood${i}`);
    const password = randomPassword();
    assertOk(await new Client(url()).register(name, password), 201);
    made.push({ name, password });
  }
  const name = randomName('over');
  const password = randomPassword();
  const c = new Client(url());
  const res = await c.register(name, password);
  assertError(res, 429, 'rate_limited');
  assert.equal(c.cookie, undefined);
  const status = await new Client(url()).get('/api/public/status');
  assert.equal(status.body.users, LIMIT, 'the refused registration must not create an account');
  assertError(await new Client(url()).login(name, password), 401, 'invalid_credentials');
});

test('existing accounts can still sign in while registration is rate limited', async () => {
  assert.ok(made.length > 0, 'needs the accounts of the previous test');
  assertError(await new Client(url()).register(randomName('again'), randomPassword()), 429, 'rate_limited');
  const res = await new Client(url()).login(made[0].name, made[0].password);
  assertOk(res);
  assert.equal(res.body.username, made[0].name);
});
