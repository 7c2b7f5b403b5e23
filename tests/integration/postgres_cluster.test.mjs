// Cluster mode storage: the real chatterd with --database on a real PostgreSQL (started for this
// file by scripts/test-postgres.sh), through REST and the real socket.io-client: accounts,
// channel, DM and group messages, search, a restart of chatterd that keeps everything, the error
// envelope for bad input, and 503 (never a crash) while the database is away.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../support/server.mjs';
import { startPostgres } from '../support/postgres.mjs';
import { Client, newUser, randomName, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { assertAccepted, assertRefused, call, connect, nextEvent } from './messaging_helpers.mjs';

const TIMEOUT = { timeout: 120_000 };
let pg = null;
let srv = null;
const state = {};

before(async () => {
  pg = await startPostgres();
  srv = await startServer({ database: await pg.createDatabase() });
});

after(async () => {
  try {
    if (srv) assert.equal(await srv.stop(), 0, `chatterd must exit 0 on SIGTERM; stderr:\n${srv.logs()}`);
  } finally {
    if (pg) await pg.stop();
  }
});

function withLogs(fn) {
  return async () => {
    try {
      await fn();
    } catch (err) {
      err.message += `\n--- chatterd stderr (tail) ---\n${srv?.logs().slice(-6000)}`;
      throw err;
    }
  };
}

/** A client carrying `client`'s session to the server's current URL (after a restart). */
function again(client) {
  const c = new Client(srv.url);
  for (const [k, v] of client.cookies) c.cookies.set(k, v);
  return c;
}

test('register, sign in, channel, DM, group DM and search are stored in PostgreSQL', TIMEOUT, withLogs(async () => {
  const root = await newUser(srv.url, 'root');
  assert.equal((await root.client.whoami()).body.role, 'superadmin', 'the first account is the superadmin');
  const a = await newUser(srv.url, 'pga');
  const b = await newUser(srv.url, 'pgb');
  const c = await newUser(srv.url, 'pgc');

  const signIn = new Client(srv.url);
  assertOk(await signIn.login(a.username, a.password));
  assert.equal((await signIn.whoami()).body.username, a.username);
  assertError(await new Client(srv.url).login(a.username, 'wrong password here'), 401, 'invalid_credentials');

  const word = `zebra${Date.now().toString(36)}`;
  const sa = await connect(srv.url, signIn);
  const sb = await connect(srv.url, b.client);
  const sc = await connect(srv.url, c.client);
  try {
    const heard = nextEvent(sb, 'new_message', (m) => m.text === `public ${word}`);
    const pub = assertAccepted(await call(sa, 'send_message', { channel: 'general', text: `public ${word}` })).message;
    assert.deepEqual(await heard, pub);

    const dmHeard = nextEvent(sb, 'dm_new', (m) => m.text === `dm ${word}`);
    const dm = assertAccepted(await call(sa, 'dm_send', { to: b.username, text: `dm ${word}` })).message;
    assert.deepEqual(await dmHeard, dm);
    const reply = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: 'got it', reply_to: dm.id })).message;
    assert.equal(reply.reply_username, a.username);

    const g = await signIn.post('/api/gdm/threads', { name: 'Cluster', members: [b.username, c.username] });
    assertOk(g, 201);
    const gdmHeard = nextEvent(sb, 'gdm_new', (m) => m.text === `group ${word}`);
    const gm = assertAccepted(await call(sc, 'gdm_send', { thread_id: g.body.id, text: `group ${word}` })).message;
    assert.deepEqual(await gdmHeard, gm);

    const found = await b.client.get(`/api/search?q=${encodeURIComponent(word.slice(0, 6))}`);
    assertOk(found);
    assert.deepEqual(found.body.results.map((r) => r.type).sort(), ['dm', 'gdm', 'public']);
    const outsider = await c.client.get(`/api/search?q=${encodeURIComponent(word)}`);
    assert.deepEqual(outsider.body.results.map((r) => r.type).sort(), ['gdm', 'public']);
    assertOk(await b.client.get(`/api/search?q=${encodeURIComponent('" OR NEAR( * \\ \'')}`));

    Object.assign(state, { a, b, c, word, pub, dm, reply, gm, tid: g.body.id });
  } finally {
    for (const s of [sa, sb, sc]) s.close();
  }
}));

test('bad input gets the same error envelope as on SQLite', TIMEOUT, withLogs(async () => {
  const { a, b } = state;
  assertError(await new Client(srv.url).register(a.username.toUpperCase(), randomPassword()), 409, 'username_taken');
  const admin = new Client(srv.url);
  assertError(await admin.post('/api/channels', { name: 'nope' }), 401, 'unauthorized');
  assertError(await b.client.get('/api/dm/messages?peer=ghost_nobody'), 404, 'user_not_found');
  assertError(await b.client.get(`/api/gdm/messages?tid=999999`), 404, 'thread_not_found');
  // Text PostgreSQL cannot store is refused, never cut short; looking it up finds nothing.
  const sb = await connect(srv.url, b.client);
  try {
    assertRefused(await call(sb, 'send_message', { channel: 'general', text: 'cut\u0000short' }), 'invalid_text');
  } finally {
    sb.close();
  }
  assertError(await b.client.get('/api/users/%FF%FE'), 404, 'user_not_found');
  assertOk(await b.client.get('/api/search?q=%FF'));
}));

test('a restarted chatterd finds everything in the database', TIMEOUT, withLogs(async () => {
  const { a, b, c, word, pub, dm, reply, gm, tid } = state;
  assert.equal(await srv.restart(), 0, 'the first process exits 0');
  const ca = again(a.client);
  assert.equal((await ca.whoami()).body.username, a.username, 'sessions survive the restart');
  const channel = await ca.get('/api/messages?channel=general');
  assertOk(channel);
  assert.ok(channel.body.messages.some((m) => m.id === pub.id && m.text === pub.text));
  const dms = await again(b.client).get(`/api/dm/messages?peer=${a.username}`);
  assert.deepEqual(dms.body.map((m) => m.id), [dm.id, reply.id]);
  const group = await again(c.client).get(`/api/gdm/messages?tid=${tid}`);
  assert.deepEqual(group.body.map((m) => m.id), [gm.id]);
  const found = await again(b.client).get(`/api/search?q=${word}`);
  assert.equal(found.body.results.length, 3);
  const login = new Client(srv.url);
  assertOk(await login.login(c.username, c.password));
}));

test('while the database is away requests get 503, and service resumes when it is back', TIMEOUT, withLogs(async () => {
  const { b } = state;
  const cb = again(b.client);
  await pg.halt();
  try {
    assertError(await cb.get('/api/dm/peers'), 503, 'database_unavailable');
    assertError(await new Client(srv.url).register(randomName('down'), randomPassword()), 503, 'database_unavailable');
    assert.equal(srv.proc.exitCode, null, 'chatterd keeps running');
  } finally {
    await pg.resume();
  }
  const peers = await cb.get('/api/dm/peers');
  assert.equal(peers.status, 200, peers.text);
  assert.deepEqual(peers.body, [state.a.username]);
  const fresh = await newUser(srv.url, 'back');
  assert.equal((await fresh.client.whoami()).body.username, fresh.username);
}));
