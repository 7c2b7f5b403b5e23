// Documents over Socket.IO (docs/api-documents.md): doc_join/doc_leave/presence, doc_op with
// transformation, doc_edit ↔ doc_updated interop, cursors, the role matrix on sockets, member
// events, and access lost at once for removed/downgraded members with an open editor.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { newUser } from '../support/client.mjs';
import { assertOk } from '../support/errors.mjs';
import { admin, assertAccepted, assertRefused, call, connect, nextEvent } from './messaging_helpers.mjs';

const { test, url } = useServer();

// Accounts are shared by the tests of this file (registration is rate-limited per address).
let accounts = null;
async function makeAccounts() {
  const root = await admin(url());
  const creator = await newUser(url(), 'rc');
  const editor = await newUser(url(), 're');
  const viewer = await newUser(url(), 'rv');
  const outsider = await newUser(url(), 'rn');
  return { root, creator, editor, viewer, outsider };
}

async function setup() {
  accounts ??= makeAccounts();
  const { root, creator, editor, viewer, outsider } = await accounts;
  const res = await creator.client.post('/api/doc/create', {
    name: 'Live',
    content: 'hello',
    members: [
      { username: editor.username, role: 'editor' },
      { username: viewer.username, role: 'viewer' },
    ],
  });
  assertOk(res);
  const sockets = [];
  const open = async (who) => {
    const s = await connect(url(), who.client);
    sockets.push(s);
    return s;
  };
  return { root, creator, editor, viewer, outsider, id: res.body.id, open, close: () => sockets.forEach((s) => s.close()) };
}

test('join, presence, ops transformed and broadcast, doc_edit interop, cursors, leave', async () => {
  const t = await setup();
  try {
    const se = await t.open(t.editor);
    const sv = await t.open(t.viewer);
    const joinE = assertAccepted(await call(se, 'doc_join', { doc_id: t.id }));
    assert.equal(joinE.content, 'hello');
    assert.equal(joinE.revision, 0);
    assert.equal(joinE.role, 'editor');
    assert.deepEqual(joinE.users, [t.editor.username]);

    const joined = nextEvent(se, 'doc_user_joined');
    const joinV = assertAccepted(await call(sv, 'doc_join', { doc_id: t.id }));
    assert.equal(joinV.role, 'viewer');
    assert.deepEqual(joinV.users.sort(), [t.editor.username, t.viewer.username].sort());
    assert.deepEqual(await joined, { doc_id: t.id, username: t.viewer.username });

    const opSeen = nextEvent(sv, 'doc_op');
    const updSeen = nextEvent(sv, 'doc_updated');
    const ack = assertAccepted(await call(se, 'doc_op', { doc_id: t.id, revision: 0, op: [5, ' world'] }));
    assert.equal(ack.revision, 1);
    assert.deepEqual(await opSeen, { doc_id: t.id, revision: 1, op: [5, ' world'], username: t.editor.username });
    assert.equal((await updSeen).content, 'hello world');

    // A concurrent op based on revision 0 is transformed over revision 1, not lost.
    const ack2 = assertAccepted(await call(se, 'doc_op', { doc_id: t.id, revision: 0, op: ['Oh, ', 5] }));
    assert.equal(ack2.revision, 2);
    assert.equal((await t.viewer.client.get(`/api/doc/${t.id}`)).body.content, 'Oh, hello world');

    // UTF-16 units: the emoji counts 2.
    assertAccepted(await call(se, 'doc_op', { doc_id: t.id, revision: 2, op: [15, '😀', '!'] }));
    assertAccepted(await call(se, 'doc_op', { doc_id: t.id, revision: 3, op: [17, '?', 1] }));
    assert.equal((await t.viewer.client.get(`/api/doc/${t.id}`)).body.content, 'Oh, hello world😀?!');

    // The API document's full-content form; others still get doc_updated.
    const upd = nextEvent(sv, 'doc_updated', (p) => p.content === 'replaced');
    assertAccepted(await call(se, 'doc_edit', { doc_id: t.id, content: 'replaced' }));
    assert.equal((await upd).doc_id, t.id);

    const cursor = nextEvent(sv, 'doc_cursor');
    assertAccepted(await call(se, 'doc_cursor', { doc_id: t.id, position: 3 }));
    const c = await cursor;
    assert.equal(c.username, t.editor.username);
    assert.equal(c.position, 3);

    const left = nextEvent(sv, 'doc_user_left');
    assertAccepted(await call(se, 'doc_leave', { doc_id: t.id }));
    assert.deepEqual(await left, { doc_id: t.id, username: t.editor.username });
  } finally {
    t.close();
  }
});

test('role matrix on sockets and bad input', async () => {
  const t = await setup();
  try {
    const sv = await t.open(t.viewer);
    const sn = await t.open(t.outsider);
    const sa = await t.open(t.root);
    const sc = await t.open(t.creator);
    assertAccepted(await call(sc, 'doc_join', { doc_id: t.id }));
    assertRefused(await call(sn, 'doc_join', { doc_id: t.id }), 'doc_not_found');
    assertRefused(await call(sa, 'doc_join', { doc_id: t.id }), 'doc_not_found');
    assertRefused(await call(sn, 'doc_op', { doc_id: t.id, revision: 0, op: [5, '!'] }), 'doc_not_found');
    assertRefused(await call(sn, 'doc_cursor', { doc_id: t.id, position: 0 }), 'doc_not_found');
    assertAccepted(await call(sv, 'doc_join', { doc_id: t.id }));
    assertRefused(await call(sv, 'doc_op', { doc_id: t.id, revision: 0, op: [5, '!'] }), 'forbidden');
    assertRefused(await call(sv, 'doc_edit', { doc_id: t.id, content: 'mine' }), 'forbidden');
    assertRefused(await call(sc, 'doc_join', { doc_id: 987654 }), 'doc_not_found');
    assertRefused(await call(sc, 'doc_join', {}), 'missing_field');
    assertRefused(await call(sc, 'doc_join', 'x'), 'invalid_json');
    assertRefused(await call(sc, 'doc_op', { doc_id: t.id, revision: 0, op: [4, '!'] }), 'invalid_op');
    assertRefused(await call(sc, 'doc_op', { doc_id: t.id, revision: 0, op: 'x' }), 'invalid_op');
    assertRefused(await call(sc, 'doc_op', { doc_id: t.id, revision: 9, op: [5] }), 'invalid_revision');
    assertRefused(await call(sc, 'doc_op', { doc_id: t.id, revision: 0 }), 'missing_field');
    // Each frame stays under the transport limit; the second would take the text over 1 MiB.
    const half = 'x'.repeat(600 * 1024);
    assert.equal(assertAccepted(await call(sc, 'doc_op', { doc_id: t.id, revision: 0, op: [5, half] })).revision, 1);
    assertRefused(await call(sc, 'doc_op', { doc_id: t.id, revision: 1, op: [5 + half.length, half] }), 'content_too_large');
    assert.equal((await t.creator.client.get(`/api/doc/${t.id}`)).body.revision, 1);
  } finally {
    t.close();
  }
});

test('member events reach the room and the user; removed/downgraded members lose access at once', async () => {
  const t = await setup();
  try {
    const sc = await t.open(t.creator);
    const se = await t.open(t.editor);
    const sn = await t.open(t.outsider);
    assertAccepted(await call(sc, 'doc_join', { doc_id: t.id }));
    assertAccepted(await call(se, 'doc_join', { doc_id: t.id }));

    const addedToUser = nextEvent(sn, 'doc_member_added');
    const addedToRoom = nextEvent(sc, 'doc_member_added');
    assertOk(await t.creator.client.post(`/api/doc/${t.id}/add_member`, { username: t.outsider.username, role: 'editor' }));
    assert.deepEqual(await addedToUser, { doc_id: t.id, username: t.outsider.username, role: 'editor' });
    assert.equal((await addedToRoom).username, t.outsider.username);

    const roleToEditor = nextEvent(se, 'doc_member_role_updated');
    assertOk(
      await t.creator.client.post(`/api/doc/${t.id}/update_member_role`, { username: t.editor.username, role: 'viewer' }),
    );
    assert.deepEqual(await roleToEditor, { doc_id: t.id, username: t.editor.username, role: 'viewer' });
    assertRefused(await call(se, 'doc_op', { doc_id: t.id, revision: 0, op: [5, '!'] }), 'forbidden');

    const removed = nextEvent(se, 'doc_member_removed');
    const userLeft = nextEvent(sc, 'doc_user_left');
    assertOk(await t.creator.client.post(`/api/doc/${t.id}/remove_member`, { username: t.editor.username }));
    assert.equal((await removed).username, t.editor.username);
    assert.equal((await userLeft).username, t.editor.username);
    assertRefused(await call(se, 'doc_cursor', { doc_id: t.id, position: 0 }), 'doc_not_found');
    // Out of the room: later edits do not reach the removed member's socket.
    let leaked = false;
    se.on('doc_op', () => {
      leaked = true;
    });
    assertAccepted(await call(sc, 'doc_op', { doc_id: t.id, revision: 0, op: [5, '!'] }));
    assertRefused(await call(se, 'doc_join', { doc_id: t.id }), 'doc_not_found');
    assert.equal(leaked, false);

    const deletedToUser = nextEvent(sn, 'doc_deleted');
    const deletedToRoom = nextEvent(sc, 'doc_deleted');
    assertOk(await t.creator.client.post(`/api/doc/${t.id}/delete`, {}));
    assert.deepEqual(await deletedToUser, { doc_id: t.id });
    assert.deepEqual(await deletedToRoom, { doc_id: t.id });
    assertRefused(await call(sc, 'doc_op', { doc_id: t.id, revision: 1, op: [6, '!'] }), 'doc_not_found');
  } finally {
    t.close();
  }
});
