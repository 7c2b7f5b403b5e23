// Reactions and pins on public, DM and group messages (REST + socket, realtime reaction_update and
// pin_update) and GET /api/search over the messages the caller can see. docs/api-messaging.md.

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

test('pins: admins pin public messages (MC_PIN_MESSAGE), DM participants, group owners; pin_update; lists', async () => {
  const root = await admin(url());
  const a = await newUser(url(), 'pa');
  const b = await newUser(url(), 'pb');
  const c = await newUser(url(), 'pc');
  const sa = await connect(url(), a.client);
  const sb = await connect(url(), b.client);
  try {
    const pub = assertAccepted(await call(sa, 'send_message', { channel: 'general', text: 'pin me' })).message;
    assertError(await a.client.post('/api/pins/add', { message_id: pub.id, message_type: 'public' }), 403, 'forbidden');
    const heard = nextEvent(sb, 'pin_update', (p) => p.message_id === pub.id);
    assertOk(await root.client.post('/api/pins/add', { message_id: pub.id, message_type: 'public' }));
    assert.equal((await heard).action, 'pin');
    const list = await c.client.get('/api/pins?type=public&channel=general');
    assertOk(list);
    const pinned = list.body.messages.find((m) => m.id === pub.id);
    assert.equal(pinned.pinned_by, root.username);
    assert.equal(pinned.text, 'pin me');
    assertOk(await root.client.post('/api/admin/settings', { settings: { MC_PIN_MESSAGE: 0 } }));
    assertError(await root.client.post('/api/pins/remove', { message_id: pub.id, message_type: 'public' }), 403, 'feature_disabled');
    assertOk(await root.client.post('/api/admin/settings', { settings: { MC_PIN_MESSAGE: 1 } }));
    assertOk(await root.client.post('/api/pins/remove', { message_id: pub.id, message_type: 'public' }));

    const dm = assertAccepted(await call(sa, 'dm_send', { to: b.username, text: 'keep this' })).message;
    assertError(await c.client.post('/api/pins/add', { message_id: dm.id, message_type: 'dm' }), 404, 'message_not_found');
    assertOk(await b.client.post('/api/pins/add', { message_id: dm.id, message_type: 'dm' }));
    const dmPins = await a.client.get(`/api/pins?type=dm&peer=${b.username}`);
    assert.deepEqual(dmPins.body.messages.map((m) => m.id), [dm.id]);

    const g = await a.client.post('/api/gdm/threads', { name: 'Pins', members: [b.username] });
    const gm = assertAccepted(await call(sb, 'gdm_send', { thread_id: g.body.id, text: 'group pin' })).message;
    assertError(await b.client.post('/api/pins/add', { message_id: gm.id, message_type: 'gdm' }), 403, 'forbidden');
    assertOk(await a.client.post('/api/pins/add', { message_id: gm.id, message_type: 'gdm' }));
    const gPins = await b.client.get(`/api/pins?type=gdm&tid=${g.body.id}`);
    assert.deepEqual(gPins.body.messages.map((m) => m.id), [gm.id]);
    assertError(await c.client.get(`/api/pins?type=gdm&tid=${g.body.id}`), 404, 'thread_not_found');
    assertError(await c.client.get('/api/pins?type=mail'), 400, 'invalid_field');
  } finally {
    sa.close();
    sb.close();
  }
});
