// Group invites: owner-only creation, invite_url, single use, expiry bounds, GET and POST join,
// bans respected, unknown codes. docs/api-messaging.md "Invites".

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { ISO_Z, admin, connect, nextEvent } from './messaging_helpers.mjs';

const { test, url } = useServer();

async function team(owner, members) {
  const res = await owner.client.post('/api/gdm/threads', { name: 'Invitees', members: members.map((m) => m.username) });
  assertOk(res, 201);
  return res.body.id;
}

test('owner creates an invite; a third user joins by POST, sees history; the code is single-use', async () => {
  await admin(url());
  const a = await newUser(url(), 'ia');
  const b = await newUser(url(), 'ib');
  const c = await newUser(url(), 'ic');
  const d = await newUser(url(), 'id');
  const tid = await team(a, [b]);
  const sb = await connect(url(), b.client);
  try {
    assertError(await b.client.post('/api/gdm/invite/create', { thread_id: tid }), 403, 'forbidden');
    assertError(await c.client.post('/api/gdm/invite/create', { thread_id: tid }), 404, 'thread_not_found');
    assertError(await a.client.post('/api/gdm/invite/create', { thread_id: tid, expires_in: 5 }), 400, 'invalid_field');
    assertError(await a.client.post('/api/gdm/invite/create', { thread_id: tid, expires_in: 'x' }), 400, 'invalid_field');

    const before = Date.now();
    const res = await a.client.post('/api/gdm/invite/create', { thread_id: tid });
    assertOk(res, 201);
    const { invite_code: code, invite_url: link, expires_at: expires } = res.body;
    assert.match(code, /^[A-Z2-7]{20}$/);
    assert.equal(link, `${url()}/join/${code}`);
    assert.match(expires, ISO_Z);
    const lifetime = Date.parse(expires) - before;
    assert.ok(lifetime > 23 * 3600e3 && lifetime <= 24 * 3600e3 + 5e3, `default 24 h, got ${lifetime} ms`);
    const other = await a.client.post('/api/gdm/invite/create', { thread_id: tid, expires_in: 3600 });
    assert.notEqual(other.body.invite_code, code);

    assertError(await b.client.post('/api/gdm/invite/join', { code }), 409, 'already_member');
    const refreshed = nextEvent(sb, 'gdm_threads_refresh', (p) => p.tid === tid);
    const joined = await c.client.post('/api/gdm/invite/join', { code: code.toLowerCase() });
    assertOk(joined);
    assert.deepEqual(joined.body, { ok: true, thread_id: tid, thread_name: 'Invitees' });
    await refreshed;
    const hist = await c.client.get(`/api/gdm/messages?tid=${tid}`);
    assert.equal(hist.status, 200, hist.text);
    assert.ok(Array.isArray(hist.body));

    assertError(await d.client.post('/api/gdm/invite/join', { code }), 409, 'invite_used');
    assertError(await d.client.get(`/api/gdm/invite/join?code=${code}`), 409, 'invite_used');
  } finally {
    sb.close();
  }
});

test('GET join works; unknown and missing codes are clear 4xx; kicked users cannot rejoin', async () => {
  await admin(url());
  const a = await newUser(url(), 'ig');
  const b = await newUser(url(), 'ih');
  const c = await newUser(url(), 'ii');
  const tid = await team(a, [b]);
  const code = (await a.client.post('/api/gdm/invite/create', { thread_id: tid })).body.invite_code;
  const viaGet = await c.client.get(`/api/gdm/invite/join?code=${code}`);
  assertOk(viaGet);
  assert.equal(viaGet.body.thread_id, tid);

  const code2 = (await a.client.post('/api/gdm/invite/create', { thread_id: tid })).body.invite_code;
  assertError(
    await b.client.get(`/api/gdm/invite/join?code=${code2}`, { headers: { 'Sec-Fetch-Site': 'cross-site' } }),
    403,
    'cross_site_request',
  );
  assertError(await c.client.get('/api/gdm/invite/join?code=AAAAAAAAAAAAAAAAAAAA'), 404, 'invite_not_found');
  assertError(await c.client.get('/api/gdm/invite/join'), 400, 'missing_field');
  assertError(await c.client.post('/api/gdm/invite/join', {}), 400, 'missing_field');
  assertError(await c.client.post('/api/gdm/invite/join', { code: 5 }), 400, 'invalid_field');

  assertOk(await a.client.post('/api/gdm/kick', { tid, user: b.username }));
  const again = (await a.client.post('/api/gdm/invite/create', { thread_id: tid })).body.invite_code;
  assertError(await b.client.post('/api/gdm/invite/join', { code: again }), 403, 'banned_from_group');
  // The code was not spent by the refused attempt; re-adding by the owner lifts the ban.
  assertOk(await a.client.post('/api/gdm/add_member', { tid, users: [b.username] }));
  assertOk(await a.client.post('/api/gdm/remove_member', { tid, username: b.username }));
  assertOk(await b.client.post('/api/gdm/invite/join', { code: again }));
});

test('two users racing for one code: exactly one joins', async () => {
  await admin(url());
  const a = await newUser(url(), 'ij');
  const b = await newUser(url(), 'ik');
  const racers = await Promise.all([newUser(url(), 'il'), newUser(url(), 'im'), newUser(url(), 'in')]);
  const tid = await team(a, [b]);
  const code = (await a.client.post('/api/gdm/invite/create', { thread_id: tid })).body.invite_code;
  const results = await Promise.all(racers.map((r) => r.client.post('/api/gdm/invite/join', { code })));
  assert.equal(results.filter((r) => r.status === 200).length, 1, results.map((r) => r.text).join('\n'));
  for (const r of results.filter((x) => x.status !== 200)) assertError(r, 409, 'invite_used');
});
