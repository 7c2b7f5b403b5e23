// Avatar upload, re-serving and removal (docs/api-files-admin.md, Users): images only, never SVG,
// size-limited, served from an unguessable name with nosniff and a sandbox CSP.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { admin } from './messaging_helpers.mjs';
import { GIF, PNG, uploadAvatar } from './users_helpers.mjs';

const MAX_AVATAR = 4096;
const { test } = useServer({ args: ['--max-avatar', String(MAX_AVATAR)] });

function avatarDir(srv) {
  return fs.readdirSync(path.join(srv.dataDir, 'avatars'));
}

test('a PNG avatar is stored, shown on the profile and served safely', async (t, srv) => {
  await admin(srv.url);
  const { client, username } = await newUser(srv.url, 'ava');
  const res = await uploadAvatar(client, '../../evil name.svg', PNG, { type: 'image/svg+xml' });
  assertOk(res);
  assert.match(res.body.avatar_url, /^\/avatars\/[0-9a-f]{32}\.png$/);
  const profile = await client.get(`/api/users/${username}`);
  assert.equal(profile.body.user.avatar_url, res.body.avatar_url);

  const dl = await new Client(srv.url).get(res.body.avatar_url);
  assert.equal(dl.status, 200);
  assert.ok(dl.raw.equals(PNG), 'the avatar must come back byte-identical');
  assert.equal(dl.headers['content-type'], 'image/png');
  assert.equal(dl.headers['x-content-type-options'], 'nosniff');
  assert.match(dl.headers['content-security-policy'], /^sandbox; default-src 'none'/);

  // Replacing removes the old file.
  const gif = await uploadAvatar(client, 'a.gif', GIF);
  assertOk(gif);
  assert.match(gif.body.avatar_url, /\.gif$/);
  assert.equal((await new Client(srv.url).get(res.body.avatar_url)).status, 404);
  assert.equal((await new Client(srv.url).get(gif.body.avatar_url)).headers['content-type'], 'image/gif');
  assert.equal(avatarDir(srv).filter((n) => !n.startsWith('part-')).length, 1);

  assertOk(await client.del('/api/account/avatar'));
  assert.equal((await client.get(`/api/users/${username}`)).body.user.avatar_url, null);
  assert.equal((await new Client(srv.url).get(gif.body.avatar_url)).status, 404);
  assertOk(await client.del('/api/account/avatar'), 200);
});

test('SVG, HTML and other non-images are refused whatever they claim to be', async (t, srv) => {
  const { client, username } = await newUser(srv.url, 'svg');
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
  assertError(await uploadAvatar(client, 'a.png', svg, { type: 'image/png' }), 400, 'invalid_avatar');
  const html = '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>';
  assertError(await uploadAvatar(client, 'a.png', html), 400, 'invalid_avatar');
  assertError(await uploadAvatar(client, 'a.png', Buffer.alloc(0)), 400, 'invalid_avatar');
  assertError(await uploadAvatar(client, 'a.png', Buffer.from('just some text, not an image\n')), 400, 'invalid_avatar');
  assertError(await uploadAvatar(client, 'a.png', Buffer.from('%PDF-1.4\n%âãÏÓ\n')), 400, 'invalid_avatar');
  assert.equal((await client.get(`/api/users/${username}`)).body.user.avatar_url, null);
  assert.deepEqual(avatarDir(srv).filter((n) => n.startsWith('part-')), []);
});

test('oversized avatars are 413 and leave nothing behind', async (t, srv) => {
  const { client } = await newUser(srv.url, 'big');
  const before = avatarDir(srv).length;
  const big = Buffer.concat([PNG, Buffer.alloc(MAX_AVATAR)]);
  assertError(await uploadAvatar(client, 'big.png', big), 413, 'payload_too_large');
  // Far above the limit: refused from the Content-Length, before the body is read.
  const huge = Buffer.concat([PNG, Buffer.alloc(MAX_AVATAR + 200 * 1024)]);
  assert.equal((await uploadAvatar(client, 'huge.png', huge)).status, 413);
  assert.equal(avatarDir(srv).length, before);
  assert.deepEqual(fs.readdirSync(path.join(srv.dataDir, 'files', 'tmp')), []);
});

test('malformed uploads and anonymous callers are refused', async (t, srv) => {
  const { client } = await newUser(srv.url, 'mal');
  assertError(await uploadAvatar(client, 'a.png', PNG, { contentType: 'image/png' }), 415, 'unsupported_media_type');
  assertError(
    await uploadAvatar(client, 'a.png', PNG, { contentType: 'multipart/form-data; boundary=wrongboundary' }),
    400,
    'invalid_multipart',
  );
  const noFile = await client.post('/api/account/avatar', '--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n', {
    headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
  });
  assertError(noFile, 400, 'invalid_multipart');
  assertError(await uploadAvatar(new Client(srv.url), 'a.png', PNG), 401, 'unauthorized');
  assertError(await new Client(srv.url).del('/api/account/avatar'), 401, 'unauthorized');
  for (const name of ['nothere.png', '../chatter.db', `${'0'.repeat(32)}.png`, `${'0'.repeat(32)}.svg`]) {
    const res = await new Client(srv.url).get(`/avatars/${encodeURIComponent(name)}`);
    assert.equal(res.status, 404, name);
  }
});
