// Document presence when a client vanishes without doc_leave (issue #5): the others still get
// doc_user_left, and later joiners no longer see the vanished user.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { newUser } from '../support/client.mjs';
import { assertOk } from '../support/errors.mjs';
import { admin, assertAccepted, call, connect, flush, nextEvent, record } from './messaging_helpers.mjs';

const { test, url } = useServer();

let accounts = null;
async function makeAccounts() {
  await admin(url());
  const alice = await newUser(url(), 'pa');
  const bob = await newUser(url(), 'pb');
  const carol = await newUser(url(), 'pc');
  return { alice, bob, carol };
}

async function createDoc(creator, members) {
  const res = await creator.client.post('/api/doc/create', {
    name: 'Presence',
    content: 'text',
    members: members.map((m) => ({ username: m.username, role: 'editor' })),
  });
  assertOk(res);
  return res.body.id;
}

/** Bob and alice connected, both in each of `docs` (bob first). */
async function bothJoined(bob, alice, docs) {
  const sb = await connect(url(), bob.client);
  const sa = await connect(url(), alice.client);
  for (const id of docs) {
    assertAccepted(await call(sb, 'doc_join', { doc_id: id }));
    assertAccepted(await call(sa, 'doc_join', { doc_id: id }));
  }
  return { sa, sb };
}

/** Kills the TCP connection under a websocket client: no close frame, no DISCONNECT packet. */
function dropConnection(socket) {
  const raw = socket.io.engine.transport.ws._socket;
  assert.ok(raw, 'the websocket transport exposes its TCP socket');
  raw.destroy();
}

test('a socket whose TCP connection dies is announced as doc_user_left', async () => {
  accounts ??= makeAccounts();
  const { alice, bob, carol } = await accounts;
  const id = await createDoc(bob, [alice, carol]);
  const sb = await connect(url(), bob.client);
  const sa = await connect(url(), alice.client);
  const sc = await connect(url(), carol.client);
  try {
    assertAccepted(await call(sb, 'doc_join', { doc_id: id }));
    const joined = nextEvent(sb, 'doc_user_joined');
    const joinA = assertAccepted(await call(sa, 'doc_join', { doc_id: id }));
    assert.deepEqual(joinA.users.sort(), [alice.username, bob.username].sort());
    assert.deepEqual(await joined, { doc_id: id, username: alice.username });

    const left = nextEvent(sb, 'doc_user_left');
    dropConnection(sa);
    assert.deepEqual(await left, { doc_id: id, username: alice.username });

    // The departure was recorded before it was announced: a later joiner does not see alice.
    const joinC = assertAccepted(await call(sc, 'doc_join', { doc_id: id }));
    assert.deepEqual(joinC.users.sort(), [bob.username, carol.username].sort());
  } finally {
    sa.close();
    sb.close();
    sc.close();
  }
});

test('a closed transport leaves every document the socket had joined, once each', async () => {
  accounts ??= makeAccounts();
  const { alice, bob } = await accounts;
  const first = await createDoc(bob, [alice]);
  const second = await createDoc(bob, [alice]);
  const { sa, sb } = await bothJoined(bob, alice, [first, second]);
  try {
    const seen = record(sb, 'doc_user_left');
    const leftSecond = nextEvent(sb, 'doc_user_left', (p) => p.doc_id === second);
    const leftFirst = nextEvent(sb, 'doc_user_left', (p) => p.doc_id === first);
    sa.io.engine.close(); // transport close, as when a laptop sleeps: no DISCONNECT packet
    assert.deepEqual(await leftFirst, { doc_id: first, username: alice.username });
    assert.deepEqual(await leftSecond, { doc_id: second, username: alice.username });
    await flush(sb);
    assert.equal(seen.length, 2, JSON.stringify(seen));
  } finally {
    sa.close();
    sb.close();
  }
});

test('doc_leave before the connection dies is not announced twice', async () => {
  accounts ??= makeAccounts();
  const { alice, bob } = await accounts;
  const id = await createDoc(bob, [alice]);
  const { sa, sb } = await bothJoined(bob, alice, [id]);
  let again = null;
  try {
    const seen = record(sb, 'doc_user_left');
    assertAccepted(await call(sa, 'doc_leave', { doc_id: id }));
    // The leave's broadcast was emitted before its ack; a later join by alice on a new socket
    // and that socket's death give exactly one more departure.
    again = await connect(url(), alice.client);
    assertAccepted(await call(again, 'doc_join', { doc_id: id }));
    const secondLeft = nextEvent(sb, 'doc_user_left', () => seen.length === 2);
    dropConnection(sa);
    dropConnection(again);
    await secondLeft;
    await flush(sb);
    assert.deepEqual(seen, [
      { doc_id: id, username: alice.username },
      { doc_id: id, username: alice.username },
    ]);
  } finally {
    again?.close();
    sa.close();
    sb.close();
  }
});
