// Sessions (list, revoke) and password change. docs/api-auth-contract.md.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

const { test, url } = useServer();

const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** A user signed in twice: `a` (registration session) and `b` (a later login, other user agent). */
async function userWithTwoSessions(prefix) {
  const { client: a, username, password } = await newUser(url(), prefix, { userAgent: 'agent-A/1' });
  const b = new Client(url(), { userAgent: 'agent-B/1' });
  assertOk(await b.login(username, password));
  return { a, b, username, password };
}

async function listSessions(c) {
  const res = await c.get('/api/auth/sessions');
  assertOk(res);
  assert.ok(Array.isArray(res.body.sessions), `sessions must be an array: ${res.text}`);
  return res.body.sessions;
}

test('sessions list shows every session of the user with current: true on the caller\'s', async () => {
  const { a, b } = await userWithTwoSessions('list');
  const fromA = await listSessions(a);
  assert.equal(fromA.length, 2, `two sessions expected: ${JSON.stringify(fromA)}`);
  for (const s of fromA) {
    assert.ok(s.id !== undefined && s.id !== null, `session id missing: ${JSON.stringify(s)}`);
    for (const k of ['created_at', 'last_seen_at', 'expires_at']) {
      assert.match(String(s[k]), ISO_Z, `${k} must be ISO 8601 UTC with Z: ${JSON.stringify(s)}`);
    }
    assert.ok(Date.parse(s.expires_at) > Date.now(), `expires_at must be in the future: ${s.expires_at}`);
    assert.equal(typeof s.current, 'boolean');
    assert.ok('user_agent' in s && 'ip' in s, `user_agent and ip expected: ${JSON.stringify(s)}`);
    assert.equal(s.token, undefined, 'the session token must never be listed');
  }
  const currentA = fromA.filter((s) => s.current);
  assert.equal(currentA.length, 1, 'exactly one session is current');
  assert.equal(currentA[0].user_agent, 'agent-A/1');
  assert.equal(currentA[0].ip, '127.0.0.1');

  const fromB = await listSessions(b);
  const currentB = fromB.filter((s) => s.current);
  assert.equal(currentB.length, 1);
  assert.equal(currentB[0].user_agent, 'agent-B/1');
  assert.notEqual(String(currentB[0].id), String(currentA[0].id));

  // No cookie value appears anywhere in the listing.
  const raw = (await a.get('/api/auth/sessions')).text;
  assert.ok(!raw.includes(a.cookie) && !raw.includes(b.cookie), 'session tokens must not be listed');
});

test('sessions list only shows the caller\'s own sessions', async () => {
  const { client: x } = await newUser(url(), 'own1');
  const { client: y } = await newUser(url(), 'own2');
  const xs = await listSessions(x);
  const ys = await listSessions(y);
  assert.equal(xs.length, 1);
  assert.equal(ys.length, 1);
  assert.notEqual(String(xs[0].id), String(ys[0].id));
});

test('sessions list without signing in -> 401 unauthorized', async () => {
  assertError(await new Client(url()).get('/api/auth/sessions'), 401, 'unauthorized');
});

test('revoking another session logs that client out; the current one stays', async () => {
  const { a, b, username } = await userWithTwoSessions('revoke');
  const other = (await listSessions(a)).find((s) => !s.current);
  assert.ok(other);
  assertOk(await a.del(`/api/auth/sessions/${other.id}`));

  const wb = await b.whoami();
  assertOk(wb);
  assert.equal(wb.body.username, null, 'the revoked session must be signed out');
  assertError(await b.get('/api/auth/sessions'), 401, 'unauthorized');

  assert.equal((await a.whoami()).body.username, username);
  const left = await listSessions(a);
  assert.equal(left.length, 1);
  assert.equal(left[0].current, true);

  // Revoking it again: it no longer exists.
  assertError(await a.del(`/api/auth/sessions/${other.id}`), 404, 'not_found');
});

test('revoking someone else\'s session -> 404 not_found, and it stays valid', async () => {
  const { client: victim, username: victimName } = await newUser(url(), 'victim');
  const { client: attacker } = await newUser(url(), 'attacker');
  const [victimSession] = await listSessions(victim);
  assertError(await attacker.del(`/api/auth/sessions/${victimSession.id}`), 404, 'not_found');
  assert.equal((await victim.whoami()).body.username, victimName);
  assertError(await attacker.del('/api/auth/sessions/987654321'), 404, 'not_found');
});

test('revoking the current session signs the caller out', async () => {
  const { client: c } = await newUser(url(), 'self');
  const [mine] = await listSessions(c);
  assertOk(await c.del(`/api/auth/sessions/${mine.id}`));
  assert.equal((await c.whoami()).body.username, null);
});

test('password change revokes the other sessions, keeps the current one; the new password works', async () => {
  const { a, b, username, password } = await userWithTwoSessions('pwchange');
  const newPassword = randomPassword();
  const res = await a.post('/api/auth/password', { current_password: password, new_password: newPassword });
  assertOk(res);
  assert.equal(res.body.revoked_sessions, 1, `one other session was revoked: ${res.text}`);

  assert.equal((await a.whoami()).body.username, username, 'the current session stays signed in');
  assert.equal((await b.whoami()).body.username, null, 'the other session is revoked');

  assertError(await new Client(url()).login(username, password), 401, 'invalid_credentials');
  const fresh = new Client(url());
  assertOk(await fresh.login(username, newPassword));
  assert.equal((await fresh.whoami()).body.username, username);
});

test('password change with a wrong current password -> 403 invalid_credentials, nothing changes', async () => {
  const { a, b, username, password } = await userWithTwoSessions('pwwrong');
  const res = await a.post('/api/auth/password', { current_password: 'not-my-password', new_password: randomPassword() });
  assertError(res, 403, 'invalid_credentials');
  assert.equal((await b.whoami()).body.username, username, 'no session is revoked');
  assertOk(await new Client(url()).login(username, password));
});

test('password change to a weak password -> 400 weak_password', async () => {
  const { client: c, username, password } = await newUser(url(), 'pwweak');
  assertError(await c.post('/api/auth/password', { current_password: password, new_password: 'short' }), 400, 'weak_password');
  assertOk(await new Client(url()).login(username, password));
});

test('password change without signing in -> 401 unauthorized', async () => {
  const res = await new Client(url()).post('/api/auth/password', { current_password: 'whatever1', new_password: 'whatever2' });
  assertError(res, 401, 'unauthorized');
});

test('logout ends only the current session; the user\'s other sessions stay signed in', async () => {
  const { a, b, username } = await userWithTwoSessions('logout1');
  assertOk(await a.logout());
  assert.equal((await a.whoami()).body.username, null);
  assert.equal((await b.whoami()).body.username, username);
  assert.equal((await listSessions(b)).length, 1);
});
