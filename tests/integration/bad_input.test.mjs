// Bad input on purpose (architecture §9): malformed JSON, wrong shapes and types, missing fields,
// oversized bodies (--max-body 4096), unknown routes, wrong methods.

import assert from 'node:assert/strict';
import net from 'node:net';
import { useServer } from '../support/server.mjs';
import { Client, newUser, randomName, randomPassword, rawRequest } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';

const MAX_BODY = 4096;
const { test, url } = useServer({ args: ['--max-body', String(MAX_BODY)] });

const post = (path, body, opts) => new Client(url()).post(path, body, opts);

test('malformed JSON -> 400 invalid_json (register and login)', async () => {
  assertError(await post('/api/auth/register', '{"username": "abc", "password": '), 400, 'invalid_json');
  assertError(await post('/api/auth/login', '{username: abc}'), 400, 'invalid_json');
  assertError(await post('/api/auth/login', '{"username":"a","password":"b"} trailing'), 400, 'invalid_json');
});

test('empty body where JSON is expected -> 400 invalid_json', async () => {
  assertError(await post('/api/auth/register', ''), 400, 'invalid_json');
});

test('invalid UTF-8 inside a JSON string -> 400, not a crash', async () => {
  const body = Buffer.concat([
    Buffer.from('{"username":"'),
    Buffer.from([0xc3, 0x28, 0xff]),
    Buffer.from(`","password":"${randomPassword()}"}`),
  ]);
  const res = await post('/api/auth/register', body);
  assert.equal(res.status, 400, `got ${res.status} ${res.text}`);
  assert.equal(res.body.ok, false);
  assert.ok(['invalid_json', 'invalid_username', 'invalid_field'].includes(res.body.code), res.text);
});

test('a JSON array (or scalar) body -> 400 invalid_json', async () => {
  assertError(await post('/api/auth/register', '["alice", "password123"]'), 400, 'invalid_json');
  assertError(await post('/api/auth/login', '[]'), 400, 'invalid_json');
  assertError(await post('/api/auth/login', '"just a string"'), 400, 'invalid_json');
  assertError(await post('/api/auth/login', 'null'), 400, 'invalid_json');
});

test('wrong types -> 400 invalid_field', async () => {
  assertError(await post('/api/auth/register', { username: 12345, password: randomPassword() }), 400, 'invalid_field');
  assertError(await post('/api/auth/register', { username: randomName('t'), password: { a: 1 } }), 400, 'invalid_field');
  assertError(await post('/api/auth/register', { username: ['x'], password: randomPassword() }), 400, 'invalid_field');
  assertError(await post('/api/auth/register', { username: true, password: randomPassword() }), 400, 'invalid_field');
  assertError(await post('/api/auth/login', { username: 'someone', password: 12345678 }), 400, 'invalid_field');
});

test('the error sentence names the offending field', async () => {
  const res = await post('/api/auth/register', { username: 12345, password: randomPassword() });
  assertError(res, 400, 'invalid_field');
  assert.match(res.body.error, /username/);
});

test('missing field -> 400 missing_field', async () => {
  const r1 = await post('/api/auth/register', { username: randomName('m') });
  assertError(r1, 400, 'missing_field');
  assert.match(r1.body.error, /password/);
  assertError(await post('/api/auth/register', { password: randomPassword() }), 400, 'missing_field');
  assertError(await post('/api/auth/login', {}), 400, 'missing_field');
});

test('a refused registration creates nothing: the same name registers fine afterwards', async () => {
  const username = randomName('after');
  assertError(await post('/api/auth/register', { username, password: 123 }), 400, 'invalid_field');
  const res = await post('/api/auth/register', { username, password: randomPassword() });
  assertOk(res, 201);
});

test(`body over --max-body ${MAX_BODY} -> 413 payload_too_large`, async () => {
  const body = JSON.stringify({ username: randomName('big'), password: 'p'.repeat(MAX_BODY + 100) });
  assertError(await post('/api/auth/register', body), 413, 'payload_too_large');
});

test('oversized body sent chunked (no Content-Length) -> 413 payload_too_large', async () => {
  const body = JSON.stringify({ username: randomName('chunk'), password: 'p'.repeat(MAX_BODY * 3) });
  assertError(await post('/api/auth/login', body, { chunked: true }), 413, 'payload_too_large');
});

test('a body just under --max-body is read and validated (not 413)', async () => {
  const body = JSON.stringify({ username: randomName('under'), password: 'p'.repeat(MAX_BODY - 200) });
  assert.ok(body.length < MAX_BODY);
  assertError(await post('/api/auth/register', body), 400, 'weak_password');
});

test('deeply nested JSON is refused with 400, not a crash', async () => {
  const depth = 1500;
  const body = '{"username":' + '['.repeat(depth) + ']'.repeat(depth) + ',"password":"x"}';
  assert.ok(body.length < MAX_BODY);
  const res = await post('/api/auth/login', body);
  assert.equal(res.status, 400, `got ${res.status} ${res.text}`);
  assert.equal(res.body.ok, false);
  assert.ok(['invalid_json', 'invalid_field'].includes(res.body.code), res.text);
  assertOk(await new Client(url()).get('/healthz'));
});

test('unknown route under /api/ -> 404 not_found envelope', async () => {
  const c = new Client(url());
  assertError(await c.get('/api/nope'), 404, 'not_found');
  assertError(await c.post('/api/nope', {}), 404, 'not_found');
  assertError(await c.get('/api/auth/nope/deeper'), 404, 'not_found');
  assertError(await c.get('/api/unknown', { headers: { Accept: 'text/html' } }), 404, 'not_found');
});

test('wrong method on a known path -> 405 method_not_allowed', async () => {
  const c = new Client(url());
  assertError(await c.get('/api/auth/register'), 405, 'method_not_allowed');
  assertError(await c.get('/api/auth/login'), 405, 'method_not_allowed');
  assertError(await c.del('/api/whoami'), 405, 'method_not_allowed');
  assertError(await c.request('PUT', '/api/auth/logout', {}), 405, 'method_not_allowed');
});

test('405 carries an Allow header naming the accepted method (RFC 9110 §15.5.6)', async () => {
  const res = await new Client(url()).get('/api/auth/login');
  assert.equal(res.status, 405);
  assert.match(String(res.headers.allow || ''), /\bPOST\b/, `Allow header: ${res.headers.allow}`);
});

test('unknown and malformed ids -> 404 not_found', async () => {
  const { client: c } = await newUser(url(), 'ids');
  assertError(await c.del('/api/auth/sessions/999999999'), 404, 'not_found');
  assertError(await c.del('/api/auth/sessions/not-a-number'), 404, 'not_found');
  assertError(await c.del('/api/auth/tokens/999999999'), 404, 'not_found');
  assertError(await c.del('/api/auth/tokens/-1'), 404, 'not_found');
  assertError(await c.del('/api/auth/tokens/99999999999999999999999999'), 404, 'not_found');
});

test('an oversized request header gets a 4xx (or the connection closed) and the server keeps serving', async () => {
  const res = await rawRequest(url(), { method: 'GET', path: '/healthz', headers: { 'X-Bad': 'a'.repeat(100_000) } }).catch(
    (e) => ({ status: 'closed', error: e }),
  );
  assert.ok(res.status === 'closed' || (res.status >= 400 && res.status < 500), `got ${res.status}`);
  assertOk(await new Client(url()).get('/healthz'));
});

/** One request over a raw socket with Connection: close; resolves to everything the server sent. */
function rawExchange(baseUrl, requestText) {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: u.hostname, port: Number(u.port) }, () => sock.write(requestText(u.host)));
    const chunks = [];
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    sock.on('error', reject);
    sock.setTimeout(20_000, () => sock.destroy(new Error('no answer within 20 s')));
  });
}

test('HEAD responses carry no body (any status), so keep-alive framing stays intact', async () => {
  for (const p of ['/healthz', '/api/whoami', '/api/nope', '/']) {
    const text = await rawExchange(url(), (host) => `HEAD ${p} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    const end = text.indexOf('\r\n\r\n');
    assert.ok(end > 0, `HEAD ${p}: no complete response: ${JSON.stringify(text)}`);
    const after = text.slice(end + 4);
    assert.equal(after, '', `HEAD ${p}: ${text.split('\r\n')[0]} was followed by a body: ${JSON.stringify(after.slice(0, 200))}`);
  }
});

test('HEAD on a GET route answers like GET (RFC 9110 §9.1: servers MUST support GET and HEAD)', async () => {
  for (const p of ['/healthz', '/api/whoami', '/api/public/status']) {
    const text = await rawExchange(url(), (host) => `HEAD ${p} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    const statusLine = text.split('\r\n')[0];
    assert.match(statusLine, /^HTTP\/1\.1 200 /, `HEAD ${p}: ${statusLine}`);
  }
});

test('two pipelined requests on one connection get two answers, in order', async () => {
  const text = await rawExchange(
    url(),
    (host) =>
      `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n` +
      `GET /api/nope HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
  );
  const statuses = [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => m[1]);
  assert.deepEqual(statuses, ['200', '404'], JSON.stringify(text.slice(0, 400)));
});

test('conflicting framing (Content-Length with Transfer-Encoding, or two Content-Lengths) -> 400, no smuggling', async () => {
  const cases = [
    (host) =>
      `POST /api/auth/login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      `0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    (host) =>
      `POST /api/auth/login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
      `Content-Length: 2\r\nContent-Length: 40\r\nConnection: close\r\n\r\n{}`,
  ];
  for (const make of cases) {
    const text = await rawExchange(url(), make);
    const statuses = [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
    assert.ok(statuses.length <= 1, `one request must give at most one answer: ${JSON.stringify(text.slice(0, 600))}`);
    if (statuses.length) assert.equal(statuses[0], 400, JSON.stringify(text.slice(0, 300)));
  }
  assertOk(await new Client(url()).get('/healthz'));
});

test('an unknown HTTP method is refused with a 4xx/501, not a crash', async () => {
  const text = await rawExchange(url(), (host) => `BREW /api/whoami HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  assert.ok((status >= 400 && status < 500) || status === 501, `got ${JSON.stringify(text.slice(0, 200))}`);
  assertOk(await new Client(url()).get('/healthz'));
});
