// Cluster mode, moderation and limits (docs/decisions/0007-cluster-bus.md): a ban on one node
// ends the user's sockets on the other, address bans reach every node, the sign-in budget is one
// budget for the cluster, and a node that dies takes its users offline on the others.

import assert from 'node:assert/strict';

import { Client, newUser, randomName, randomPassword } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { waitFor } from '../support/server.mjs';
import { NODE_TTL_S, everywhere, recordAll, sockets, useCluster } from './cluster_helpers.mjs';
import { assertAccepted, call, connect, nextEvent } from './messaging_helpers.mjs';

const LOGIN_LIMIT = 4;
const { test, nodes } = useCluster({
  args: [
    '--login-attempts-per-account', String(LOGIN_LIMIT),
    '--login-attempts-per-ip', '1000',
    '--trusted-proxy', '127.0.0.1',
  ],
});

let rootAccount = null;
/** The superadmin: the first account of the shared database, made on node A. */
function root() {
  rootAccount ??= newUser(nodes().a.url, 'root');
  return rootAccount;
}

test('a ban issued on node A ends the sockets the user has on node B (and on A)', async (t) => {
  const { a, b } = nodes();
  const admin = await root();
  const target = await newUser(b.url, 'ban');
  const open = sockets(t);
  const onB = await open(b, target.client);
  const onA = await open(a, target.client);
  const ended = [onB, onA].map((s) => new Promise((resolve) => s.once('disconnect', resolve)));
  assertOk(await admin.client.post(`/api/admin/users/${target.username}/ban`, { reason: 'spam' }));
  assert.deepEqual(await Promise.all(ended), ['io server disconnect', 'io server disconnect']);
  await assert.rejects(connect(b.url, target.client));
  assertError(await new Client(b.url).login(target.username, target.password), 403, 'banned');
});

test('an address ban on node A ends matching sockets on node B; lifting it on A lets them back on B', async (t) => {
  const { a, b } = nodes();
  const admin = await root();
  const target = await newUser(b.url, 'addr');
  const behindProxy = { 'X-Forwarded-For': '203.0.113.7' };
  const open = sockets(t);
  const bystander = await open(b, (await newUser(b.url, 'ok')).client);
  const victim = await connect(b.url, target.client, behindProxy);
  t.after(() => victim.close());
  const ended = new Promise((resolve) => victim.once('disconnect', resolve));
  const made = await admin.client.post('/api/admin/bans/addresses', { address: '203.0.113.0/24', reason: 'abuse' });
  assertOk(made, 201);
  assert.equal(await ended, 'io server disconnect');
  assert.ok(bystander.connected, 'connections from other addresses stay');
  // Node B reloaded the bans: new handshakes and sign-ins from the address are refused there.
  await assert.rejects(connect(b.url, target.client, behindProxy));
  assertError(
    await new Client(b.url).post('/api/auth/login', { username: target.username, password: target.password }, { headers: behindProxy }),
    403,
    'address_banned',
  );
  assertOk(await admin.client.del(`/api/admin/bans/addresses/${made.body.ban.id}`));
  await waitFor(
    async () => {
      try {
        (await connect(b.url, target.client, behindProxy)).close();
        return true;
      } catch {
        return false;
      }
    },
    { what: 'node B to lift the address ban' },
  );
});

test('the sign-in limit of an account is one budget across both nodes', async () => {
  const { a, b } = nodes();
  const username = randomName('limited');
  const password = randomPassword();
  assertOk(await new Client(a.url).register(username, password), 201);
  const viaA = new Client(a.url);
  const viaB = new Client(b.url);
  for (let i = 0; i < LOGIN_LIMIT; i++) {
    const client = i % 2 === 0 ? viaA : viaB;
    assertError(await client.login(username, `wrong-${i}`), 401, 'invalid_credentials');
  }
  // Neither node alone saw more than half the failures; together they used the budget.
  for (const client of [viaA, viaB]) {
    const res = await client.login(username, password);
    assertError(res, 429, 'rate_limited');
    assert.match(String(res.headers['retry-after']), /^\d+$/);
  }
});

test('after Redis restarts (empty), the nodes reconnect: events cross again, presence is rebuilt', async (t) => {
  const { a, b, redis } = nodes();
  const ada = await newUser(a.url, 'ada');
  const bob = await newUser(b.url, 'bob');
  const open = sockets(t);
  const adaOnA = await open(a, ada.client);
  const bobOnB = await open(b, bob.client);
  await redis.restart();
  // Until both nodes are back, what crosses is lost (at most once); keep sending until one arrives.
  const arrived = recordAll(adaOnA, ['dm_new']).dm_new;
  let n = 0;
  await waitFor(
    async () => {
      assertAccepted(await call(bobOnB, 'dm_send', { to: ada.username, text: `after restart ${(n += 1)}` }));
      return arrived.length > 0;
    },
    { timeoutMs: 30_000, intervalMs: 300, what: 'a DM from node B to arrive on node A' },
  );
  // Each node finds itself unknown to the new Redis and writes back who is connected to it.
  await waitFor(
    async () => {
      const online = (await ada.client.get('/api/users/online')).body.users.map((u) => u.username);
      return online.includes(ada.username) && online.includes(bob.username);
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'both users online again' },
  );
});

// Last: node B does not come back.
test('a node killed with SIGKILL: its users go offline on the others within the node TTL', async (t) => {
  const { a, b } = nodes();
  const admin = await root();
  const watcher = await newUser(a.url, 'watch');
  const gina = await newUser(b.url, 'gina');
  const open = sockets(t);
  const watchOnA = await open(a, watcher.client);
  const online = everywhere([watchOnA], 'user_list_refresh', (e) => e.online === gina.username);
  const ginaOnB = await open(b, gina.client);
  await online;
  // Gina is also in a voice channel on node B.
  assertOk(await admin.client.post('/api/voice/channels', { name: 'cluster-crash' }));
  assertAccepted(await call(watchOnA, 'voice_join', { channel: 'cluster-crash' }));
  const joined = nextEvent(watchOnA, 'voice_participants', (e) => e.channel === 'cluster-crash' && e.participants.length === 2);
  assertAccepted(await call(ginaOnB, 'voice_join', { channel: 'cluster-crash' }));
  await joined;

  const offline = nextEvent(watchOnA, 'user_list_refresh', (e) => e.offline === gina.username);
  const outOfVoice = nextEvent(
    watchOnA,
    'voice_participants',
    (e) => e.channel === 'cluster-crash' && e.participants.every((p) => p.username !== gina.username),
  );
  await b.kill9();
  // Its heartbeat stops; node A reaps it after NODE_TTL_S plus at most one heartbeat (a third of
  // it), within the 10 s nextEvent waits.
  assert.ok((NODE_TTL_S * 4) / 3 < 9);
  await offline;
  await outOfVoice;
  const list = await watcher.client.get('/api/users/online');
  assert.ok(!list.body.users.some((u) => u.username === gina.username), list.text);
  assert.ok(list.body.users.some((u) => u.username === watcher.username), list.text);
});
