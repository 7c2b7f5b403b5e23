// API tokens (bots): create, use as Bearer, list, delete. docs/api-auth-contract.md.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

const { test, url } = useServer();

const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * A 401 failure envelope. The contract gives the token routes' 401 without a code; a bad Bearer
 * token may say `invalid_token` instead of the generic `unauthorized`.
 */
function assertUnauthorized(res) {
  assert.equal(res.status, 401, `${res.status} ${res.text}`);
  assertError(res, 401, ['unauthorized', 'invalid_token'].includes(res.body?.code) ? res.body.code : 'unauthorized');
}

async function createToken(c, name) {
  const res = await c.post('/api/auth/tokens', { name });
  assertOk(res, 201);
  return res;
}

test('API token: created once with its value, works as Bearer on whoami (auth: "token")', async () => {
  const { client: c, username } = await newUser(url(), 'tok');
  const res = await createToken(c, 'my bot');
  assert.equal(res.body.name, 'my bot');
  assert.equal(typeof res.body.token, 'string');
  assert.ok(res.body.token.length >= 32, `token must be long and random: ${res.body.token}`);
  assert.ok(res.body.id !== undefined && res.body.id !== null);
  assert.match(String(res.body.created_at), ISO_Z);
  assert.notEqual(res.body.token, c.cookie, 'the API token is not the session token');

  const bot = new Client(url(), { origin: false });
  bot.token = res.body.token;
  const w = await bot.whoami();
  assertOk(w);
  assert.equal(w.body.username, username);
  assert.equal(w.body.auth, 'token');
  assert.equal(bot.cookie, undefined, 'a token request must not create a session cookie');
});

test('API token on a state-changing POST without Origin (and cross-origin) bypasses CSRF checks', async () => {
  const { client: c } = await newUser(url(), 'tokpost');
  const { body } = await createToken(c, 'poster');
  const bot = new Client(url(), { origin: false });
  bot.token = body.token;
  const r1 = await bot.post('/api/auth/tokens', { name: 'made by bot' });
  assertOk(r1, 201);
  const r2 = await bot.post('/api/auth/tokens', { name: 'made cross-origin' }, { origin: 'http://evil.example' });
  assertOk(r2, 201);
  const names = (await c.get('/api/auth/tokens')).body.tokens.map((t) => t.name).sort();
  assert.deepEqual(names, ['made by bot', 'made cross-origin', 'poster']);
});

test('API token list shows id, name, created_at, last_used_at and never the token value', async () => {
  const { client: c } = await newUser(url(), 'toklist');
  const created = (await createToken(c, 'listed')).body;
  const bot = new Client(url(), { origin: false });
  bot.token = created.token;
  assertOk(await bot.whoami());

  const res = await c.get('/api/auth/tokens');
  assertOk(res);
  assert.ok(Array.isArray(res.body.tokens));
  assert.equal(res.body.tokens.length, 1);
  const [t] = res.body.tokens;
  assert.equal(String(t.id), String(created.id));
  assert.equal(t.name, 'listed');
  assert.match(String(t.created_at), ISO_Z);
  assert.ok('last_used_at' in t, 'last_used_at must be present');
  assert.match(String(t.last_used_at), ISO_Z, 'the token was used, so last_used_at is set');
  assert.equal(t.token, undefined);
  assert.ok(!res.text.includes(created.token), 'the token value must never be listed again');
});

test('API tokens are per user: another user sees none and cannot delete them', async () => {
  const { client: owner } = await newUser(url(), 'tokown');
  const created = (await createToken(owner, 'private')).body;
  const { client: other } = await newUser(url(), 'tokoth');
  const list = await other.get('/api/auth/tokens');
  assertOk(list);
  assert.deepEqual(list.body.tokens, []);
  assertError(await other.del(`/api/auth/tokens/${created.id}`), 404, 'not_found');
  const bot = new Client(url(), { origin: false });
  bot.token = created.token;
  assert.equal((await bot.whoami()).body.auth, 'token', 'the token still works');
});

test('deleted API token -> 401', async () => {
  const { client: c } = await newUser(url(), 'tokdel');
  const created = (await createToken(c, 'doomed')).body;
  assertOk(await c.del(`/api/auth/tokens/${created.id}`));
  const bot = new Client(url(), { origin: false });
  bot.token = created.token;
  assertUnauthorized(await bot.get('/api/auth/tokens'));
  const w = await bot.whoami();
  assert.ok(
    w.status === 401 || (w.status === 200 && w.body.username === null),
    `a deleted token must not authenticate whoami: ${w.status} ${w.text}`,
  );
  const list = await c.get('/api/auth/tokens');
  assert.deepEqual(list.body.tokens, []);
  assertError(await c.del(`/api/auth/tokens/${created.id}`), 404, 'not_found');
});

test('a made-up Bearer token -> 401 unauthorized', async () => {
  const bot = new Client(url(), { origin: false });
  bot.token = 'A'.repeat(43);
  assertUnauthorized(await bot.get('/api/auth/tokens'));
  // Not a fallback to "signed out": a bad credential is an error even where none is needed.
  const w = await bot.whoami();
  assert.ok(w.status === 401 || w.body.username === null, `${w.status} ${w.text}`);
});

test('API token with an empty or non-string name -> 400 invalid_field', async () => {
  const { client: c } = await newUser(url(), 'tokbad');
  assertError(await c.post('/api/auth/tokens', { name: '' }), 400, 'invalid_field');
  assertError(await c.post('/api/auth/tokens', { name: 42 }), 400, 'invalid_field');
  assertError(await c.post('/api/auth/tokens', { name: ['x'] }), 400, 'invalid_field');
  assert.deepEqual((await c.get('/api/auth/tokens')).body.tokens, []);
});

test('API token routes without signing in -> 401 unauthorized', async () => {
  const c = new Client(url());
  assertError(await c.get('/api/auth/tokens'), 401, 'unauthorized');
  assertError(await c.post('/api/auth/tokens', { name: 'x' }), 401, 'unauthorized');
});

test('logout does not revoke API tokens', async () => {
  const { client: c, username } = await newUser(url(), 'toklog');
  const created = (await createToken(c, 'survives')).body;
  assertOk(await c.logout());
  const bot = new Client(url(), { origin: false });
  bot.token = created.token;
  assert.equal((await bot.whoami()).body.username, username);
});

test('API tokens and session tokens are not interchangeable', async () => {
  const { client: c } = await newUser(url(), 'tokswap');
  const created = (await createToken(c, 'swap')).body;
  // An API token in the session cookie does not sign in.
  const asCookie = new Client(url());
  asCookie.cookie = created.token;
  assert.equal((await asCookie.whoami()).body.username, null);
  // A session token as Bearer does not authenticate.
  const asBearer = new Client(url(), { origin: false });
  asBearer.token = c.cookie;
  assertUnauthorized(await asBearer.get('/api/auth/tokens'));
});
