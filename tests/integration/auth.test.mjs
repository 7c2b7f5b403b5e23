// Accounts: register / login / logout / whoami, roles, the session cookie, username uniqueness,
// wrong credentials. docs/api-auth-contract.md.
//
// Tests run in order on one fresh server; the first test must be the first registration.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, randomName, randomPassword, setCookies, SESSION_COOKIE } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

const { test, url } = useServer();

const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function sessionCookie(res) {
  const all = setCookies(res).filter((c) => c.name === SESSION_COOKIE);
  assert.equal(all.length, 1, `expected exactly one ${SESSION_COOKIE} Set-Cookie, got: ${JSON.stringify(res.headers['set-cookie'])}`);
  return all[0];
}

function assertSignedOut(res) {
  assertOk(res);
  assert.equal(res.body.username, null, `whoami must say username: null: ${res.text}`);
  assert.equal(res.body.role, null, `whoami must say role: null: ${res.text}`);
  assert.equal(res.body.id, null, `whoami must say id: null: ${res.text}`);
  assert.equal(res.body.auth, null, `whoami must say auth: null: ${res.text}`);
}

test('the first account on an empty database is superadmin, the second is user', async () => {
  const a = new Client(url());
  const first = randomName('first');
  const r1 = await a.register(first, randomPassword());
  assertOk(r1, 201);
  assert.equal(r1.body.username, first);
  assert.equal(r1.body.role, 'superadmin');
  const w1 = await a.whoami();
  assert.equal(w1.body.role, 'superadmin');

  const b = new Client(url());
  const second = randomName('second');
  const r2 = await b.register(second, randomPassword());
  assertOk(r2, 201);
  assert.equal(r2.body.username, second);
  assert.equal(r2.body.role, 'user');
  const w2 = await b.whoami();
  assert.equal(w2.body.role, 'user');
});

test('whoami without any credentials answers ok with all fields null', async () => {
  const c = new Client(url());
  assertSignedOut(await c.whoami());
});

test('register -> whoami -> logout -> whoami (null) -> login -> whoami', async () => {
  const c = new Client(url());
  const username = randomName('flow');
  const password = randomPassword();

  const reg = await c.register(username, password);
  assertOk(reg, 201);
  assert.deepEqual(
    { username: reg.body.username, role: reg.body.role },
    { username, role: 'user' },
  );
  assert.ok(c.cookie, 'register must set the session cookie');

  const w1 = await c.whoami();
  assertOk(w1);
  assert.equal(w1.body.username, username);
  assert.equal(w1.body.role, 'user');
  assert.equal(w1.body.auth, 'session');
  assert.ok(Number.isInteger(w1.body.id) && w1.body.id > 0, `id must be a positive integer: ${w1.text}`);
  const id = w1.body.id;

  const out = await c.logout();
  assertOk(out);
  assert.equal(c.cookie, undefined, 'logout must clear the cookie');

  assertSignedOut(await c.whoami());

  const login = await c.login(username, password);
  assertOk(login);
  assert.equal(login.body.username, username);
  assert.equal(login.body.role, 'user');
  assert.ok(c.cookie, 'login must set the session cookie');

  const w2 = await c.whoami();
  assertOk(w2);
  assert.equal(w2.body.username, username);
  assert.equal(w2.body.id, id, 'the same account has the same id after signing in again');
  assert.equal(w2.body.auth, 'session');
});

test('logout invalidates the session on the server, not only in the browser', async () => {
  const c = new Client(url());
  await c.register(randomName('replay'), randomPassword());
  const stolen = c.cookie;
  assert.ok(stolen);
  assertOk(await c.logout());

  const replay = new Client(url());
  replay.cookie = stolen;
  assertSignedOut(await replay.whoami());
  assertError(await replay.get('/api/auth/sessions'), 401, 'unauthorized');
});

test('logout without a session is still ok', async () => {
  const c = new Client(url());
  assertOk(await c.logout());
});

test('session cookie attributes: HttpOnly, SameSite=Lax, Path=/, Max-Age, no Secure', async () => {
  const c = new Client(url());
  const username = randomName('cookie');
  const password = randomPassword();
  const reg = await c.register(username, password);
  assertOk(reg, 201);

  for (const [what, res] of [['register', reg], ['login', await c.login(username, password)]]) {
    const ck = sessionCookie(res);
    assert.match(ck.value, /^[A-Za-z0-9_-]{43}$/, `${what}: cookie value must be a 43-char token: ${ck.raw}`);
    assert.equal(ck.attrs.httponly, true, `${what}: HttpOnly missing: ${ck.raw}`);
    assert.equal(String(ck.attrs.samesite).toLowerCase(), 'lax', `${what}: SameSite=Lax missing: ${ck.raw}`);
    assert.equal(ck.attrs.path, '/', `${what}: Path=/ missing: ${ck.raw}`);
    assert.ok(Number(ck.attrs['max-age']) > 0, `${what}: positive Max-Age missing: ${ck.raw}`);
    assert.equal(ck.attrs.secure, undefined, `${what}: Secure must not be set without --secure-cookies: ${ck.raw}`);
  }

  const out = await c.logout();
  const cleared = sessionCookie(out);
  assert.equal(cleared.attrs['max-age'], '0', `logout must send Max-Age=0: ${cleared.raw}`);
  assert.equal(cleared.attrs.path, '/', `logout cookie must have Path=/ to clear the right cookie: ${cleared.raw}`);
});

test('each sign-in gets a new session token', async () => {
  const c = new Client(url());
  const username = randomName('fresh');
  const password = randomPassword();
  await c.register(username, password);
  const t1 = c.cookie;
  const d = new Client(url());
  assertOk(await d.login(username, password));
  assert.ok(t1 && d.cookie);
  assert.notEqual(d.cookie, t1);
});

test('username keeps its spelling and is unique ignoring case', async () => {
  const base = randomName('MiXeD');
  const password = randomPassword();
  const a = new Client(url());
  const r = await a.register(base, password);
  assertOk(r, 201);
  assert.equal(r.body.username, base, 'the registered spelling is kept');
  assert.equal((await a.whoami()).body.username, base);

  const b = new Client(url());
  assertError(await b.register(base.toLowerCase(), randomPassword()), 409, 'username_taken');
  assertError(await b.register(base.toUpperCase(), randomPassword()), 409, 'username_taken');
  assertError(await b.register(base, randomPassword()), 409, 'username_taken');
  assert.equal(b.cookie, undefined, 'a refused registration must not sign in');
  assertSignedOut(await b.whoami());

  // The original account is untouched: its password still works.
  const c = new Client(url());
  assertOk(await c.login(base, password));
  assert.equal((await c.whoami()).body.username, base);
});

test('wrong password -> 401 invalid_credentials, with the same message as an unknown user', async () => {
  const owner = new Client(url());
  const username = randomName('wrongpw');
  const password = randomPassword();
  assertOk(await owner.register(username, password), 201);

  const c = new Client(url());
  const wrong = await c.login(username, password + 'x');
  assertError(wrong, 401, 'invalid_credentials');
  assert.equal(c.cookie, undefined, 'a failed login must not set a session cookie');
  assertSignedOut(await c.whoami());

  const unknown = await c.login(randomName('nobody'), password);
  assertError(unknown, 401, 'invalid_credentials');
  assert.equal(unknown.body.error, wrong.body.error, 'unknown user and wrong password must be indistinguishable');

  // Passwords are case-sensitive.
  const upper = await c.login(username, password.toUpperCase() === password ? password + 'A' : password.toUpperCase());
  assertError(upper, 401, 'invalid_credentials');
});

test('a failed login does not end an existing session', async () => {
  const c = new Client(url());
  const username = randomName('keep');
  const password = randomPassword();
  await c.register(username, password);
  assertError(await c.login(username, 'definitely-wrong'), 401, 'invalid_credentials');
  assert.equal((await c.whoami()).body.username, username);
});

test('garbage, oversized or duplicated session cookies mean "signed out", never an error', async () => {
  const values = ['garbage', 'A'.repeat(43), 'A'.repeat(5000), '', '%00%ff', '../../etc/passwd'];
  for (const v of values) {
    const c = new Client(url());
    const res = await c.get('/api/whoami', { headers: { Cookie: `${SESSION_COOKIE}=${v}` } });
    assertSignedOut(res);
  }
  // Two session cookies, one of them valid: the request is either signed in as that user or
  // signed out, never someone else and never a 5xx.
  const { username } = await (async () => {
    const c = new Client(url());
    const name = randomName('dup');
    await c.register(name, randomPassword());
    dupCookie = c.cookie;
    return { username: name };
  })();
  const res = await new Client(url()).get('/api/whoami', {
    headers: { Cookie: `${SESSION_COOKIE}=garbage; ${SESSION_COOKIE}=${dupCookie}` },
  });
  assertOk(res);
  assert.ok(res.body.username === null || res.body.username === username, res.text);
});
let dupCookie;
