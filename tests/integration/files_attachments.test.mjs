// Message attachments are the sender's own live tmpweb files (docs/api-messaging.md, Attachments):
// send_message, dm_send and gdm_send accept a file's url or id and store its canonical url;
// someone else's, expired, deleted, unknown or foreign-looking attachments are refused.

import assert from 'node:assert/strict';
import { Client, newUser } from '../support/client.mjs';
import { useServer, waitFor } from '../support/server.mjs';
import { upload } from './files_helpers.mjs';
import { admin, assertAccepted, assertRefused, call, connect, nextEvent } from './messaging_helpers.mjs';

const { test } = useServer({ args: ['--min-expiry', '1'] });

test('a channel message carries the sender\'s file by url or id; everyone sees the same url', async (t, srv) => {
  await admin(srv.url);
  const alice = await newUser(srv.url, 'att');
  const bob = await newUser(srv.url, 'atb');
  const sa = await connect(srv.url, alice.client);
  const sb = await connect(srv.url, bob.client);
  const { body: f } = await upload(alice.client, 'cat picture.png', Buffer.from('89504e470d0a1a0a', 'hex'));

  const seen = nextEvent(sb, 'new_message', (m) => m.username === alice.username);
  const byId = assertAccepted(await call(sa, 'send_message', { channel: 'general', text: '', attachment: f.id }));
  assert.equal(byId.message.attachment, f.url);
  assert.equal(byId.message.attachment, `/files/${f.id}/cat%20picture.png`);
  assert.equal((await seen).attachment, f.url);

  // The name part of a url is not trusted: the stored url carries the file's own name.
  const byUrl = assertAccepted(
    await call(sa, 'send_message', { channel: 'general', text: 'see', attachment: `/files/${f.id}/evil.html` }),
  );
  assert.equal(byUrl.message.attachment, f.url);

  const history = await bob.client.get('/api/messages?channel=general');
  assert.equal(history.status, 200, history.text);
  assert.ok(history.body.messages.some((m) => m.id === byId.message.id && m.attachment === f.url));
  const dl = await new Client(srv.url).get(byId.message.attachment);
  assert.equal(dl.status, 200);
  sa.close();
  sb.close();
});

test('someone else\'s, unknown, deleted, expired and non-file attachments are refused everywhere', async (t, srv) => {
  await admin(srv.url);
  const alice = await newUser(srv.url, 'arf');
  const bob = await newUser(srv.url, 'arb');
  const sa = await connect(srv.url, alice.client);
  const { body: bobs } = await upload(bob.client, 'b.txt', 'bob');
  const { body: gone } = await upload(alice.client, 'gone.txt', 'gone');
  assert.equal((await alice.client.del(`/api/files/${gone.id}`)).status, 200);
  const { body: brief } = await upload(alice.client, 'brief.txt', 'brief', { expiresIn: 1 });
  await waitFor(async () => (await alice.client.get(`/api/files/${brief.id}`)).status === 404, {
    what: 'file expired',
    intervalMs: 200,
  });

  const tid = (await alice.client.post('/api/gdm/threads', { name: 'g', members: [bob.username] })).body.id;
  assert.equal(typeof tid, 'number');
  const sends = [
    (attachment) => call(sa, 'send_message', { channel: 'general', text: 'x', attachment }),
    (attachment) => call(sa, 'dm_send', { to: bob.username, text: 'x', attachment, reply_to: null }),
    (attachment) => call(sa, 'gdm_send', { thread_id: tid, text: 'x', attachment, reply_to: null }),
  ];
  const refused = [
    bobs.id,
    bobs.url,
    gone.id,
    brief.url,
    'f'.repeat(32),
    'javascript:alert(1)',
    'https://evil.example/files/x.png',
    '//evil.example/x.png',
    '/files/../../etc/passwd',
    '/api/auth/logout',
    '',
    'x'.repeat(2000),
  ];
  for (const send of sends) {
    for (const attachment of refused) {
      const ack = await send(attachment);
      assertRefused(ack, 'invalid_attachment');
      assert.match(ack.error, /your own uploaded files/);
    }
    assertRefused(await send(5), 'invalid_field');
  }
  sa.close();
});

test('DMs and group messages carry the sender\'s own file', async (t, srv) => {
  await admin(srv.url);
  const alice = await newUser(srv.url, 'adm');
  const bob = await newUser(srv.url, 'adb');
  const sa = await connect(srv.url, alice.client);
  const sb = await connect(srv.url, bob.client);
  const { body: f } = await upload(alice.client, 'report.pdf', '%PDF-1.4 test');

  const dmSeen = nextEvent(sb, 'dm_new', (m) => m.from_user === alice.username);
  const dm = assertAccepted(await call(sa, 'dm_send', { to: bob.username, text: '', attachment: f.url, reply_to: null }));
  assert.equal(dm.message.attachment, f.url);
  assert.equal((await dmSeen).attachment, f.url);

  const tid = (await alice.client.post('/api/gdm/threads', { name: 'team', members: [bob.username] })).body.id;
  const gdmSeen = nextEvent(sb, 'gdm_new', (m) => m.username === alice.username);
  const g = assertAccepted(await call(sa, 'gdm_send', { thread_id: tid, text: 'doc', attachment: f.id, reply_to: null }));
  assert.equal(g.message.attachment, f.url);
  assert.equal((await gdmSeen).attachment, f.url);

  // Bob cannot forward Alice's file as his own attachment.
  assertRefused(await call(sb, 'dm_send', { to: alice.username, text: 'fw', attachment: f.url, reply_to: null }), 'invalid_attachment');
  sa.close();
  sb.close();
});
