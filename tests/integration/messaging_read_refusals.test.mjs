// Read markers refuse what the caller cannot see and bad input with the error envelope
// (docs/api-messaging.md, "Read markers").

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { admin, assertAccepted, assertRefused, call, connect } from './messaging_helpers.mjs';

const { test, url } = useServer();

test('foreign conversations and messages are refused', async () => {
  await admin(url());
  const a = await newUser(url(), 'fa');
  const b = await newUser(url(), 'fb');
  const c = await newUser(url(), 'fc');
  const sb = await connect(url(), b.client);
  try {
    const toC = assertAccepted(await call(sb, 'dm_send', { to: c.username, text: 'for c' })).message;
    const toA = assertAccepted(await call(sb, 'dm_send', { to: a.username, text: 'for a' })).message;
    const pub = assertAccepted(await call(sb, 'send_message', { channel: 'general', text: 'public' })).message;
    const g = await b.client.post('/api/gdm/threads', { name: 'Closed', members: [c.username] });
    assertOk(g, 201);
    const gm = assertAccepted(await call(sb, 'gdm_send', { thread_id: g.body.id, text: 'members only' })).message;

    // Someone else's DM, named by either participant.
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: toC.id }), 404, 'message_not_found');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: c.username, message_id: toC.id }), 404, 'message_not_found');
    // A group a is not in: not revealed.
    assertError(await a.client.post('/api/read', { kind: 'gdm', thread_id: g.body.id, message_id: gm.id }), 404, 'thread_not_found');
    assertError(await a.client.post('/api/read', { kind: 'gdm', thread_id: 999999, message_id: gm.id }), 404, 'thread_not_found');
    // A message of another conversation than the one named.
    assertError(await a.client.post('/api/read', { kind: 'channel', name: 'general', message_id: toA.id }), 404, 'message_not_found');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: pub.id }), 404, 'message_not_found');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: 99999999 }), 404, 'message_not_found');
    assertError(await a.client.post('/api/read', { kind: 'channel', name: 'nowhere', message_id: pub.id }), 404, 'channel_not_found');
    assertError(await a.client.post('/api/read', { kind: 'channel', id: 999999, message_id: pub.id }), 404, 'channel_not_found');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: 'nobody_here', message_id: toA.id }), 404, 'user_not_found');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: a.username, message_id: toA.id }), 400, 'dm_self');
    // Nothing above moved a's markers.
    const res = await a.client.get('/api/unread');
    assertOk(res);
    assert.equal(res.body.conversations.find((x) => x.kind === 'dm')?.last_read_id, 0);
    assert.equal(res.body.conversations.some((x) => x.kind === 'gdm'), false, 'groups of others are not listed');
  } finally {
    sb.close();
  }
});

test('bad input: malformed JSON, missing and mistyped fields, unknown kind, no session', async () => {
  await admin(url());
  const a = await newUser(url(), 'ba');
  const b = await newUser(url(), 'bb');
  const sa = await connect(url(), a.client);
  try {
    const m = assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'x' })).message;
    assertError(await a.client.post('/api/read', '{"kind": "dm",'), 400, 'invalid_json');
    assertError(await a.client.post('/api/read', '[1, 2]'), 400, 'invalid_json');
    assertError(await a.client.post('/api/read', { peer: b.username, message_id: m.id }), 400, 'missing_field');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: b.username }), 400, 'missing_field');
    assertError(await a.client.post('/api/read', { kind: 'dm', message_id: m.id }), 400, 'missing_field');
    assertError(await a.client.post('/api/read', { kind: 'gdm', message_id: m.id }), 400, 'missing_field');
    assertError(await a.client.post('/api/read', { kind: 'channel', message_id: m.id }), 400, 'missing_field');
    assertError(await a.client.post('/api/read', { kind: 5, peer: b.username, message_id: m.id }), 400, 'invalid_field');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: 'x' }), 400, 'invalid_field');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: 1.5 }), 400, 'invalid_field');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: -3 }), 400, 'invalid_field');
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: 7, message_id: m.id }), 400, 'invalid_field');
    assertError(await a.client.post('/api/read', { kind: 'gdm', thread_id: 'abc', message_id: m.id }), 400, 'invalid_field');
    assertError(await a.client.post('/api/read', { kind: 'room', id: 1, message_id: m.id }), 400, 'invalid_field');
    assertRefused(await call(sa, 'mark_read', 'not an object'), 'invalid_json');
    assertRefused(await call(sa, 'mark_read', { kind: 'dm', peer: b.username, message_id: null }), 'missing_field');

    const anonymous = new Client(url());
    assertError(await anonymous.get('/api/unread'), 401, 'unauthorized');
    assertError(await anonymous.post('/api/read', { kind: 'dm', peer: b.username, message_id: m.id }), 401, 'unauthorized');
    // The CSRF rule of state-changing routes applies.
    assertError(await a.client.post('/api/read', { kind: 'dm', peer: b.username, message_id: m.id }, { origin: 'https://evil.example' }), 403, 'csrf_rejected');
  } finally {
    sa.close();
  }
});
