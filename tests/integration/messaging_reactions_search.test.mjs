// Reactions on public, DM and group messages (REST + socket, realtime reaction_update) and
// GET /api/search over the messages the caller can see. docs/api-messaging.md.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { admin, assertAccepted, assertRefused, call, connect, flush, nextEvent, record } from './messaging_helpers.mjs';

const { test, url } = useServer();

test('reactions: add/remove/list with visibility checks and reaction_update to the audience', async () => {
  await admin(url());
  const a = await newUser(url(), 'ra');
  const b = await newUser(url(), 'rb');
  const c = await newUser(url(), 'rc');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  const sc = await connect(url(), c.client);
  try {
    const pub = assertAccepted(await call(sa, 'send_message', { channel: 'general', text: 'react to me' })).message;
    const dm = assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'private' })).message;

    const heard = nextEvent(sc, 'reaction_update', (p) => p.message_id === pub.id && p.message_type === 'public');
    const res = await b.client.post('/api/reactions/add', { message_id: pub.id, message_type: 'public', emoji: '👍' });
    assertOk(res);
    assert.deepEqual(res.body.reactions, { '👍': [b.username] });
    const ev = await heard;
    assert.equal(ev.action, 'add');
    assert.equal(ev.username, b.username);

    const seenByC = record(sc, 'reaction_update');
    const dmHeard = nextEvent(sa, 'reaction_update', (p) => p.message_type === 'dm');
    const ack = assertAccepted(await call(sb, 'reaction_add', { message_id: dm.id, message_type: 'dm', emoji: '🎉' }));
    assert.deepEqual(ack.reactions, { '🎉': [b.username] });
    assert.equal((await dmHeard).emoji, '🎉');
    await flush(sc);
    assert.equal(seenByC.filter((p) => p.message_type === 'dm').length, 0, 'DM reactions stay private');

    assertError(
      await c.client.post('/api/reactions/add', { message_id: dm.id, message_type: 'dm', emoji: '👀' }),
      404,
      'message_not_found',
    );
    assertError(await c.client.get(`/api/reactions/${dm.id}/dm`), 404, 'message_not_found');
    assertError(
      await a.client.post('/api/reactions/add', { message_id: pub.id, message_type: 'mail', emoji: '👍' }),
      400,
      'invalid_field',
    );
    assertError(
      await a.client.post('/api/reactions/add', { message_id: pub.id, message_type: 'public', emoji: '<script>' }),
      400,
      'invalid_field',
    );
    assertRefused(await call(sa, 'reaction_add', { message_id: 'x', message_type: 'public', emoji: '👍' }), 'invalid_field');

    const list = await a.client.get(`/api/reactions/${dm.id}/dm`);
    assertOk(list);
    assert.deepEqual(list.body.reactions, { '🎉': [b.username] });
    assertOk(await b.client.post('/api/reactions/remove', { message_id: dm.id, message_type: 'dm', emoji: '🎉' }));
    assert.deepEqual((await a.client.get(`/api/reactions/${dm.id}/dm`)).body.reactions, {});
  } finally {
    for (const s of [sa, sb, sc]) s.close();
  }
});

test('search finds public messages for everyone, DMs and group messages only for their participants', async () => {
  await admin(url());
  const a = await newUser(url(), 'sa');
  const b = await newUser(url(), 'sb');
  const c = await newUser(url(), 'sc');
  const sa = await connect(url(), a.client);
  try {
    const word = `zebra${Date.now().toString(36)}`;
    const g = await a.client.post('/api/gdm/threads', { name: 'Zoo', members: [b.username] });
    assertOk(g, 201);
    assertAccepted(await call(sa, 'send_message', { channel: 'general', text: `public ${word}` }));
    assertAccepted(await call(sa, 'dm_send', { to: b.username, text: `dm ${word}` }));
    assertAccepted(await call(sa, 'gdm_send', { thread_id: g.body.id, text: `group ${word}` }));

    const forB = await b.client.get(`/api/search?q=${encodeURIComponent(word)}`);
    assertOk(forB);
    assert.deepEqual(forB.body.results.map((r) => r.type).sort(), ['dm', 'gdm', 'public']);
    const forC = await c.client.get(`/api/search?q=${encodeURIComponent(word)}`);
    assert.deepEqual(forC.body.results.map((r) => r.type), ['public']);
    const prefix = await c.client.get(`/api/search?q=${encodeURIComponent(word.slice(0, 7))}`);
    assert.ok(prefix.body.results.some((r) => r.text === `public ${word}`), 'prefix search');
    const syntax = await c.client.get(`/api/search?q=${encodeURIComponent('" OR NEAR( *')}`);
    assertOk(syntax);
    assertError(await c.client.get('/api/search?q=%20'), 400, 'invalid_field');
    assertError(await c.client.get('/api/search'), 400, 'invalid_field');
    assertError(await new Client(url()).get(`/api/search?q=${word}`), 401, 'unauthorized');
  } finally {
    sa.close();
  }
});
