// Voice signalling over Socket.IO (docs/api-voice.md): voice_join/leave/mute, targeted
// voice_offer/answer/ice that reach only the addressee, DM and group calls for members only,
// voice_ring, disconnect cleanup, and bad input.

import assert from 'node:assert/strict';
import { useServer } from '../support/server.mjs';
import { newUser } from '../support/client.mjs';
import { assertOk } from '../support/errors.mjs';
import {
  admin,
  assertAccepted,
  assertRefused,
  call,
  connect,
  nextEvent,
  record,
} from './messaging_helpers.mjs';

const { test, url } = useServer({ args: ['--register-per-ip-per-hour', '1000'] });

const OFFER = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
const ANSWER = { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' };
const CANDIDATE = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

async function users(...prefixes) {
  await admin(url());
  const out = [];
  for (const p of prefixes) {
    const u = await newUser(url(), p);
    u.socket = await connect(url(), u.client);
    out.push(u);
  }
  return out;
}

/** A channel of its own for a test that checks exact participant lists. */
async function ownChannel(name) {
  const adm = await admin(url());
  assertOk(await adm.client.post('/api/voice/channels', { name }));
  return name;
}

function closeAll(list) {
  for (const u of list) u.socket.close();
}

/** A round trip on `socket`: pushes emitted to it before this call have arrived. */
async function flush(socket) {
  await call(socket, 'voice_mute', 'not an object');
}

test('join, participants pushed on every change, mute state, leave', async () => {
  const list = await users('ja', 'jb');
  const [a, b] = list;
  try {
    const first = assertAccepted(await call(a.socket, 'voice_join', { channel: 'general' }));
    assert.equal(first.channel, 'general');
    assert.equal(first.id, a.socket.id);
    assert.deepEqual(first.participants, [{ id: a.socket.id, username: a.username, muted: false }]);
    assert.deepEqual(first.ice_servers, []);

    const seenByA = nextEvent(a.socket, 'voice_participants', (p) => p.participants.length === 2);
    const second = assertAccepted(await call(b.socket, 'voice_join', { channel: 'general' }));
    assert.deepEqual(
      second.participants.map((p) => p.username),
      [a.username, b.username],
    );
    assert.equal((await seenByA).channel, 'general');

    const muted = nextEvent(a.socket, 'voice_participants', (p) => p.participants.some((x) => x.muted));
    assert.deepEqual(await call(b.socket, 'voice_mute', { muted: true }), { ok: true, muted: true });
    const state = await muted;
    assert.equal(state.participants.find((p) => p.id === b.socket.id).muted, true);

    const left = nextEvent(a.socket, 'voice_participants', (p) => p.participants.length === 1);
    assert.deepEqual(await call(b.socket, 'voice_leave', {}), { ok: true, channel: 'general' });
    assert.deepEqual((await left).participants.map((p) => p.id), [a.socket.id]);
    assert.deepEqual(await call(b.socket, 'voice_leave', {}), { ok: true, channel: null });
    assertRefused(await call(b.socket, 'voice_mute', { muted: false }), 'not_in_voice');
    assertAccepted(await call(a.socket, 'voice_leave'));
  } finally {
    closeAll(list);
  }
});

test('offer, answer and ICE reach only the addressee, with from added', async () => {
  const list = await users('sa', 'sb', 'sc');
  const [a, b, c] = list;
  try {
    for (const u of list) assertAccepted(await call(u.socket, 'voice_join', { channel: 'general' }));
    const atC = [...['voice_offer', 'voice_answer', 'voice_ice'].map((e) => record(c.socket, e))];
    const atA = record(a.socket, 'voice_offer');

    const offer = nextEvent(b.socket, 'voice_offer');
    assertAccepted(await call(a.socket, 'voice_offer', { to: b.socket.id, channel: 'general', sdp: OFFER, extra: 1 }));
    assert.deepEqual(await offer, { from: a.socket.id, username: a.username, channel: 'general', sdp: OFFER });

    const answer = nextEvent(a.socket, 'voice_answer');
    assertAccepted(await call(b.socket, 'voice_answer', { to: a.socket.id, channel: 'general', sdp: ANSWER }));
    assert.deepEqual((await answer).sdp, ANSWER);

    const ice = nextEvent(b.socket, 'voice_ice', (p) => p.candidate !== null);
    assertAccepted(
      await call(a.socket, 'voice_ice', { to: b.socket.id, channel: 'general', candidate: { ...CANDIDATE, junk: 'x' } }),
    );
    assert.deepEqual((await ice).candidate, CANDIDATE);
    const done = nextEvent(b.socket, 'voice_ice', (p) => p.candidate === null);
    assertAccepted(await call(a.socket, 'voice_ice', { to: b.socket.id, channel: 'general', candidate: null }));
    assert.equal((await done).from, a.socket.id);

    await flush(c.socket);
    await flush(a.socket);
    assert.deepEqual(atC, [[], [], []], 'a third participant must not see signalling addressed to another');
    assert.deepEqual(atA, [], 'the sender must not get its own offer back');
  } finally {
    closeAll(list);
  }
});

test('signalling to someone outside the channel, or from outside it, is refused', async () => {
  const adm = await admin(url());
  assertOk(await adm.client.post('/api/voice/channels', { name: 'side' }));
  const list = await users('oa', 'ob', 'oc');
  const [a, b, c] = list;
  try {
    assertAccepted(await call(a.socket, 'voice_join', { channel: 'general' }));
    assertAccepted(await call(b.socket, 'voice_join', { channel: 'side' }));
    const atB = record(b.socket, 'voice_offer');
    assertRefused(await call(a.socket, 'voice_offer', { to: b.socket.id, channel: 'general', sdp: OFFER }), 'voice_peer_not_found');
    assertRefused(await call(a.socket, 'voice_offer', { to: c.socket.id, channel: 'general', sdp: OFFER }), 'voice_peer_not_found');
    assertRefused(await call(a.socket, 'voice_offer', { to: 'no-such-id', channel: 'general', sdp: OFFER }), 'voice_peer_not_found');
    assertRefused(await call(a.socket, 'voice_offer', { to: a.socket.id, channel: 'general', sdp: OFFER }), 'voice_peer_not_found');
    assertRefused(await call(c.socket, 'voice_offer', { to: a.socket.id, channel: 'general', sdp: OFFER }), 'not_in_voice');
    assertRefused(await call(a.socket, 'voice_offer', { to: b.socket.id, channel: 'side', sdp: OFFER }), 'not_in_voice');
    await flush(b.socket);
    assert.deepEqual(atB, []);
  } finally {
    closeAll(list);
  }
});

test('bad input: unknown channel, wrong types, wrong sdp type, oversize sdp', async () => {
  const list = await users('ba', 'bb');
  const [a, b] = list;
  try {
    assertRefused(await call(a.socket, 'voice_join', { channel: 'nope' }), 'voice_channel_not_found');
    assertRefused(await call(a.socket, 'voice_join', { channel: 7 }), 'invalid_field');
    assertRefused(await call(a.socket, 'voice_join', {}), 'missing_field');
    assertRefused(await call(a.socket, 'voice_join', 'general'), 'invalid_json');
    assertRefused(await call(a.socket, 'voice_join', { channel: 'x'.repeat(5000) }), 'voice_channel_not_found');
    assertAccepted(await call(a.socket, 'voice_join', { channel: 'general' }));
    assertAccepted(await call(b.socket, 'voice_join', { channel: 'general' }));
    assertRefused(await call(a.socket, 'voice_mute', { muted: 'yes' }), 'invalid_field');
    assertRefused(await call(a.socket, 'voice_mute', {}), 'invalid_field');
    const to = b.socket.id;
    assertRefused(await call(a.socket, 'voice_offer', { to, channel: 'general', sdp: 'v=0' }), 'invalid_field');
    assertRefused(await call(a.socket, 'voice_offer', { to, channel: 'general', sdp: ANSWER }), 'invalid_field');
    assertRefused(await call(a.socket, 'voice_answer', { to, channel: 'general', sdp: OFFER }), 'invalid_field');
    assertRefused(await call(a.socket, 'voice_offer', { to, channel: 'general' }), 'invalid_field');
    assertRefused(await call(a.socket, 'voice_offer', { channel: 'general', sdp: OFFER }), 'missing_field');
    assertRefused(await call(a.socket, 'voice_offer', { to: 5, channel: 'general', sdp: OFFER }), 'invalid_field');
    const huge = { type: 'offer', sdp: 'a'.repeat(70 * 1024) };
    assertRefused(await call(a.socket, 'voice_offer', { to, channel: 'general', sdp: huge }), 'sdp_too_large');
    assertRefused(await call(a.socket, 'voice_ice', { to, channel: 'general' }), 'missing_field');
    assertRefused(await call(a.socket, 'voice_ice', { to, channel: 'general', candidate: 'c' }), 'invalid_field');
    assertRefused(
      await call(a.socket, 'voice_ice', { to, channel: 'general', candidate: { ...CANDIDATE, sdpMLineIndex: 'x' } }),
      'invalid_field',
    );
  } finally {
    closeAll(list);
  }
});

test('closing the connection removes the participant for the others', async () => {
  const list = await users('da', 'db');
  const [a, b] = list;
  const room = await ownChannel('dropped');
  try {
    assertAccepted(await call(a.socket, 'voice_join', { channel: room }));
    assertAccepted(await call(b.socket, 'voice_join', { channel: room }));
    const gone = nextEvent(a.socket, 'voice_participants', (p) => !p.participants.some((x) => x.username === b.username));
    const bId = b.socket.id;
    b.socket.close();
    const after = await gone;
    assert.deepEqual(after.participants.map((p) => p.id), [a.socket.id]);
    assertRefused(await call(a.socket, 'voice_offer', { to: bId, channel: room, sdp: OFFER }), 'voice_peer_not_found');
    const listed = await a.client.get('/api/voice/channels');
    assert.deepEqual(listed.body.details.find((d) => d.name === room).participants.map((p) => p.id), [a.socket.id]);
    assertAccepted(await call(a.socket, 'voice_leave'));
  } finally {
    closeAll(list);
  }
});

test('two tabs of one user are two participants with the same username', async () => {
  const list = await users('ta');
  const [a] = list;
  const tab2 = await connect(url(), a.client);
  const room = await ownChannel('tabs');
  try {
    assertAccepted(await call(a.socket, 'voice_join', { channel: room }));
    const joined = assertAccepted(await call(tab2, 'voice_join', { channel: room }));
    assert.deepEqual(joined.participants.map((p) => p.username), [a.username, a.username]);
    assert.notEqual(joined.participants[0].id, joined.participants[1].id);
    const offer = nextEvent(a.socket, 'voice_offer');
    assertAccepted(await call(tab2, 'voice_offer', { to: a.socket.id, channel: room, sdp: OFFER }));
    assert.equal((await offer).from, tab2.id);
    assertAccepted(await call(a.socket, 'voice_leave'));
    assertAccepted(await call(tab2, 'voice_leave'));
  } finally {
    tab2.close();
    closeAll(list);
  }
});

test('DM calls: only the two people join, the other is rung, and opting out of DMs blocks starting', async () => {
  const list = await users('ma', 'mb', 'mc');
  const [a, b, c] = list;
  const room = `dm:${[a.username, b.username].sort().join(':')}`;
  try {
    assertRefused(await call(c.socket, 'voice_join', { channel: room }), 'not_a_member');
    assertRefused(await call(a.socket, 'voice_join', { channel: `dm:${a.username}:ghost-user` }), 'voice_channel_not_found');
    assertRefused(await call(a.socket, 'voice_join', { channel: `dm:${a.username}:${a.username}` }), 'voice_channel_not_found');
    const atC = record(c.socket, 'voice_ring');
    const ring = nextEvent(b.socket, 'voice_ring');
    const reversed = `dm:${[a.username, b.username].sort().reverse().join(':')}`;
    const joined = assertAccepted(await call(a.socket, 'voice_join', { channel: reversed }));
    assert.equal(joined.channel, room);
    assert.deepEqual(await ring, { channel: room, from: a.username, kind: 'dm' });
    const both = nextEvent(a.socket, 'voice_participants', (p) => p.channel === room && p.participants.length === 2);
    assertAccepted(await call(b.socket, 'voice_join', { channel: room }));
    await both;
    await flush(c.socket);
    assert.deepEqual(atC, []);
    assertAccepted(await call(a.socket, 'voice_leave'));
    assertAccepted(await call(b.socket, 'voice_leave'));

    assertOk(await b.client.post('/api/dm/settings', { allow_dms: 'nobody' }));
    assertRefused(await call(a.socket, 'voice_join', { channel: room }), 'dms_not_accepted');
    assertAccepted(await call(b.socket, 'voice_join', { channel: room }));
    assertAccepted(await call(a.socket, 'voice_join', { channel: room }));
  } finally {
    closeAll(list);
  }
});

test('group calls: members only; the others are rung', async () => {
  const list = await users('ga', 'gb', 'gc');
  const [a, b, c] = list;
  try {
    const created = await a.client.post('/api/gdm/threads', { name: 'Call', members: [b.username] });
    assertOk(created, 201);
    const room = `gdm:${created.body.id}`;
    assertRefused(await call(c.socket, 'voice_join', { channel: room }), 'not_a_member');
    assertRefused(await call(c.socket, 'voice_join', { channel: 'gdm:999999' }), 'voice_channel_not_found');
    assertRefused(await call(c.socket, 'voice_join', { channel: 'gdm:abc' }), 'voice_channel_not_found');
    const ring = nextEvent(b.socket, 'voice_ring');
    assertAccepted(await call(a.socket, 'voice_join', { channel: room }));
    assert.deepEqual(await ring, { channel: room, from: a.username, kind: 'gdm' });
    assertAccepted(await call(b.socket, 'voice_join', { channel: room }));
    const offer = nextEvent(b.socket, 'voice_offer');
    assertAccepted(await call(a.socket, 'voice_offer', { to: b.socket.id, channel: room, sdp: OFFER }));
    assert.equal((await offer).channel, room);
  } finally {
    closeAll(list);
  }
});

test('a member who leaves the group by any path is dropped from its running call at once', async () => {
  const root = await admin(url());
  const list = await users('gx', 'gy', 'gz', 'gw');
  const [a, b, c, d] = list;
  try {
    const created = await a.client.post('/api/gdm/threads', { name: 'Dropped', members: [b.username, c.username, d.username] });
    assertOk(created, 201);
    const tid = created.body.id;
    const room = `gdm:${tid}`;
    for (const u of list) assertAccepted(await call(u.socket, 'voice_join', { channel: room }));
    const ids = () => list.map((u) => u.socket.id);

    // Removed by the owner: b's own tab learns it is out, the others see the shorter list.
    const bOut = nextEvent(b.socket, 'voice_participants', (p) => p.channel === room && !p.participants.some((x) => x.id === b.socket.id));
    const aSees = nextEvent(a.socket, 'voice_participants', (p) => p.channel === room && p.participants.length === 3);
    assertOk(await a.client.post('/api/gdm/remove_member', { tid, username: b.username }));
    await bOut;
    assert.deepEqual((await aSees).participants.map((p) => p.id).sort(), ids().filter((id) => id !== b.socket.id).sort());
    // Out means out: no signalling into the call, no way back in.
    assertRefused(await call(b.socket, 'voice_offer', { to: a.socket.id, channel: room, sdp: OFFER }), 'not_in_voice');
    assertRefused(await call(a.socket, 'voice_offer', { to: b.socket.id, channel: room, sdp: OFFER }), 'voice_peer_not_found');
    assertRefused(await call(b.socket, 'voice_join', { channel: room }), 'not_a_member');

    // Kicked.
    const cOut = nextEvent(c.socket, 'voice_participants', (p) => p.channel === room && !p.participants.some((x) => x.id === c.socket.id));
    assertOk(await a.client.post('/api/gdm/kick', { tid, user: c.username }));
    await cOut;

    // Left by themselves.
    const dOut = nextEvent(d.socket, 'voice_participants', (p) => p.channel === room && !p.participants.some((x) => x.id === d.socket.id));
    const aAlone = nextEvent(a.socket, 'voice_participants', (p) => p.channel === room && p.participants.length === 1);
    assertOk(await d.client.post('/api/gdm/leave', { tid }));
    await dOut;
    assert.deepEqual((await aAlone).participants.map((p) => p.username), [a.username]);

    // The group deleted by an administrator: the call ends for everyone still in it.
    const aOut = nextEvent(a.socket, 'voice_participants', (p) => p.channel === room && p.participants.length === 0);
    assertOk(await root.client.post('/api/gdm/delete', { tid }));
    await aOut;
  } finally {
    closeAll(list);
  }
});
