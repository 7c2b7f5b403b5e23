// POST /api/files/upload-url: the server fetches with libcurl and refuses non-public addresses
// before connecting (docs/api-files-admin.md). Only loopback is ever contacted: the test's own
// HTTP server, which the server may reach only because of --fetch-allow-host 127.0.0.1.
// Redirect targets like 10.0.0.1 are refused by the address check, never connected to.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Client, newUser } from '../support/client.mjs';
import { useServer } from '../support/server.mjs';
import { useUpstream } from '../support/upstream.mjs';

const PAYLOAD = crypto.randomBytes(3000);
const MAX = 8 * 1024;
let hits = 0;
const upstream = useUpstream((req, res) => {
  hits += 1;
  const u = new URL(req.url, 'http://x');
  if (u.pathname === '/data.bin') {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    res.end(PAYLOAD);
  } else if (u.pathname === '/redirect') {
    res.writeHead(302, { Location: u.searchParams.get('to') });
    res.end();
  } else if (u.pathname === '/big') {
    res.writeHead(200);
    res.end(Buffer.alloc(MAX + 1, 'a'));
  } else if (u.pathname === '/loop') {
    res.writeHead(302, { Location: '/loop' });
    res.end();
  } else {
    res.writeHead(404);
    res.end('no');
  }
});

const allowed = useServer({ args: ['--fetch-allow-host', '127.0.0.1', '--max-upload', String(MAX)] });

allowed.test('an allowed host is fetched byte-identically, with redirects followed', async (t, srv) => {
  const { client } = await newUser(srv.url, 'ui');
  const res = await client.post('/api/files/upload-url', { url: `${upstream.origin()}/data.bin`, expires_in: 3600 });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.name, 'data.bin');
  assert.equal(res.body.size, PAYLOAD.length);
  const dl = await new Client(srv.url).get(res.body.url);
  assert.ok(dl.raw.equals(PAYLOAD));
  const via = await client.post('/api/files/upload-url', { url: `${upstream.origin()}/redirect?to=/data.bin` });
  assert.equal(via.status, 201, via.text);
  assert.equal(via.body.size, PAYLOAD.length);
});

allowed.test('redirects to private, link-local or other loopback hosts are refused before connecting', async (t, srv) => {
  const { client } = await newUser(srv.url, 'ur');
  for (const to of ['http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data/', 'http://localhost:1/', 'http://[::1]:1/']) {
    const res = await client.post('/api/files/upload-url', { url: `${upstream.origin()}/redirect?to=${encodeURIComponent(to)}` });
    assert.equal(res.status, 400, `${to}: ${res.text}`);
    assert.equal(res.body.code, 'address_refused', to);
  }
});

allowed.test('bad schemes, sizes, loops and errors are refused', async (t, srv) => {
  const { client } = await newUser(srv.url, 'ub');
  for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/x', 'gopher://127.0.0.1/', 'not a url', '']) {
    const res = await client.post('/api/files/upload-url', { url });
    assert.equal(res.status, 400, url);
    assert.equal(res.body.code, 'invalid_url', url);
  }
  const redirectToFile = await client.post('/api/files/upload-url', { url: `${upstream.origin()}/redirect?to=file:///etc/passwd` });
  assert.equal(redirectToFile.body.code, 'invalid_url');
  const big = await client.post('/api/files/upload-url', { url: `${upstream.origin()}/big` });
  assert.equal(big.status, 413);
  const loop = await client.post('/api/files/upload-url', { url: `${upstream.origin()}/loop` });
  assert.equal(loop.body.code, 'fetch_failed');
  const missing = await client.post('/api/files/upload-url', { url: `${upstream.origin()}/missing` });
  assert.equal(missing.body.code, 'fetch_failed');
  const anon = await new Client(srv.url).post('/api/files/upload-url', { url: `${upstream.origin()}/data.bin` });
  assert.equal(anon.status, 401);
  const badExpiry = await client.post('/api/files/upload-url', { url: `${upstream.origin()}/data.bin`, expires_in: 'x' });
  assert.equal(badExpiry.body.code, 'invalid_expiry');
});

const strict = useServer({ args: [] });

strict.test('without an allow entry loopback, private and metadata addresses are refused', async (t, srv) => {
  const { client } = await newUser(srv.url, 'us');
  const before = hits;
  for (const url of [
    `${upstream.origin()}/data.bin`,
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
  ]) {
    const res = await client.post('/api/files/upload-url', { url });
    assert.equal(res.status, 400, `${url}: ${res.text}`);
    assert.equal(res.body.code, 'address_refused', url);
  }
  assert.equal(hits, before, 'the loopback server must not have been contacted');
});
