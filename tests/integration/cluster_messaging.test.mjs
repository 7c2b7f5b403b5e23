// Cluster mode, messaging and presence (docs/decisions/0007-cluster-bus.md): users on two nodes
// that share one database and one Redis see each other's DMs, channel and group messages,
// typing, presence, documents and voice, each exactly once, in every tab on either node.
//
// "Exactly once" without timing: every check ends with a marker sent after the events under
// test by the same node; a node's messages reach the others in the order it sent them, so once
// the marker arrived a duplicate would have too.

import assert from 'node:assert/strict';

import { Client, newUser } from '../support/client.mjs';
import { assertOk } from '../support/errors.mjs';
import { everywhere, recordAll, sockets, useCluster } from './cluster_helpers.mjs';
import { assertAccepted, call, nextEvent } from './messaging_helpers.mjs';

const { test, nodes } = useCluster();

const EVENTS = ['dm_new', 'new_message', 'gdm_new', 'dm_typing', 'gdm_typing'];

let people = null;
/** Accounts shared by the tests: made on node A (the first is the superadmin), used on both. */
function accounts() {
  people ??= (async () => {
    const { a, b } = nodes();
    const root = await newUser(a.url, 'root');
    const ada = await newUser(a.url, 'ada');
    const bob = await newUser(b.url, 'bob');
    const cy = await newUser(a.url, 'cy');
    return { root, ada, bob, cy };
  })();
  return people;
}

async function group(owner, members) {
  const res = await owner.client.post('/api/gdm/threads', {
    name: 'Across nodes',
    members: members.map((m) => m.username),
  });
  assert.equal(res.status, 201, res.text);
  return res.body.id;
}

test('both nodes serve one database: an account made on one signs in on the other', async () => {
  const { a, b } = nodes();
  const { ada } = await accounts();
  const viaB = new Client(b.url);
  assertOk(await viaB.login(ada.username, ada.password));
  const sessions = await viaB.get('/api/auth/sessions');
  assert.equal(sessions.status, 200, sessions.text);
  assert.ok(a.url !== b.url);
});

test('DMs, channel and group messages and typing cross nodes both ways, once in every tab', async (t) => {
  const { a, b } = nodes();
  const { ada, bob, cy } = await accounts();
  const open = sockets(t);
  const adaOnA = await open(a, ada.client);
  const adaOnB = await open(b, ada.client); // a second tab, on the other node
  const bobOnB = await open(b, bob.client);
  const cyOnA = await open(a, cy.client);
  const tid = await group(ada, [bob, cy]);
  const seen = new Map([adaOnA, adaOnB, bobOnB, cyOnA].map((s) => [s, recordAll(s, EVENTS)]));

  // Bob, on node B, to Ada and Cy, who are (also) on node A.
  assertAccepted(await call(bobOnB, 'dm_send', { to: ada.username, text: 'dm from B' }));
  assertAccepted(await call(bobOnB, 'send_message', { channel: 'general', text: 'channel from B' }));
  assertAccepted(await call(bobOnB, 'gdm_send', { thread_id: tid, text: 'group from B' }));
  assertAccepted(await call(bobOnB, 'dm_typing', { to: ada.username }));
  assertAccepted(await call(bobOnB, 'gdm_typing', { thread_id: tid }));
  let marker = everywhere([adaOnA, adaOnB, cyOnA], 'gdm_new', (m) => m.text === 'marker B');
  assertAccepted(await call(bobOnB, 'gdm_send', { thread_id: tid, text: 'marker B' }));
  await marker;

  // Cy, on node A, to Bob on node B (and Ada everywhere).
  assertAccepted(await call(cyOnA, 'dm_send', { to: bob.username, text: 'dm from A' }));
  assertAccepted(await call(cyOnA, 'send_message', { channel: 'general', text: 'channel from A' }));
  assertAccepted(await call(cyOnA, 'gdm_send', { thread_id: tid, text: 'group from A' }));
  assertAccepted(await call(cyOnA, 'dm_typing', { to: bob.username }));
  assertAccepted(await call(cyOnA, 'gdm_typing', { thread_id: tid }));
  marker = everywhere([adaOnA, adaOnB, bobOnB], 'gdm_new', (m) => m.text === 'marker A');
  assertAccepted(await call(cyOnA, 'gdm_send', { thread_id: tid, text: 'marker A' }));
  await marker;

  const count = (socket, event, match) => seen.get(socket)[event].filter(match).length;
  const text = (want) => (m) => m.text === want;
  for (const [socket, where] of [
    [adaOnA, "Ada's tab on A"],
    [adaOnB, "Ada's tab on B"],
  ]) {
    assert.equal(count(socket, 'dm_new', text('dm from B')), 1, where);
    assert.equal(count(socket, 'dm_typing', (e) => e.from === bob.username), 1, where);
    for (const msg of ['channel from B', 'channel from A']) assert.equal(count(socket, 'new_message', text(msg)), 1, where);
    for (const msg of ['group from B', 'group from A']) assert.equal(count(socket, 'gdm_new', text(msg)), 1, where);
    assert.equal(count(socket, 'gdm_typing', () => true), 2, where);
    assert.equal(count(socket, 'dm_new', text('dm from A')), 0, `${where}: not her DM`);
  }
  assert.equal(count(bobOnB, 'dm_new', text('dm from A')), 1);
  assert.equal(count(bobOnB, 'dm_new', text('dm from B')), 1, 'the sender sees his own DM once');
  assert.equal(count(bobOnB, 'dm_typing', (e) => e.from === cy.username), 1);
  assert.equal(count(bobOnB, 'new_message', text('channel from A')), 1);
  assert.equal(count(bobOnB, 'gdm_new', text('group from A')), 1);
  assert.equal(count(bobOnB, 'gdm_typing', (e) => e.from === cy.username), 1);
  assert.equal(count(cyOnA, 'new_message', text('channel from B')), 1);
  assert.equal(count(cyOnA, 'gdm_new', text('group from B')), 1);
  assert.equal(count(cyOnA, 'gdm_typing', (e) => e.from === bob.username), 1);
  assert.equal(count(cyOnA, 'dm_new', text('dm from B')), 0, 'a DM reaches nobody else');
});

test('presence is cluster-wide: online once, still online while a tab remains on any node', async (t) => {
  const { a, b } = nodes();
  const { ada } = await accounts();
  const users = {};
  for (const [name, node] of [['dora', b], ['erin', a], ['fay', b], ['gus', a], ['hal', b]]) {
    users[name] = await newUser(node.url, name);
  }
  const open = sockets(t);
  const watchers = [await open(a, ada.client), await open(b, ada.client)];
  const refreshes = watchers.map((s) => recordAll(s, ['user_list_refresh']).user_list_refresh);
  const isOnline = (user) => (e) => e.online === user.username;
  // Connecting `user` on `node`, once everyone heard of it: that node's directory has handled
  // every change queued before (one thread, in order), and its announcements have arrived.
  const marker = async (user, node) => {
    const heard = everywhere(watchers, 'user_list_refresh', isOnline(user));
    await open(node, user.client);
    await heard;
  };

  const online = everywhere(watchers, 'user_list_refresh', isOnline(users.dora));
  const doraOnB = await open(b, users.dora.client);
  await online;
  const doraOnA = await open(a, users.dora.client); // a second tab, on the other node: no news
  await marker(users.erin, a);
  doraOnB.close(); // still on node A: no news
  await marker(users.fay, b);
  const list = await users.erin.client.get('/api/users/online');
  assert.ok(list.body.users.some((u) => u.username === users.dora.username), list.text);

  const offline = everywhere(watchers, 'user_list_refresh', (e) => e.offline === users.dora.username);
  doraOnA.close();
  await offline;
  await marker(users.gus, a);
  await marker(users.hal, b);
  const about = (user) => (e) => e.online === user.username || e.offline === user.username;
  for (const seen of refreshes) {
    assert.deepEqual(seen.filter(about(users.dora)), [{ online: users.dora.username }, { offline: users.dora.username }]);
    for (const name of ['erin', 'fay', 'gus', 'hal']) {
      assert.deepEqual(seen.filter(about(users[name])), [{ online: users[name].username }]);
    }
  }
});

test('documents: edits from either node reach editors on both, revisions stay gapless', async (t) => {
  const { a, b } = nodes();
  const { ada, bob } = await accounts();
  const made = await ada.client.post('/api/doc/create', {
    name: 'Shared',
    content: 'hello',
    members: [{ username: bob.username, role: 'editor' }],
  });
  assertOk(made);
  const id = made.body.id;
  const open = sockets(t);
  const adaOnA = await open(a, ada.client);
  const bobOnB = await open(b, bob.client);
  assertAccepted(await call(adaOnA, 'doc_join', { doc_id: id }));
  const joined = nextEvent(adaOnA, 'doc_user_joined', (e) => e.username === bob.username);
  const bobJoin = assertAccepted(await call(bobOnB, 'doc_join', { doc_id: id }));
  await joined;
  assert.ok(bobJoin.users.includes(ada.username), `users on every node: ${JSON.stringify(bobJoin.users)}`);

  const opAtA = nextEvent(adaOnA, 'doc_op', (e) => e.username === bob.username);
  const first = assertAccepted(await call(bobOnB, 'doc_op', { doc_id: id, revision: 0, op: [5, ' world'] }));
  assert.deepEqual(await opAtA, { doc_id: id, revision: first.revision, op: [5, ' world'], username: bob.username });
  // Ada, on node A, edits from revision 0 too: transformed over Bob's edit that node B accepted.
  const opAtB = nextEvent(bobOnB, 'doc_op', (e) => e.username === ada.username);
  const second = assertAccepted(await call(adaOnA, 'doc_op', { doc_id: id, revision: 0, op: ['Oh, ', 5] }));
  assert.equal(second.revision, first.revision + 1);
  assert.equal((await opAtB).revision, second.revision);
  const doc = await bob.client.get(`/api/doc/${id}`); // node B: its cache is behind, the database is not
  assert.equal(doc.status, 200, doc.text);
  assert.equal(doc.body.content, 'Oh, hello world');
  assert.equal(doc.body.revision, second.revision);

  const left = nextEvent(adaOnA, 'doc_user_left', (e) => e.username === bob.username);
  bobOnB.close();
  await left;
});

test('voice: participants on both nodes share a room; signalling reaches a peer on the other node', async (t) => {
  const { a, b } = nodes();
  const { root, ada, bob } = await accounts();
  assertOk(await root.client.post('/api/voice/channels', { name: 'cluster-lounge' }));
  const open = sockets(t);
  const adaOnA = await open(a, ada.client);
  const bobOnB = await open(b, bob.client);
  const adaJoin = assertAccepted(await call(adaOnA, 'voice_join', { channel: 'cluster-lounge' }));
  const seenByAda = nextEvent(adaOnA, 'voice_participants', (e) => e.participants.length === 2);
  const bobJoin = assertAccepted(await call(bobOnB, 'voice_join', { channel: 'cluster-lounge' }));
  assert.deepEqual(
    bobJoin.participants.map((p) => p.username),
    [ada.username, bob.username],
  );
  await seenByAda;
  const offer = nextEvent(adaOnA, 'voice_offer');
  const sdp = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
  assertAccepted(await call(bobOnB, 'voice_offer', { to: adaJoin.id, channel: 'cluster-lounge', sdp }));
  const got = await offer;
  assert.equal(got.from, bobJoin.id);
  assert.equal(got.username, bob.username);
  const channels = await ada.client.get('/api/voice/channels');
  const lounge = channels.body.details.find((d) => d.name === 'cluster-lounge');
  assert.equal(lounge.participants.length, 2);
  const gone = nextEvent(adaOnA, 'voice_participants', (e) => e.participants.length === 1);
  bobOnB.close();
  await gone;
});
