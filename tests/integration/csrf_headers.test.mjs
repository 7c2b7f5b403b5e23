// CSRF protection of cookie-authenticated state changes, security headers on every response,
// /healthz and /api/public/status. docs/api-auth-contract.md, architecture §7.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser, randomName, randomPassword, rawRequest } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { assertSecurityHeaders } from '../support/headers.mjs';

const { test, url } = useServer();

const EVIL = 'http://evil.example';
let registered = 0; // accounts created on this server so far (for /api/public/status)

async function signedIn(prefix) {
  const u = await newUser(url(), prefix);
  registered += 1;
  return u;
}

async function tokenCount(c) {
  const res = await c.get('/api/auth/tokens');
  assertOk(res);
  return res.body.tokens.length;
}

// ---- CSRF ----

test('POST /api/auth/logout with the cookie and a foreign Origin -> 403 csrf_rejected, still signed in', async () => {
  const { client: c, username } = await signedIn('csrf1');
  assertError(await c.post('/api/auth/logout', {}, { origin: EVIL }), 403, 'csrf_rejected');
  assert.ok(c.cookie, 'a refused logout must not clear the cookie');
  assert.equal((await c.whoami()).body.username, username);
});

test('POST /api/auth/tokens with the cookie and a foreign Origin -> 403 csrf_rejected, no token made', async () => {
  const { client: c } = await signedIn('csrf2');
  const res = await c.post('/api/auth/tokens', { name: 'csrf' }, { origin: EVIL });
  assertError(res, 403, 'csrf_rejected');
  assert.equal(res.body.token, undefined);
  assert.equal(await tokenCount(c), 0);
});

// (An Origin that differs only in scheme, https://127.0.0.1:<port>, is not listed: without
// --public-origin the server derives its origin from Host and cannot know the scheme a TLS proxy
// in front of it uses.)
test('origins that only look like ours are foreign: other port, "null", suffix tricks', async () => {
  const { client: c } = await signedIn('csrf3');
  const ours = new URL(url());
  const lookalikes = [
    `http://127.0.0.1:${Number(ours.port) === 65535 ? 1 : Number(ours.port) + 1}`,
    'null',
    `http://127.0.0.1:${ours.port}.evil.example`,
    `http://localhost.evil.example:${ours.port}`,
  ];
  for (const origin of lookalikes) {
    const res = await c.post('/api/auth/tokens', { name: 'x' }, { origin });
    assert.equal(res.status, 403, `Origin: ${origin} must be refused: ${res.status} ${res.text}`);
    assertError(res, 403, 'csrf_rejected');
  }
  assert.equal(await tokenCount(c), 0);
});

test('Sec-Fetch-Site: cross-site (no Origin) -> 403 csrf_rejected', async () => {
  const { client: c } = await signedIn('csrf4');
  const res = await c.post('/api/auth/tokens', { name: 'x' }, { origin: false, headers: { 'Sec-Fetch-Site': 'cross-site' } });
  assertError(res, 403, 'csrf_rejected');
  assert.equal(await tokenCount(c), 0);
});

test('Sec-Fetch-Site: same-site (no Origin) -> 403 csrf_rejected', async () => {
  const { client: c } = await signedIn('csrf5');
  const res = await c.post('/api/auth/logout', {}, { origin: false, headers: { 'Sec-Fetch-Site': 'same-site' } });
  assertError(res, 403, 'csrf_rejected');
  assert.ok((await c.whoami()).body.username);
});

test('Sec-Fetch-Site: cross-site wins even with our own Origin -> 403', async () => {
  const { client: c } = await signedIn('csrf6');
  const res = await c.post('/api/auth/tokens', { name: 'x' }, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
  assertError(res, 403, 'csrf_rejected');
});

test('no Origin and Content-Type: text/plain (a cross-site form) -> 403 csrf_rejected', async () => {
  const { client: c, username } = await signedIn('csrf7');
  const r1 = await c.post('/api/auth/logout', '{}', { origin: false, headers: { 'Content-Type': 'text/plain' } });
  assertError(r1, 403, 'csrf_rejected');
  const r2 = await c.post('/api/auth/tokens', '{"name":"x"}', { origin: false, headers: { 'Content-Type': 'text/plain' } });
  assertError(r2, 403, 'csrf_rejected');
  assert.equal((await c.whoami()).body.username, username);
  assert.equal(await tokenCount(c), 0);
});

test('no Origin and application/x-www-form-urlencoded or multipart/form-data -> 403', async () => {
  const { client: c } = await signedIn('csrf8');
  const form = await c.post('/api/auth/tokens', 'name=x', {
    origin: false,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assertError(form, 403, 'csrf_rejected');
  const boundary = 'XyZ123';
  const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--${boundary}--\r\n`;
  const mp = await c.post('/api/auth/tokens', multipart, {
    origin: false,
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
  });
  assertError(mp, 403, 'csrf_rejected');
  assert.equal(await tokenCount(c), 0);
});

test('no Origin and no Content-Type on a cookie POST -> 403', async () => {
  const { client: c, username } = await signedIn('csrf9');
  const res = await c.request('POST', '/api/auth/logout', undefined, { origin: false });
  assertError(res, 403, 'csrf_rejected');
  assert.equal((await c.whoami()).body.username, username);
});

test('DELETE with the cookie and a foreign Origin -> 403, the session survives', async () => {
  const { client: c, username } = await signedIn('csrf10');
  const sessions = (await c.get('/api/auth/sessions')).body.sessions;
  const res = await c.del(`/api/auth/sessions/${sessions[0].id}`, undefined, { origin: EVIL });
  assertError(res, 403, 'csrf_rejected');
  assert.equal((await c.whoami()).body.username, username);
});

test('the same requests with our own Origin work', async () => {
  const { client: c } = await signedIn('csrf11');
  assertOk(await c.post('/api/auth/tokens', { name: 'ok' }), 201);
  assert.equal(await tokenCount(c), 1);
  const out = await c.post('/api/auth/logout', {});
  assertOk(out);
  assert.equal((await c.whoami()).body.username, null);
});

test('Sec-Fetch-Site: same-origin without Origin works', async () => {
  const { client: c } = await signedIn('csrf12');
  const res = await c.post('/api/auth/tokens', { name: 'sfs' }, { origin: false, headers: { 'Sec-Fetch-Site': 'same-origin' } });
  assertOk(res, 201);
});

test('neither Origin nor Sec-Fetch-Site, with Content-Type: application/json, works', async () => {
  const { client: c } = await signedIn('csrf13');
  assertOk(await c.post('/api/auth/tokens', { name: 'plain' }, { origin: false }), 201);
  assertOk(await c.post('/api/auth/logout', {}, { origin: false }));
  assert.equal((await c.whoami()).body.username, null);
});

// ---- headers, health, status ----

test('security headers and X-Request-Id on every kind of response', async () => {
  const c = new Client(url());
  const { client: me } = await signedIn('hdr');
  const cases = [
    ['GET /healthz', await c.get('/healthz')],
    ['GET /api/whoami', await c.get('/api/whoami')],
    ['GET /api/whoami signed in', await me.get('/api/whoami')],
    ['GET /api/public/status', await c.get('/api/public/status')],
    ['POST /api/auth/login 401', await c.login(randomName('none'), 'wrong-password')],
    ['POST /api/auth/register 400', await c.post('/api/auth/register', '{bad')],
    ['GET /api/nope 404', await c.get('/api/nope')],
    ['GET /api/auth/login 405', await c.get('/api/auth/login')],
    ['GET /api/auth/sessions 401', await c.get('/api/auth/sessions')],
    ['POST csrf 403', await me.post('/api/auth/logout', {}, { origin: EVIL })],
    ['GET / (static or not)', await c.get('/')],
  ];
  for (const [what, res] of cases) assertSecurityHeaders(res, what);
});

test('X-Request-Id differs between requests', async () => {
  const c = new Client(url());
  const ids = new Set();
  for (let i = 0; i < 5; i++) ids.add((await c.get('/healthz')).headers['x-request-id']);
  assert.equal(ids.size, 5, `request ids must be unique: ${[...ids]}`);
});

test('GET /healthz -> 200 {ok: true}', async () => {
  const res = await new Client(url()).get('/healthz');
  assertOk(res);
});

test('GET /api/public/status: version, uptime_s, users (matches registrations), online, features', async () => {
  const c = new Client(url());
  const before = await c.get('/api/public/status');
  assertOk(before);
  const s = before.body;
  assert.equal(typeof s.version, 'string');
  assert.ok(s.version.length > 0, 'version must not be empty');
  assert.equal(typeof s.uptime_s, 'number');
  assert.ok(Number.isFinite(s.uptime_s) && s.uptime_s >= 0, `uptime_s: ${s.uptime_s}`);
  assert.equal(typeof s.online, 'number');
  assert.ok(s.features && typeof s.features === 'object' && !Array.isArray(s.features), `features: ${before.text}`);
  assert.equal(s.users, registered, `users must count every registered account (${registered}): ${before.text}`);

  await signedIn('status1');
  await signedIn('status2');
  const after = await c.get('/api/public/status');
  assert.equal(after.body.users, registered, `users after two more registrations: ${after.text}`);
  assert.ok(after.body.uptime_s >= s.uptime_s, 'uptime does not go backwards');
});

test('failed registrations are not counted as users', async () => {
  const c = new Client(url());
  const n = (await c.get('/api/public/status')).body.users;
  assertError(await c.register('bad name!', randomPassword()), 400, 'invalid_username');
  assert.equal((await c.get('/api/public/status')).body.users, n);
});

test('JSON answers carry Content-Type: application/json', async () => {
  const res = await rawRequest(url(), { path: '/api/whoami' });
  assert.match(String(res.headers['content-type']), /^application\/json\b/);
  assert.doesNotThrow(() => JSON.parse(res.text));
});
