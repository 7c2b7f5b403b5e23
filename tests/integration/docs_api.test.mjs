// Documents REST API (docs/api-documents.md): create/list/get/members/add/remove/update/delete,
// the role matrix (viewer, editor, creator, non-member, admin), bad input, revisions, restore,
// export. Socket.IO events are in docs_realtime.test.mjs.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { ISO_Z, admin } from './messaging_helpers.mjs';

const { test, url } = useServer();

// Accounts are shared by the tests of this file (registration is rate-limited per address).
let shared = null;
function team() {
  shared ??= makeTeam();
  return shared;
}

async function makeTeam() {
  const root = await admin(url());
  const creator = await newUser(url(), 'dc');
  const editor = await newUser(url(), 'de');
  const viewer = await newUser(url(), 'dv');
  const outsider = await newUser(url(), 'dn');
  return { root, creator, editor, viewer, outsider };
}

async function createDoc(t, name = 'Meeting Notes', content = '# Notes') {
  const res = await t.creator.client.post('/api/doc/create', {
    name,
    content,
    members: [
      { username: t.editor.username, role: 'editor' },
      { username: t.viewer.username, role: 'viewer' },
    ],
  });
  assertOk(res);
  assert.equal(typeof res.body.id, 'number');
  assert.equal(res.body.doc_id, res.body.id);
  return res.body.id;
}

test('create, get, list and members with the documented fields', async () => {
  const t = await team();
  const id = await createDoc(t);
  const get = await t.viewer.client.get(`/api/doc/${id}`);
  assertOk(get);
  for (const key of ['id', 'name', 'content', 'created_by', 'created_at', 'last_edited_by', 'last_edited_at']) {
    assert.ok(key in get.body, `missing ${key}`);
  }
  assert.equal(get.body.content, '# Notes');
  assert.equal(get.body.created_by, t.creator.username);
  assert.match(get.body.created_at, ISO_Z);
  assert.equal(get.body.role, 'viewer');
  assert.equal(get.body.revision, 0);

  const second = await createDoc(t, 'Second');
  const list = await t.editor.client.get('/api/doc/list');
  assertOk(list);
  const ids = list.body.documents.map((d) => d.id);
  assert.deepEqual(ids.slice(0, 2).sort(), [id, second].sort());
  const entry = list.body.documents.find((d) => d.id === id);
  assert.equal(entry.role, 'editor');
  for (const key of ['id', 'name', 'created_by', 'created_at', 'last_edited_at', 'role']) {
    assert.ok(key in entry, `missing ${key}`);
  }
  const mine = await t.creator.client.get('/api/doc/list');
  assert.equal(mine.body.documents.find((d) => d.id === id).role, 'creator');
  assert.equal((await t.outsider.client.get('/api/doc/list')).body.documents.some((d) => d.id === id), false);

  const members = await t.viewer.client.get(`/api/doc/${id}/members`);
  assertOk(members);
  assert.deepEqual(
    members.body.members.map((m) => [m.username, m.role]),
    [
      [t.creator.username, 'creator'],
      [t.editor.username, 'editor'],
      [t.viewer.username, 'viewer'],
    ],
  );
  assert.match(members.body.members[1].added_at, ISO_Z);
});

test('create refuses unknown members, invalid roles and oversized content, creating nothing', async () => {
  const t = await team();
  const before = (await t.creator.client.get('/api/doc/list')).body.documents.length;
  const bad = [
    [{ name: 'x', members: [{ username: 'nobody_here_x', role: 'editor' }] }, 404, 'user_not_found'],
    [{ name: 'x', members: [{ username: t.editor.username, role: 'owner' }] }, 400, 'invalid_role'],
    [{ name: '', content: '' }, 400, 'invalid_name'],
    [{ name: 'x', members: 'all' }, 400, 'invalid_field'],
  ];
  for (const [body, status, code] of bad) {
    assertError(await t.creator.client.post('/api/doc/create', body), status, code);
  }
  const big = await t.creator.client.post('/api/doc/create', { name: 'big', content: 'x'.repeat(1024 * 1024 + 1) });
  assert.equal(big.status, 413);
  assert.equal((await t.creator.client.get('/api/doc/list')).body.documents.length, before);
});

test('role matrix on REST: non-members and admins get 404, wrong roles 403', async () => {
  const t = await team();
  const id = await createDoc(t);
  for (const who of [t.outsider, t.root]) {
    assertError(await who.client.get(`/api/doc/${id}`), 404, 'doc_not_found');
    assertError(await who.client.get(`/api/doc/${id}/members`), 404, 'doc_not_found');
    assertError(await who.client.post(`/api/doc/${id}/delete`, {}), 404, 'doc_not_found');
  }
  assertError(await t.creator.client.get('/api/doc/999999'), 404, 'doc_not_found');
  assertError(await t.creator.client.get('/api/doc/abc'), 404, 'not_found');
  for (const who of [t.editor, t.viewer]) {
    const c = who.client;
    assertError(await c.post(`/api/doc/${id}/add_member`, { username: t.outsider.username }), 403, 'forbidden');
    assertError(await c.post(`/api/doc/${id}/remove_member`, { username: t.viewer.username }), 403, 'forbidden');
    assertError(
      await c.post(`/api/doc/${id}/update_member_role`, { username: t.viewer.username, role: 'editor' }),
      403,
      'forbidden',
    );
    assertError(await c.post(`/api/doc/${id}/delete`, {}), 403, 'forbidden');
  }
  assertError(await t.viewer.client.post(`/api/doc/${id}/restore`, { revision: 0 }), 403, 'forbidden');
});

test('creator manages members: add, role change, remove; own role fixed; bad input refused', async () => {
  const t = await team();
  const id = await createDoc(t);
  const c = t.creator.client;
  const added = await c.post(`/api/doc/${id}/add_member`, { username: t.outsider.username, role: 'editor' });
  assertOk(added);
  assert.equal(added.body.member.role, 'editor');
  assertOk(await t.outsider.client.get(`/api/doc/${id}`));
  assertError(await c.post(`/api/doc/${id}/add_member`, { username: t.outsider.username }), 409, 'already_member');
  assertError(await c.post(`/api/doc/${id}/add_member`, { username: 'no_such_user_q' }), 404, 'user_not_found');
  assertError(
    await c.post(`/api/doc/${id}/add_member`, { username: t.root.username, role: 'admin' }),
    400,
    'invalid_role',
  );
  assertError(
    await c.post(`/api/doc/${id}/update_member_role`, { username: t.creator.username, role: 'viewer' }),
    400,
    'creator_role_fixed',
  );
  assertError(
    await c.post(`/api/doc/${id}/remove_member`, { username: t.creator.username }),
    400,
    'creator_role_fixed',
  );
  const changed = await c.post(`/api/doc/${id}/update_member_role`, { username: t.outsider.username, role: 'viewer' });
  assertOk(changed);
  assert.equal((await t.outsider.client.get(`/api/doc/${id}`)).body.role, 'viewer');
  assertOk(await c.post(`/api/doc/${id}/remove_member`, { username: t.outsider.username }));
  assertError(await t.outsider.client.get(`/api/doc/${id}`), 404, 'doc_not_found');
  assertError(
    await c.post(`/api/doc/${id}/remove_member`, { username: t.outsider.username }),
    404,
    'member_not_found',
  );

  assertOk(await c.post(`/api/doc/${id}/delete`, {}));
  assertError(await c.get(`/api/doc/${id}`), 404, 'doc_not_found');
  assertError(await t.editor.client.get(`/api/doc/${id}/members`), 404, 'doc_not_found');
  assert.equal((await t.editor.client.get('/api/doc/list')).body.documents.some((d) => d.id === id), false);
});

test('revisions, restore as a new revision, export md/txt/html (escaped)', async () => {
  const t = await team();
  const id = await createDoc(t, 'X', '<script>alert(1)</script>');
  const revs = await t.viewer.client.get(`/api/doc/${id}/revisions`);
  assertOk(revs);
  assert.deepEqual(
    revs.body.revisions.map((r) => r.revision),
    [0],
  );
  const old = await t.viewer.client.get(`/api/doc/${id}/revisions/0`);
  assert.equal(old.body.content, '<script>alert(1)</script>');
  assertError(await t.viewer.client.get(`/api/doc/${id}/revisions/5`), 404, 'revision_not_found');

  const restored = await t.editor.client.post(`/api/doc/${id}/restore`, { revision: 0 });
  assertOk(restored);
  assert.equal(restored.body.revision, 1);
  assert.equal((await t.viewer.client.get(`/api/doc/${id}`)).body.revision, 1);
  assertError(await t.editor.client.post(`/api/doc/${id}/restore`, { revision: 9 }), 404, 'revision_not_found');

  const md = await t.viewer.client.get(`/api/doc/${id}/export?format=md`);
  assert.equal(md.status, 200);
  assert.equal(md.text, '<script>alert(1)</script>');
  assert.match(md.headers['content-type'], /text\/markdown/);
  const txt = await t.viewer.client.get(`/api/doc/${id}/export?format=txt`);
  assert.match(txt.headers['content-type'], /text\/plain/);
  const html = await t.viewer.client.get(`/api/doc/${id}/export?format=html`);
  assert.equal(html.status, 200);
  assert.match(html.headers['content-type'], /text\/html/);
  assert.equal(html.text.includes('<script>'), false);
  assert.ok(html.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assertError(await t.viewer.client.get(`/api/doc/${id}/export?format=pdf`), 400, 'invalid_format');
  assertError(await t.outsider.client.get(`/api/doc/${id}/export?format=md`), 404, 'doc_not_found');
});
