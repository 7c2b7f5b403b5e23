// /api/channels/custom/*: registration (the server fetches the script through the SSRF guard),
// list, toggle, share, delete, re-fetch with acceptance, the script served from Chatter's origin,
// and the permission matrix: owner, another user, an admin, anonymous.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { ISO_Z, admin } from './messaging_helpers.mjs';
import { MAX_SCRIPT, registerChannel, scriptServer } from './custom_channels_helpers.mjs';

const ECHO = 'window.ChatterCustomChannel = { name: "Echo", init: function () {} };\n';
let mutable = 'window.ChatterCustomChannel = { name: "v1" };';
const scripts = scriptServer({
  '/echo.js': ECHO,
  '/mutable.js': () => mutable,
  '/big.js': 'x'.repeat(MAX_SCRIPT + 1),
  '/exact.js': '/' + '*'.repeat(MAX_SCRIPT - 4) + '*/\n',
  '/binary.js': Buffer.from([0x77, 0xff, 0xfe, 0x00, 0x41]),
  '/empty.js': '  \n',
});
const sha = (text) => crypto.createHash('sha256').update(text).digest('hex');

const server = useServer({ args: ['--fetch-allow-host', '127.0.0.1'] });

server.test('register fetches and stores the script, list shows it with its hash', async (t, srv) => {
  await admin(srv.url);
  const { client, username } = await newUser(srv.url, 'cc');
  const res = await client.post('/api/channels/custom/register', { url: `${scripts.origin()}/echo.js`, name: ' Echo ' });
  assertOk(res);
  const id = res.body.id;
  const list = await client.get('/api/channels/custom/list');
  assertOk(list);
  const channel = list.body.channels.find((c) => c.id === id);
  assert.ok(channel, JSON.stringify(list.body));
  assert.equal(channel.name, 'Echo');
  assert.equal(channel.url, `${scripts.origin()}/echo.js`);
  assert.equal(channel.enabled, true);
  assert.match(channel.created_at, ISO_Z);
  assert.equal(channel.owner, username);
  assert.equal(channel.mine, true);
  assert.equal(channel.shared, false);
  assert.equal(channel.sha256, sha(ECHO));
  assert.equal(channel.size, Buffer.byteLength(ECHO));
  assert.equal(channel.accepted, true, 'the creator accepted the script by registering it');
  assert.equal(channel.changed, false);
  assert.equal(channel.script_url, `/api/channels/custom/${id}/script.js`);

  const script = await client.get(channel.script_url);
  assert.equal(script.status, 200);
  assert.equal(script.text, ECHO);
  assert.match(script.headers['content-type'], /^text\/javascript/);
  assert.equal(script.headers['x-content-type-options'], 'nosniff');
  const pinned = await client.get(`${channel.script_url}?v=${channel.sha256}`);
  assert.equal(pinned.text, ECHO);
  assertError(await client.get(`${channel.script_url}?v=${sha('other')}`), 409, 'script_changed');

  const disabled = await registerChannel(client, `${scripts.origin()}/echo.js`, 'Off', { enabled: false });
  assert.equal(disabled.enabled, false);
});

server.test('bad input: names, URLs, unreachable hosts, oversize and non-text scripts', async (t, srv) => {
  const { client } = await newUser(srv.url, 'cb');
  const url = `${scripts.origin()}/echo.js`;
  for (const name of ['', '   ', 'x'.repeat(65), 'tab\there', 'line\nbreak']) {
    assertError(await client.post('/api/channels/custom/register', { url, name }), 400, 'invalid_name');
  }
  assertError(await client.post('/api/channels/custom/register', { url, name: 7 }), 400, 'invalid_field');
  assertError(await client.post('/api/channels/custom/register', { name: 'x' }), 400, 'missing_field');
  assertError(await client.post('/api/channels/custom/register', '{"url": '), 400, 'invalid_json');
  assertError(await client.post('/api/channels/custom/register', { url, name: 'x', enabled: 'yes' }), 400, 'invalid_field');
  for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://127.0.0.1/x', 'not a url']) {
    assertError(await client.post('/api/channels/custom/register', { url: bad, name: 'x' }), 400, 'invalid_url');
  }
  for (const path of ['/missing.js']) {
    assertError(await client.post('/api/channels/custom/register', { url: `${scripts.origin()}${path}`, name: 'x' }), 400, 'fetch_failed');
  }
  const closed = await client.post('/api/channels/custom/register', { url: 'http://127.0.0.1:1/x.js', name: 'x' });
  assertError(closed, 400, 'fetch_failed');
  assertError(await client.post('/api/channels/custom/register', { url: `${scripts.origin()}/big.js`, name: 'x' }), 413, 'payload_too_large');
  assertOk(await client.post('/api/channels/custom/register', { url: `${scripts.origin()}/exact.js`, name: 'at the limit' }));
  assertError(await client.post('/api/channels/custom/register', { url: `${scripts.origin()}/binary.js`, name: 'x' }), 400, 'invalid_script');
  assertError(await client.post('/api/channels/custom/register', { url: `${scripts.origin()}/empty.js`, name: 'x' }), 400, 'invalid_script');
  const list = await client.get('/api/channels/custom/list');
  assert.deepEqual(list.body.channels.map((c) => c.name), ['at the limit'], 'failed registrations store nothing');
});

server.test('anonymous callers and foreign or unknown ids', async (t, srv) => {
  const { client: owner } = await newUser(srv.url, 'co');
  const { client: other } = await newUser(srv.url, 'cx');
  const channel = await registerChannel(owner, `${scripts.origin()}/echo.js`, 'Private');
  const anon = new Client(srv.url);
  assertError(await anon.get('/api/channels/custom/list'), 401, 'unauthorized');
  assertError(await anon.post('/api/channels/custom/register', { url: `${scripts.origin()}/echo.js`, name: 'x' }), 401, 'unauthorized');
  assertError(await anon.get(channel.script_url), 401, 'unauthorized');
  // Another user's private channel does not exist for them.
  const list = await other.get('/api/channels/custom/list');
  assert.ok(!list.body.channels.some((c) => c.id === channel.id));
  for (const [method, path, body] of [
    ['GET', `/api/channels/custom/${channel.id}`],
    ['GET', channel.script_url],
    ['POST', `/api/channels/custom/${channel.id}/toggle`, { enabled: false }],
    ['DELETE', `/api/channels/custom/${channel.id}`],
    ['POST', `/api/channels/custom/${channel.id}/refetch`, {}],
    ['POST', `/api/channels/custom/${channel.id}/accept`, { sha256: channel.sha256 }],
    ['GET', `/api/channels/custom/${channel.id}/storage/k`],
    ['PUT', `/api/channels/custom/${channel.id}/storage/k`, { value: 1 }],
  ]) {
    assertError(await other.request(method, path, body), 404, 'channel_not_found');
  }
  for (const id of ['999999', '0', '-1', 'abc']) {
    const res = await owner.post(`/api/channels/custom/${id}/toggle`, { enabled: false });
    assert.equal(res.status, 404, `${id}: ${res.text}`);
  }
  const after = await owner.get(`/api/channels/custom/${channel.id}`);
  assert.equal(after.body.channel.enabled, true, 'nothing changed');
});

server.test('toggle and delete: creator or admin; share: admin only; shared channels need acceptance', async (t, srv) => {
  const { client: adminClient } = await admin(srv.url);
  const { client: owner } = await newUser(srv.url, 'ct');
  const { client: other } = await newUser(srv.url, 'cu');
  const channel = await registerChannel(owner, `${scripts.origin()}/echo.js`, 'Shared one');
  const toggled = await owner.post(`/api/channels/custom/${channel.id}/toggle`, { enabled: false });
  assertOk(toggled);
  assert.equal(toggled.body.channel.enabled, false);
  const flipped = await owner.post(`/api/channels/custom/${channel.id}/toggle`, {});
  assert.equal(flipped.body.channel.enabled, true, 'toggle without a value flips');
  assertError(await owner.post(`/api/channels/custom/${channel.id}/toggle`, { enabled: 'no' }), 400, 'invalid_field');

  assertError(await owner.post(`/api/channels/custom/${channel.id}/share`, { shared: true }), 403, 'admin_required');
  // An admin sees every channel, may toggle and share it.
  const adminList = await adminClient.get('/api/channels/custom/list');
  assert.ok(adminList.body.channels.some((c) => c.id === channel.id && c.mine === false && c.can_manage === true));
  assertOk(await adminClient.post(`/api/channels/custom/${channel.id}/toggle`, { enabled: true }));
  assertError(await adminClient.post(`/api/channels/custom/${channel.id}/share`, {}), 400, 'missing_field');
  assertOk(await adminClient.post(`/api/channels/custom/${channel.id}/share`, { shared: true }));

  // Now the other user sees it, not accepted, and may not manage it.
  const seen = (await other.get('/api/channels/custom/list')).body.channels.find((c) => c.id === channel.id);
  assert.ok(seen);
  assert.equal(seen.shared, true);
  assert.equal(seen.accepted, false);
  assert.equal(seen.can_manage, false);
  assertError(await other.post(`/api/channels/custom/${channel.id}/toggle`, { enabled: false }), 403, 'not_channel_owner');
  assertError(await other.del(`/api/channels/custom/${channel.id}`), 403, 'not_channel_owner');
  assertError(await other.post(`/api/channels/custom/${channel.id}/refetch`, {}), 403, 'not_channel_owner');
  assertError(await other.post(`/api/channels/custom/${channel.id}/share`, { shared: false }), 403, 'admin_required');
  const script = await other.get(channel.script_url);
  assert.equal(script.text, ECHO, 'a shared channel is served to every user');
  assertError(await other.post(`/api/channels/custom/${channel.id}/accept`, { sha256: sha('x') }), 409, 'script_changed');
  assertError(await other.post(`/api/channels/custom/${channel.id}/accept`, {}), 400, 'missing_field');
  const accepted = await other.post(`/api/channels/custom/${channel.id}/accept`, { sha256: channel.sha256 });
  assertOk(accepted);
  assert.equal(accepted.body.channel.accepted, true);
  const dismissed = await other.post(`/api/channels/custom/${channel.id}/dismiss`, {});
  assert.equal(dismissed.body.channel.accepted, false);

  // Unsharing hides it again; the admin deletes it (audited), then it is gone for its owner too.
  assertOk(await adminClient.post(`/api/channels/custom/${channel.id}/share`, { shared: false }));
  assertError(await other.get(channel.script_url), 404, 'channel_not_found');
  assertOk(await adminClient.del(`/api/channels/custom/${channel.id}`));
  assertError(await owner.get(`/api/channels/custom/${channel.id}`), 404, 'channel_not_found');
  assertError(await owner.del(`/api/channels/custom/${channel.id}`), 404, 'channel_not_found');

  const mine = await registerChannel(owner, `${scripts.origin()}/echo.js`, 'Mine');
  assertOk(await owner.del(`/api/channels/custom/${mine.id}`));
  assert.ok(!(await owner.get('/api/channels/custom/list')).body.channels.some((c) => c.id === mine.id));
});

server.test('re-fetch: an unchanged script stays accepted, a changed one must be accepted again', async (t, srv) => {
  const { client: owner } = await newUser(srv.url, 'cr');
  mutable = 'window.ChatterCustomChannel = { name: "v1" };';
  const channel = await registerChannel(owner, `${scripts.origin()}/mutable.js`, 'Mutable');
  const same = await owner.post(`/api/channels/custom/${channel.id}/refetch`, {});
  assertOk(same);
  assert.equal(same.body.changed, false);
  assert.equal(same.body.channel.accepted, true);

  mutable = 'window.ChatterCustomChannel = { name: "v2" };';
  const changed = await owner.post(`/api/channels/custom/${channel.id}/refetch`, {});
  assertOk(changed);
  assert.equal(changed.body.changed, true);
  assert.equal(changed.body.channel.sha256, sha(mutable));
  assert.equal(changed.body.channel.accepted, false);
  assert.equal(changed.body.channel.changed, true, 'the owner had accepted the previous version');
  assertError(await owner.get(`${channel.script_url}?v=${channel.sha256}`), 409, 'script_changed');
  const again = await owner.post(`/api/channels/custom/${channel.id}/accept`, { sha256: changed.body.channel.sha256 });
  assert.equal(again.body.channel.accepted, true);
  assert.equal(again.body.channel.changed, false);
  assert.equal((await owner.get(channel.script_url)).text, mutable);

  mutable = 'x'.repeat(MAX_SCRIPT + 10);
  assertError(await owner.post(`/api/channels/custom/${channel.id}/refetch`, {}), 413, 'payload_too_large');
  assert.equal((await owner.get(channel.script_url)).text, 'window.ChatterCustomChannel = { name: "v2" };', 'a failed re-fetch keeps the script');
});

const strict = useServer({ args: [] });

strict.test('without an allow entry, loopback and private addresses are refused before connecting', async (t, srv) => {
  const { client } = await newUser(srv.url, 'cs');
  const before = scripts.hits('/echo.js');
  for (const url of [`${scripts.origin()}/echo.js`, 'http://10.0.0.1/x.js', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x.js', 'http://localhost/x.js']) {
    assertError(await client.post('/api/channels/custom/register', { url, name: 'x' }), 400, 'address_refused');
  }
  assert.equal(scripts.hits('/echo.js'), before, 'the loopback server must not have been contacted');
});
