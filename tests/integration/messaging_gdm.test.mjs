// Group DMs: threads, history for new members, owner/admin permission matrix with GD_* toggles,
// lock, delete, gdm_send/gdm_edit/gdm_delete/gdm_typing, gdm_threads_refresh. docs/api-messaging.md.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import {
  ISO_Z,
  MESSAGE_FIELDS,
  admin,
  assertAccepted,
  assertRefused,
  call,
  connect,
  flush,
  nextEvent,
  record,
  setSettings,
} from './messaging_helpers.mjs';

const { test, url } = useServer();

const GDM_FIELDS = ['username', ...MESSAGE_FIELDS];

async function group(owner, members, name = 'Project Team') {
  const res = await owner.client.post('/api/gdm/threads', { name, members: members.map((m) => m.username) });
  assertOk(res, 201);
  assert.equal(res.body.name, name);
  assert.equal(typeof res.body.id, 'number');
  return res.body.id;
}

test('create, list, members-only history with the documented fields, new members see history', async () => {
  await admin(url());
  const a = await newUser(url(), 'ga');
  const b = await newUser(url(), 'gb');
  const c = await newUser(url(), 'gc');
  const d = await newUser(url(), 'gd');
  const sb = await connect(url(), b.client);
  const sc = await connect(url(), c.client);
  const sd = await connect(url(), d.client);
  try {
    const refreshed = nextEvent(sb, 'gdm_threads_refresh');
    const tid = await group(a, [b, c]);
    assert.equal((await refreshed).tid, tid);

    const list = await b.client.get('/api/gdm/threads');
    assert.equal(list.status, 200);
    assert.ok(Array.isArray(list.body));
    const t = list.body.find((x) => x.id === tid);
    assert.equal(t.created_by, a.username);
    assert.deepEqual([...t.members].sort(), [a.username, b.username, c.username].sort());
    assert.ok(!(await d.client.get('/api/gdm/threads')).body.some((x) => x.id === tid));

    const outsider = record(sd, 'gdm_new');
    const atC = nextEvent(sc, 'gdm_new', (m) => m.text === 'Hey team!');
    const m = assertAccepted(
      await call(sb, 'gdm_send', { thread_id: tid, text: 'Hey team!', attachment: null, reply_to: null }),
    ).message;
    for (const f of GDM_FIELDS) assert.ok(f in m, `missing ${f}`);
    assert.equal(m.username, b.username);
    assert.equal(m.edited, 0);
    assert.match(m.created_at, ISO_Z);
    assert.deepEqual(await atC, m);
    await flush(sd);
    assert.equal(outsider.length, 0, 'non-members never get gdm_new');

    const hist = await c.client.get(`/api/gdm/messages?tid=${tid}`);
    assert.ok(Array.isArray(hist.body));
    assert.equal(hist.body.at(-1).id, m.id);
    assertError(await d.client.get(`/api/gdm/messages?tid=${tid}`), 404, 'thread_not_found');
    assertError(await d.client.get(`/api/gdm/thread_info?tid=${tid}`), 404, 'thread_not_found');
    assertError(await d.client.get(`/api/gdm/members?tid=${tid}`), 404, 'thread_not_found');
    assertError(await d.client.get('/api/gdm/messages?tid=abc'), 400, 'invalid_field');
    assertRefused(await call(sd, 'gdm_send', { thread_id: tid, text: 'let me in' }), 'thread_not_found');
    assertRefused(await call(sd, 'gdm_typing', { thread_id: tid }), 'thread_not_found');

    assertOk(await a.client.post('/api/gdm/add_member', { tid, users: [d.username] }));
    const late = await d.client.get(`/api/gdm/messages?tid=${tid}`);
    assert.deepEqual(late.body.map((x) => x.id), [m.id], 'new members see the history');

    const members = await d.client.get(`/api/gdm/members?tid=${tid}`);
    assert.deepEqual([...members.body].sort(), [a.username, b.username, c.username, d.username].sort());
    const info = await d.client.get(`/api/gdm/thread_info?tid=${tid}`);
    assertOk(info);
    assert.equal(info.body.locked, 0);
    assert.ok(info.body.members.includes(d.username));
  } finally {
    for (const s of [sb, sc, sd]) s.close();
  }
});

test('create refusals: no other members, unknown users, bad types, unauthenticated', async () => {
  await admin(url());
  const a = await newUser(url(), 'gx');
  assertError(await a.client.post('/api/gdm/threads', { name: 'x', members: [] }), 400, 'not_enough_members');
  assertError(await a.client.post('/api/gdm/threads', { members: ['ghost_nobody'] }), 404, 'user_not_found');
  assertError(await a.client.post('/api/gdm/threads', { members: 'bob' }), 400, 'invalid_field');
  assertError(await a.client.post('/api/gdm/threads', { members: [3] }), 400, 'invalid_field');
  assertError(await new Client(url()).get('/api/gdm/threads'), 401, 'unauthorized');
});

test('owner vs member: rename, add, kick, transfer, leave; refresh events', async () => {
  await admin(url());
  const a = await newUser(url(), 'go');
  const b = await newUser(url(), 'gp');
  const c = await newUser(url(), 'gq');
  const sc = await connect(url(), c.client);
  try {
    const tid = await group(a, [b, c]);
    assertError(await b.client.post('/api/gdm/rename', { tid, name: 'Mine' }), 403, 'forbidden');
    assertError(await a.client.post('/api/gdm/rename', { tid, name: '' }), 400, 'invalid_name');
    const renamed = nextEvent(sc, 'gdm_threads_refresh', (p) => p.tid === tid);
    const r = await a.client.post('/api/gdm/rename', { tid, name: 'Renamed' });
    assertOk(r);
    assert.equal(r.body.name, 'Renamed');
    await renamed;

    assertError(await b.client.post('/api/gdm/add_member', { tid, users: [c.username] }), 403, 'forbidden');
    assertError(await a.client.post('/api/gdm/add_member', { tid, users: ['ghost_nobody'] }), 404, 'user_not_found');
    assertError(await b.client.post('/api/gdm/kick', { tid, user: c.username }), 403, 'forbidden');
    assertError(await a.client.post('/api/gdm/kick', { tid, user: a.username }), 409, 'owner_cannot_be_removed');

    const kicked = nextEvent(sc, 'gdm_threads_refresh', (p) => p.tid === tid && p.removed === true);
    assertOk(await a.client.post('/api/gdm/kick', { tid, user: c.username }));
    await kicked;
    assertError(await c.client.get(`/api/gdm/messages?tid=${tid}`), 404, 'thread_not_found');

    assertError(await b.client.post('/api/gdm/transfer', { tid, new_owner: b.username }), 403, 'forbidden');
    assertError(await a.client.post('/api/gdm/transfer', { tid, new_owner: c.username }), 400, 'not_a_member');
    const t = await a.client.post('/api/gdm/transfer', { tid, new_owner: b.username });
    assertOk(t);
    assert.equal(t.body.created_by, b.username);
    assertError(await a.client.post('/api/gdm/rename', { tid, name: 'x' }), 403, 'forbidden');
    assertError(await b.client.post('/api/gdm/leave', { tid }), 409, 'owner_must_transfer');
    assertOk(await a.client.post('/api/gdm/leave', { tid }));
    assertError(await a.client.get(`/api/gdm/thread_info?tid=${tid}`), 404, 'thread_not_found');
  } finally {
    sc.close();
  }
});

test('remove_member: owner or admin, GD_REMOVE_USER toggle; kick: GD_FORCE_LEAVE_GROUP; transfer: GD_TRANSFER_OWNERSHIP', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'gr');
  const b = await newUser(url(), 'gs');
  const c = await newUser(url(), 'gt');
  const tid = await group(a, [b, c]);
  assertError(await b.client.post('/api/gdm/remove_member', { tid, username: c.username }), 403, 'forbidden');
  await setSettings(root.client, { GD_REMOVE_USER: 0, GD_FORCE_LEAVE_GROUP: 0, GD_TRANSFER_OWNERSHIP: 0 });
  try {
    assertError(await a.client.post('/api/gdm/remove_member', { tid, username: c.username }), 403, 'feature_disabled');
    assertError(await root.client.post('/api/gdm/remove_member', { tid, username: c.username }), 403, 'feature_disabled');
    assertError(await a.client.post('/api/gdm/kick', { tid, user: c.username }), 403, 'feature_disabled');
    assertError(await a.client.post('/api/gdm/transfer', { tid, new_owner: b.username }), 403, 'feature_disabled');
  } finally {
    await setSettings(root.client, { GD_REMOVE_USER: 1, GD_FORCE_LEAVE_GROUP: 1, GD_TRANSFER_OWNERSHIP: 1 });
  }
  assertOk(await root.client.post('/api/gdm/remove_member', { tid, username: c.username }));
  assertError(await a.client.post('/api/gdm/remove_member', { tid, username: c.username }), 404, 'not_a_member');
  assertOk(await a.client.post('/api/gdm/remove_member', { tid, username: b.username }));
});

test('admin lock/unlock/delete: admins only, toggles, locked groups refuse messages', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'gl');
  const b = await newUser(url(), 'gm');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  try {
    const tid = await group(a, [b]);
    const m = assertAccepted(await call(sb, 'gdm_send', { thread_id: tid, text: 'before lock' })).message;
    assertError(await a.client.post('/api/gdm/lock', { tid }), 403, 'forbidden');
    await setSettings(root.client, { GD_LOCK_GROUP: 0 });
    assertError(await root.client.post('/api/gdm/lock', { tid }), 403, 'feature_disabled');
    await setSettings(root.client, { GD_LOCK_GROUP: 1 });
    const locked = await root.client.post('/api/gdm/lock', { tid });
    assertOk(locked);
    assert.equal((await a.client.get(`/api/gdm/thread_info?tid=${tid}`)).body.locked, 1);
    assertRefused(await call(sa, 'gdm_send', { thread_id: tid, text: 'x' }), 'group_locked');
    assertRefused(await call(sb, 'gdm_edit', { id: m.id, text: 'x' }), 'group_locked');

    assertError(await b.client.post('/api/gdm/unlock', { tid }), 403, 'forbidden');
    await setSettings(root.client, { GD_UNLOCK_GROUP: 0 });
    assertError(await root.client.post('/api/gdm/unlock', { tid }), 403, 'feature_disabled');
    await setSettings(root.client, { GD_UNLOCK_GROUP: 1 });
    assertOk(await root.client.post('/api/gdm/unlock', { tid }));
    assertAccepted(await call(sa, 'gdm_send', { thread_id: tid, text: 'after unlock' }));

    assertError(await a.client.post('/api/gdm/delete', { tid }), 403, 'forbidden');
    await setSettings(root.client, { GD_DELETE_GROUP: 0 });
    assertError(await root.client.post('/api/gdm/delete', { tid }), 403, 'feature_disabled');
    await setSettings(root.client, { GD_DELETE_GROUP: 1 });
    const gone = nextEvent(sb, 'gdm_threads_refresh', (p) => p.deleted === tid);
    assertOk(await root.client.post('/api/gdm/delete', { tid }));
    await gone;
    assertError(await a.client.get(`/api/gdm/messages?tid=${tid}`), 404, 'thread_not_found');
    assertError(await root.client.post('/api/gdm/delete', { tid }), 404, 'thread_not_found');
    assertError(await root.client.post('/api/gdm/lock', { tid: 99999999 }), 404, 'thread_not_found');
  } finally {
    sa.close();
    sb.close();
  }
});

test('gdm_edit by author, gdm_delete by author or owner, gdm_typing to the others, GDM_ENABLED', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'ge');
  const b = await newUser(url(), 'gf');
  const c = await newUser(url(), 'gg');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  const sc = await connect(url(), c.client);
  try {
    const tid = await group(a, [b, c]);
    const m = assertAccepted(await call(sb, 'gdm_send', { thread_id: tid, text: 'v1' })).message;
    assertRefused(await call(sc, 'gdm_edit', { id: m.id, text: 'x' }), 'forbidden');
    const edited = nextEvent(sc, 'gdm_edit', (p) => p.id === m.id);
    const ack = assertAccepted(await call(sb, 'gdm_edit', { id: m.id, text: 'v2' }));
    assert.equal(ack.message.edited, 1);
    const ev = await edited;
    assert.equal(ev.text, 'v2');
    assert.equal(ev.thread_id, tid);
    assertRefused(await call(sc, 'gdm_delete', { id: m.id }), 'forbidden');
    const deleted = nextEvent(sc, 'gdm_delete', (p) => p.id === m.id);
    assertAccepted(await call(sa, 'gdm_delete', { id: m.id }));
    assert.equal((await deleted).thread_id, tid);

    const typing = nextEvent(sc, 'gdm_typing');
    const own = record(sb, 'gdm_typing');
    assertAccepted(await call(sb, 'gdm_typing', { thread_id: tid }));
    const t = await typing;
    assert.equal(t.from, b.username);
    assert.equal(t.thread_id, tid);
    assert.equal(t.group_name, 'Project Team');
    await flush(sb);
    assert.equal(own.length, 0, 'the typist does not hear themselves');

    assertRefused(await call(sa, 'gdm_send', { thread_id: tid, text: '' }), 'invalid_text');
    assertRefused(await call(sa, 'gdm_send', { thread_id: 'x', text: 'a' }), 'invalid_field');
    assertRefused(await call(sa, 'gdm_send', { thread_id: tid, text: 'a'.repeat(4001) }), 'invalid_text');
    await setSettings(root.client, { GDM_ENABLED: 0 });
    assertRefused(await call(sa, 'gdm_send', { thread_id: tid, text: 'x' }), 'gdm_disabled');
    await setSettings(root.client, { GDM_ENABLED: 1 });
    assertAccepted(await call(sa, 'gdm_send', { thread_id: tid, text: 'x' }));
  } finally {
    for (const s of [sa, sb, sc]) s.close();
  }
});
