// The built web client served by chatterd: index, CSP, gzip + ETag, SPA fallback, path traversal.
// Static checks need web/dist (the `make test` target builds it); they skip, saying so, when the
// client has not been built. Traversal checks run either way.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { useServer, webBuilt, webRoot } from '../support/server.mjs';
import { Client, rawRequest } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { assertAppCsp, assertSecurityHeaders } from '../support/headers.mjs';

const { test, url } = useServer();
const SKIP = 'web/dist not built';

const get = (p, headers = {}) => rawRequest(url(), { path: p, headers });

function indexHtml() {
  return fs.readFileSync(path.join(webRoot(), 'index.html'), 'utf8');
}

/** The largest .js file under web/dist/assets (as a URL path and its bytes). */
function biggestJsAsset() {
  const dir = path.join(webRoot(), 'assets');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ f, size: fs.statSync(path.join(dir, f)).size }))
    .sort((a, b) => b.size - a.size);
  assert.ok(files.length > 0, 'web/dist/assets has no .js file');
  return { urlPath: `/assets/${files[0].f}`, bytes: fs.readFileSync(path.join(dir, files[0].f)) };
}

test('GET / returns the app HTML with its root element and the app CSP', async (t) => {
  if (!webBuilt()) return t.skip(SKIP);
  const res = await get('/', { Accept: 'text/html' });
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^text\/html\b/);
  assert.match(res.text, /<div id="(app|root)"/);
  assert.equal(res.text, indexHtml(), 'GET / must serve web/dist/index.html');
  assertAppCsp(res, 'GET /');
  assertSecurityHeaders(res, 'GET /');
});

test('a .js asset: gzip with Accept-Encoding: gzip, an ETag, and If-None-Match -> 304', async (t) => {
  if (!webBuilt()) return t.skip(SKIP);
  const { urlPath, bytes } = biggestJsAsset();
  const gz = await get(urlPath, { 'Accept-Encoding': 'gzip' });
  assert.equal(gz.status, 200);
  assert.match(String(gz.headers['content-type']), /^(text|application)\/javascript\b/);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(zlib.gunzipSync(gz.raw), bytes, 'the gzip body must decompress to the file');
  const etag = gz.headers.etag;
  assert.ok(etag, 'an ETag is required');
  assertSecurityHeaders(gz, urlPath);

  const again = await get(urlPath, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
  assert.equal(again.status, 304, `If-None-Match ${etag} must give 304`);
  assert.equal(again.raw.length, 0, '304 has no body');
  assert.equal(again.headers.etag, etag);

  const stale = await get(urlPath, { 'Accept-Encoding': 'gzip', 'If-None-Match': '"not-the-etag"' });
  assert.equal(stale.status, 200);
});

test('a .js asset without Accept-Encoding is sent uncompressed, byte for byte', async (t) => {
  if (!webBuilt()) return t.skip(SKIP);
  const { urlPath, bytes } = biggestJsAsset();
  const res = await get(urlPath);
  assert.equal(res.status, 200);
  assert.ok(!res.headers['content-encoding'] || res.headers['content-encoding'] === 'identity');
  assert.deepEqual(res.raw, bytes);
});

test('a negotiated (gzip) asset says Vary: Accept-Encoding', async (t) => {
  if (!webBuilt()) return t.skip(SKIP);
  const { urlPath } = biggestJsAsset();
  const res = await get(urlPath, { 'Accept-Encoding': 'gzip' });
  assert.match(String(res.headers.vary || ''), /accept-encoding/i);
});

test('SPA fallback: GET /join/ABC returns the index HTML', async (t) => {
  if (!webBuilt()) return t.skip(SKIP);
  const res = await get('/join/ABC', { Accept: 'text/html' });
  assert.equal(res.status, 200);
  assert.match(String(res.headers['content-type']), /^text\/html\b/);
  assert.equal(res.text, indexHtml());
  assertAppCsp(res, 'GET /join/ABC');
});

test('GET /api/unknown is still a JSON 404, never the SPA page', async () => {
  const res = await get('/api/unknown', { Accept: 'text/html' });
  assertError(res, 404, 'not_found');
  const deeper = await get('/api/unknown/deeper/path', { Accept: 'text/html' });
  assertError(deeper, 404, 'not_found');
});

const TRAVERSALS = [
  '/../../etc/passwd',
  '/../../../../../../../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd',
  '/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  '/assets/../../../../../../../etc/passwd',
  '/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/%252e%252e/%252e%252e/%252e%252e/%252e%252e/%252e%252e/etc/passwd',
  '//etc/passwd',
  '/%2fetc%2fpasswd',
  '/..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd',
  '/.%2e/.%2e/.%2e/.%2e/.%2e/.%2e/etc/passwd',
];

for (const p of TRAVERSALS) {
  test(`path traversal ${p} never returns the file`, async () => {
    const res = await get(p, { Accept: 'text/html' });
    assert.ok(res.status < 500, `traversal must not cause a server error: ${res.status}`);
    assert.ok(!/root:.*:0:0:/.test(res.text), `${p} served /etc/passwd!`);
    if (res.status === 200) {
      // The only acceptable 200 is the SPA fallback page.
      assert.match(String(res.headers['content-type']), /^text\/html\b/, `${p}: 200 with ${res.headers['content-type']}`);
    }
  });
}

test('traversal one level up (to files next to the web root) never leaks them', async () => {
  const paths = ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/..%5cpackage.json', '/%2e%2e%2fpackage.json'];
  for (const p of paths) {
    const res = await get(p);
    assert.ok(res.status < 500, `${p}: ${res.status}`);
    assert.ok(!res.text.includes('"chatter-web"') && !res.text.includes('"devDependencies"'), `${p} leaked package.json`);
  }
});

test('a NUL byte or control characters in the path do not crash the server', async () => {
  for (const p of ['/index.html%00.js', '/assets/%00', '/%0d%0aSet-Cookie:%20x=1']) {
    const res = await get(p);
    assert.ok(res.status < 500, `${p}: ${res.status}`);
    assert.equal(res.headers['set-cookie'], undefined, `${p}: header injection`);
  }
  assertOk(await new Client(url()).get('/healthz'));
});
