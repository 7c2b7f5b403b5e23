// Concurrent requests against the account rules: one superadmin, unique names, brute-force
// limits and token caps must hold when requests arrive at the same time.
// (Limits raised where a test needs many registrations or failures from 127.0.0.1.)

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser, randomName, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

const ACCOUNT_LIMIT = 3;
const { test, url } = useServer({
  args: [
    '--register-per-ip-per-hour', '1000',
    '--login-attempts-per-ip', '1000',
    '--login-attempts-per-account', String(ACCOUNT_LIMIT),
  ],
});

test('concurrent first registrations on an empty database make exactly one superadmin', async () => {
  const n = 8;
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => new Client(url()).register(randomName(`first${i}`), randomPassword())),
  );
  for (const r of results) assertOk(r, 201);
  const roles = results.map((r) => r.body.role).sort();
  assert.deepEqual(roles, ['superadmin', ...Array(n - 1).fill('user')], `roles: ${roles}`);
  const status = await new Client(url()).get('/api/public/status');
  assert.equal(status.body.users, n);
});

test('concurrent registrations of one name (any case) create exactly one account', async () => {
  const name = randomName('Race');
  const spellings = [name, name.toLowerCase(), name.toUpperCase()];
  const before = (await new Client(url()).get('/api/public/status')).body.users;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => new Client(url()).register(spellings[i % 3], randomPassword())),
  );
  const created = results.filter((r) => r.status === 201);
  assert.equal(created.length, 1, `exactly one registration may win: ${results.map((r) => r.status)}`);
  for (const r of results.filter((x) => x.status !== 201)) assertError(r, 409, 'username_taken');
  const after = (await new Client(url()).get('/api/public/status')).body.users;
  assert.equal(after, before + 1);
});

test(`concurrent wrong passwords cannot get more than ${ACCOUNT_LIMIT} guesses past the account limit`, async () => {
  const { username, password } = await newUser(url(), 'burst');
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) => new Client(url()).login(username, `guess-number-${i}`)),
  );
  const statuses = results.map((r) => r.status);
  const judged = statuses.filter((s) => s === 401).length;
  assert.ok(judged <= ACCOUNT_LIMIT, `at most ${ACCOUNT_LIMIT} guesses may be checked, ${judged} were: ${statuses}`);
  for (const r of results) {
    if (r.status === 401) assertError(r, 401, 'invalid_credentials');
    else assertError(r, 429, 'rate_limited');
  }
  assertError(await new Client(url()).login(username, password), 429, 'rate_limited');
});

test('API tokens are capped (409 too_many_tokens), also under concurrent creation', async () => {
  // Find the cap sequentially.
  const { client: a } = await newUser(url(), 'capseq');
  let cap = 0;
  let refusal = null;
  for (let i = 0; i < 200; i++) {
    const r = await a.post('/api/auth/tokens', { name: `t${i}` });
    if (r.status === 201) {
      cap += 1;
      continue;
    }
    refusal = r;
    break;
  }
  assert.ok(refusal, 'no cap on API tokens after 200 creations');
  assertError(refusal, 409, 'too_many_tokens');
  assert.ok(cap >= 1);
  assert.equal((await a.get('/api/auth/tokens')).body.tokens.length, cap);

  // The same cap holds when the creations race.
  const { client: b } = await newUser(url(), 'capcon');
  const results = await Promise.all(
    Array.from({ length: cap + 10 }, (_, i) => b.post('/api/auth/tokens', { name: `c${i}` })),
  );
  const ok = results.filter((r) => r.status === 201).length;
  assert.equal(ok, cap, `concurrent creations made ${ok} tokens, the cap is ${cap}`);
  for (const r of results.filter((x) => x.status !== 201)) assertError(r, 409, 'too_many_tokens');
  assert.equal((await b.get('/api/auth/tokens')).body.tokens.length, cap);
});

test('many concurrent requests on one session all succeed and agree', async () => {
  const { client: c, username } = await newUser(url(), 'burstok');
  const results = await Promise.all(Array.from({ length: 40 }, () => c.whoami()));
  for (const r of results) {
    assertOk(r);
    assert.equal(r.body.username, username);
  }
});
