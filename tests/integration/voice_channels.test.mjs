// Voice channels over REST (docs/api-voice.md): the list with participants, admin-only channel
// management, ICE configuration from the command line, and VOICE_ENABLED=0 → the contract's 503.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { admin, assertAccepted, assertRefused, call, connect, nextEvent, setSettings } from './messaging_helpers.mjs';

const { test, url } = useServer({
  args: [
    '--ice-server',
    'stun:stun.example.org:3478',
    '--ice-server',
    'turn:turn.example.org:3478?transport=udp',
    '--turn-username',
    'chatter',
    '--turn-credential',
    's3cret',
  ],
});

test('a fresh install lists general with its participants; anonymous callers are refused', async () => {
  await admin(url());
  const a = await newUser(url(), 'va');
  const res = await a.client.get('/api/voice/channels');
  assertOk(res);
  assert.deepEqual(res.body.channels, ['general']);
  assert.deepEqual(res.body.details, [{ name: 'general', participants: [] }]);
  assertError(await new Client(url()).get('/api/voice/channels'), 401, 'unauthorized');
  assertError(await new Client(url()).get('/api/voice/config'), 401, 'unauthorized');

  const socket = await connect(url(), a.client);
  try {
    const joined = assertAccepted(await call(socket, 'voice_join', { channel: 'general' }));
    const listed = await a.client.get('/api/voice/channels');
    assert.deepEqual(listed.body.details[0].participants, [{ id: joined.id, username: a.username, muted: false }]);
  } finally {
    socket.close();
  }
});

test('only admins create and delete channels; names are checked; everyone hears of changes', async () => {
  const adm = await admin(url());
  const u = await newUser(url(), 'vu');
  assertError(await u.client.post('/api/voice/channels', { name: 'gaming' }), 403, 'forbidden');
  assertError(await u.client.del('/api/voice/channels/general'), 403, 'forbidden');

  const socket = await connect(url(), u.client);
  try {
    const changed = nextEvent(socket, 'voice_channels_changed', (p) => p.created === 'gaming');
    const created = await adm.client.post('/api/voice/channels', { name: 'Gaming' });
    assertOk(created);
    assert.equal(created.body.name, 'gaming');
    await changed;
  } finally {
    socket.close();
  }
  assertError(await adm.client.post('/api/voice/channels', { name: 'gaming' }), 409, 'voice_channel_exists');
  assertError(await adm.client.post('/api/voice/channels', { name: 'dm:x:y' }), 400, 'invalid_channel_name');
  assertError(await adm.client.post('/api/voice/channels', { name: 'a'.repeat(33) }), 400, 'invalid_channel_name');
  assertError(await adm.client.post('/api/voice/channels', { name: '' }), 400, 'invalid_channel_name');
  assertError(await adm.client.post('/api/voice/channels', { name: 42 }), 400, 'invalid_field');
  assertError(await adm.client.post('/api/voice/channels', {}), 400, 'missing_field');
  assertError(await adm.client.post('/api/voice/channels', '{"name":'), 400, 'invalid_json');
  const listed = await u.client.get('/api/voice/channels');
  assert.deepEqual(listed.body.channels, ['gaming', 'general']);

  assertOk(await adm.client.del('/api/voice/channels/gaming'));
  assertError(await adm.client.del('/api/voice/channels/gaming'), 404, 'voice_channel_not_found');
  assert.deepEqual((await u.client.get('/api/voice/channels')).body.channels, ['general']);
});

test('deleting a channel removes the people in it', async () => {
  const adm = await admin(url());
  const u = await newUser(url(), 'vd');
  assertOk(await adm.client.post('/api/voice/channels', { name: 'temp' }));
  const socket = await connect(url(), u.client);
  try {
    assertAccepted(await call(socket, 'voice_join', { channel: 'temp' }));
    const emptied = nextEvent(socket, 'voice_participants', (p) => p.channel === 'temp' && p.participants.length === 0);
    assertOk(await adm.client.del('/api/voice/channels/temp'));
    await emptied;
    assertRefused(await call(socket, 'voice_mute', { muted: true }), 'not_in_voice');
    assertRefused(await call(socket, 'voice_join', { channel: 'temp' }), 'voice_channel_not_found');
  } finally {
    socket.close();
  }
});

test('ICE servers come from the command line, in GET /api/voice/config and the join ack', async () => {
  const u = await newUser(url(), 'vi');
  const expected = [
    { urls: ['stun:stun.example.org:3478'] },
    { urls: ['turn:turn.example.org:3478?transport=udp'], username: 'chatter', credential: 's3cret' },
  ];
  const res = await u.client.get('/api/voice/config');
  assertOk(res);
  assert.equal(res.body.enabled, true);
  assert.deepEqual(res.body.ice_servers, expected);
  const socket = await connect(url(), u.client);
  try {
    const joined = assertAccepted(await call(socket, 'voice_join', { channel: 'general' }));
    assert.deepEqual(joined.ice_servers, expected);
  } finally {
    socket.close();
  }
});

test('VOICE_ENABLED=0: the list answers the contract 503 and joining is refused', async () => {
  const adm = await admin(url());
  const u = await newUser(url(), 'vo');
  await setSettings(adm.client, { VOICE_ENABLED: 0 });
  try {
    const res = await u.client.get('/api/voice/channels');
    assertError(res, 503, 'voice_disabled');
    assert.equal(res.body.error, 'Voice service unavailable');
    assert.deepEqual(res.body.channels, []);
    assert.deepEqual(Object.keys(res.body).sort(), ['channels', 'code', 'error', 'ok']);
    const config = await u.client.get('/api/voice/config');
    assertOk(config);
    assert.equal(config.body.enabled, false);
    const socket = await connect(url(), u.client);
    try {
      const refused = await call(socket, 'voice_join', { channel: 'general' });
      assertRefused(refused, 'voice_disabled');
      assert.deepEqual(refused.channels, []);
    } finally {
      socket.close();
    }
  } finally {
    await setSettings(adm.client, { VOICE_ENABLED: 1 });
  }
  assertOk(await u.client.get('/api/voice/channels'));
});
