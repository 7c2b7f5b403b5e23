// Process lifecycle: durability across kill -9, graceful shutdown on SIGTERM/SIGINT with a
// request in flight. docs/api-auth-contract.md "Process contract", architecture §5.
//
// Tests run in order and restart the file's server; each leaves a running server behind.

import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { useServer } from '../support/server.mjs';
import { Client, newUser, randomName, randomPassword } from '../support/client.mjs';
import { assertOk } from '../support/errors.mjs';

const S = useServer();
const { test, url } = S;
const srv = () => S.srv;

/** If an earlier test left the server dead, start it again so that failures do not cascade. */
async function ensureRunning() {
  const p = srv().proc;
  if (p.exitCode !== null || p.signalCode !== null) await srv().restart();
}

test('durability: an account survives kill -9 and restart on the same data directory', async () => {
  await ensureRunning();
  const { client, username, password } = await newUser(url(), 'durable');
  const cookie = client.cookie;
  const killed = await srv().kill9();
  assert.equal(killed.signal, 'SIGKILL');
  await srv().restart();

  const c = new Client(url());
  const res = await c.login(username, password);
  assertOk(res);
  assert.equal(res.body.username, username);

  // The session created before the crash is still valid.
  const old = new Client(url());
  old.cookie = cookie;
  assert.equal((await old.whoami()).body.username, username);

  // The first account is still the superadmin after the restart; the next is a user.
  assert.equal(res.body.role, 'superadmin');
  const next = await newUser(url(), 'next');
  assert.equal(next.res.body.role, 'user');
});

test('durability: a password change acknowledged just before kill -9 is kept', async () => {
  await ensureRunning();
  const { client, username, password } = await newUser(url(), 'pwdur');
  const newPassword = randomPassword();
  assertOk(await client.post('/api/auth/password', { current_password: password, new_password: newPassword }));
  await srv().kill9();
  await srv().restart();
  assertOk(await new Client(url()).login(username, newPassword));
  const old = await new Client(url()).login(username, password);
  assert.equal(old.status, 401);
});

test('restart after a clean stop keeps data too', async () => {
  await ensureRunning();
  const { username, password } = await newUser(url(), 'clean');
  const previous = await srv().restart(); // SIGTERM, wait, start again
  assert.equal(previous, 0, `SIGTERM must give exit code 0; stderr:\n${srv().logs()}`);
  assertOk(await new Client(url()).login(username, password));
});

/**
 * Start a request that stays in flight: on one connection, send a complete `GET /healthz` followed
 * (in the same write) by the headers and half the body of the real request. Resolves once the
 * /healthz answer has arrived — by then the server is reading this connection and has the second
 * request's headers in its buffer. `sendRest()` sends the remaining body; `response` resolves to
 * the second answer's text when the server closes the connection.
 */
async function inFlightRequest(baseUrl, method, path, bodyObj) {
  const u = new URL(baseUrl);
  const body = Buffer.from(JSON.stringify(bodyObj));
  const primer = `GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`;
  const head =
    `${method} ${path} HTTP/1.1\r\nHost: ${u.host}\r\nOrigin: ${u.origin}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const sock = net.connect({ host: u.hostname, port: Number(u.port) });
  await new Promise((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  let buf = Buffer.alloc(0);
  let primed;
  const primedP = new Promise((resolve) => (primed = resolve));
  const response = new Promise((resolve, reject) => {
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const text = buf.toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = text.slice(0, headEnd);
      if (/transfer-encoding:\s*chunked/i.test(head)) {
        const last = text.indexOf('\r\n0\r\n\r\n', headEnd);
        if (last > 0) primed(text.slice(0, last + 7));
        return;
      }
      const len = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length >= headEnd + 4 + len) primed(text.slice(0, headEnd + 4 + len));
    });
    sock.on('end', () => resolve(buf.toString('utf8')));
    sock.on('error', (e) => reject(new Error(`connection failed after ${buf.length} bytes: ${e.message}`)));
    sock.setTimeout(30_000, () => sock.destroy(new Error('no data for 30 s')));
  });
  response.catch(() => {});
  const half = Math.floor(body.length / 2);
  sock.write(Buffer.concat([Buffer.from(primer + head), body.subarray(0, half)]));
  const first = await primedP;
  assert.match(first, /^HTTP\/1\.1 200 /, `the primer request failed: ${JSON.stringify(first)}`);
  return {
    firstLength: Buffer.byteLength(first, 'latin1'),
    response,
    sendRest: () => sock.write(body.subarray(half)),
  };
}

function parseHttp(text) {
  const [head, ...rest] = text.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  let body = rest.join('\r\n\r\n');
  if (/transfer-encoding:\s*chunked/i.test(head)) {
    let out = '';
    let s = body;
    for (;;) {
      const i = s.indexOf('\r\n');
      const n = parseInt(s.slice(0, i), 16);
      if (!n) break;
      out += s.slice(i + 2, i + 2 + n);
      s = s.slice(i + 2 + n + 2);
    }
    body = out;
  }
  return { status, head, body };
}

test('graceful shutdown: SIGTERM while a request is in flight still answers it, then exit 0', async () => {
  await ensureRunning();
  const username = randomName('inflight');
  const password = randomPassword();
  const req = await inFlightRequest(url(), 'POST', '/api/auth/register', { username, password });
  // A moment for the server to move on to the second request's buffered headers (set-up only).
  await sleep(200);
  const exited = srv().signal('SIGTERM');
  // The rest of the body arrives after the signal, while the server is shutting down.
  await sleep(300);
  req.sendRest();
  const all = await req.response;
  const text = Buffer.from(all, 'utf8').subarray(req.firstLength).toString('utf8');
  const res = parseHttp(text);
  assert.equal(res.status, 201, `the in-flight request must be answered: ${JSON.stringify(text)}`);
  assert.equal(JSON.parse(res.body).username, username);

  const { code, signal } = await exited;
  assert.equal(signal, null, `chatterd must exit by itself, not by ${signal}`);
  assert.equal(code, 0, `exit code after SIGTERM; stderr:\n${srv().logs()}`);

  // What it answered was committed.
  await srv().restart();
  assertOk(await new Client(url()).login(username, password));
});

test('graceful shutdown is not held up by an idle keep-alive connection', async () => {
  await ensureRunning();
  const u = new URL(url());
  const sock = net.connect({ host: u.hostname, port: Number(u.port) });
  await new Promise((r) => sock.once('connect', r));
  const got = new Promise((resolve) => {
    let buf = '';
    sock.on('data', (d) => {
      buf += d;
      if (buf.includes('\r\n\r\n')) resolve(buf);
    });
  });
  sock.on('error', () => {});
  sock.write(`GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\n\r\n`);
  assert.match(await got, /^HTTP\/1\.1 200/);
  // The connection stays open and idle; the harness SIGKILLs after 10 s (exit code null).
  const { code, timedOut } = await srv().terminate('SIGTERM');
  sock.destroy();
  assert.ok(!timedOut, 'chatterd did not exit within 10 s of SIGTERM');
  assert.equal(code, 0, `SIGTERM with an idle keep-alive connection must exit 0; stderr:\n${srv().logs()}`);
  await srv().restart();
});

test('SIGINT is a graceful stop too (exit 0)', async () => {
  await ensureRunning();
  const { code, signal, timedOut } = await srv().terminate('SIGINT');
  assert.ok(!timedOut, 'chatterd did not exit within 10 s of SIGINT');
  assert.equal(signal, null);
  assert.equal(code, 0, `exit code after SIGINT; stderr:\n${srv().logs()}`);
  await srv().restart();
  assertOk(await new Client(url()).get('/healthz'));
});
