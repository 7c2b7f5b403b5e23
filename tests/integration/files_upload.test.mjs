// tmpweb uploads, listing, info, delete and downloads (docs/api-files-admin.md).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, newUser } from '../support/client.mjs';
import { useServer, waitFor } from '../support/server.mjs';
import { admin, ISO_Z } from './messaging_helpers.mjs';
import { multipart, upload } from './files_helpers.mjs';

const MAX = 64 * 1024;
const { test } = useServer({ args: ['--max-upload', String(MAX), '--user-quota', String(3 * MAX), '--min-expiry', '1'] });

function storedFiles(srv) {
  const dir = path.join(srv.dataDir, 'files');
  return fs.readdirSync(dir).filter((n) => n !== 'tmp').concat(fs.readdirSync(path.join(dir, 'tmp')));
}

test('upload returns the documented shape and the download is byte-identical', async (t, srv) => {
  await admin(srv.url);
  const { client, username } = await newUser(srv.url, 'up');
  const data = crypto.randomBytes(5000);
  const res = await upload(client, 'photo data.bin', data);
  assert.equal(res.status, 201, res.text);
  const f = res.body;
  assert.equal(f.ok, true);
  assert.match(f.id, /^[0-9a-f]{32}$/);
  assert.equal(f.name, 'photo data.bin');
  assert.equal(f.size, data.length);
  assert.equal(typeof f.mime_type, 'string');
  assert.equal(f.url, `/files/${f.id}/photo%20data.bin`);
  assert.match(f.expires_at, ISO_Z);
  const dl = await new Client(srv.url).get(f.url);
  assert.equal(dl.status, 200);
  assert.ok(dl.raw.equals(data), 'download must be byte-identical');
  assert.equal(dl.headers['x-content-type-options'], 'nosniff');
  assert.match(dl.headers['content-security-policy'], /^sandbox; default-src 'none'/);
  assert.match(dl.headers['content-disposition'], /^attachment/);
  assert.ok(dl.headers.etag);

  const list = await client.get('/api/files/list');
  assert.equal(list.status, 200);
  const mine = list.body.files.find((x) => x.id === f.id);
  assert.equal(mine.name, 'photo data.bin');
  assert.equal(mine.uploaded_by, username);
  assert.match(mine.created_at, ISO_Z);
  assert.equal(mine.expires_at, f.expires_at);
  const info = await client.get(`/api/files/${f.id}`);
  assert.equal(info.status, 200);
  assert.equal(info.body.file.size, data.length);
});

test('range requests, ETag revalidation and 416', async (t, srv) => {
  const { client } = await newUser(srv.url, 'rg');
  const data = Buffer.from('0123456789abcdef');
  const { body: f } = await upload(client, 'r.bin', data);
  const anon = new Client(srv.url);
  const part = await anon.get(f.url, { headers: { Range: 'bytes=2-5' } });
  assert.equal(part.status, 206);
  assert.equal(part.text, '2345');
  assert.equal(part.headers['content-range'], `bytes 2-5/${data.length}`);
  const suffix = await anon.get(f.url, { headers: { Range: 'bytes=-3' } });
  assert.equal(suffix.text, 'def');
  const bad = await anon.get(f.url, { headers: { Range: 'bytes=100-' } });
  assert.equal(bad.status, 416);
  assert.equal(bad.headers['content-range'], `bytes */${data.length}`);
  const etag = (await anon.get(f.url)).headers.etag;
  const cached = await anon.get(f.url, { headers: { 'If-None-Match': etag } });
  assert.equal(cached.status, 304);
});

test('an HTML file with script is served inert', async (t, srv) => {
  const { client } = await newUser(srv.url, 'ht');
  const html = '<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>\n';
  const { body: f } = await upload(client, 'evil.html', html);
  assert.equal(f.mime_type, 'text/html');
  const dl = await new Client(srv.url).get(f.url);
  assert.equal(dl.status, 200);
  assert.match(dl.headers['content-disposition'], /^attachment/);
  assert.match(dl.headers['content-security-policy'], /sandbox/);
  assert.equal(dl.headers['x-content-type-options'], 'nosniff');
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
  const { body: s } = await upload(client, 'x.svg', svg);
  const sdl = await new Client(srv.url).get(s.url);
  assert.match(sdl.headers['content-disposition'], /^attachment/);
  const { body: txt } = await upload(client, 'notes.txt', 'just some plain words here\n');
  assert.equal(txt.mime_type, 'text/plain');
  const tdl = await new Client(srv.url).get(txt.url);
  assert.match(tdl.headers['content-disposition'], /^inline/);
});

test('path traversal in the file name never reaches the filesystem', async (t, srv) => {
  const { client } = await newUser(srv.url, 'pt');
  for (const name of ['../../etc/passwd', '..\\..\\boot.ini', '..', '/abs/x.txt']) {
    const res = await upload(client, name, 'data');
    assert.equal(res.status, 201, res.text);
    assert.ok(!res.body.name.includes('/') && !res.body.name.includes('\\'), res.body.name);
    assert.notEqual(res.body.name, '..');
  }
  assert.ok(!fs.existsSync(path.join(srv.dataDir, 'passwd')));
  assert.ok(storedFiles(srv).every((n) => /^[0-9a-f]{32}$/.test(n)));
});

test('0-byte upload is accepted and downloads empty', async (t, srv) => {
  const { client } = await newUser(srv.url, 'zb');
  const res = await upload(client, 'empty.txt', '');
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.size, 0);
  const dl = await new Client(srv.url).get(res.body.url);
  assert.equal(dl.status, 200);
  assert.equal(dl.raw.length, 0);
});

test('over-limit uploads get 413 and leave nothing behind', async (t, srv) => {
  const { client } = await newUser(srv.url, 'big');
  const before = storedFiles(srv).length;
  const slightly = await upload(client, 'big.bin', crypto.randomBytes(MAX + 1));
  assert.equal(slightly.status, 413);
  assert.equal(slightly.body.code, 'payload_too_large');
  const way = await upload(client, 'huge.bin', crypto.randomBytes(MAX * 3));
  assert.equal(way.status, 413);
  assert.equal(storedFiles(srv).length, before);
});

test('wrong boundary, missing file part, bad expires_in and non-multipart are refused', async (t, srv) => {
  const { client } = await newUser(srv.url, 'bad');
  const mp = multipart([{ name: 'file', filename: 'a.txt', data: 'x' }], 'right');
  const wrong = await upload(client, '', '', { body: mp.body, contentType: 'multipart/form-data; boundary=wrong' });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.code, 'invalid_multipart');
  const truncated = await upload(client, '', '', { body: mp.body.subarray(0, mp.body.length - 10), contentType: mp.contentType });
  assert.equal(truncated.body.code, 'invalid_multipart');
  const nofile = multipart([{ name: 'other', data: 'x' }]);
  const r2 = await upload(client, '', '', { body: nofile.body, contentType: nofile.contentType });
  assert.equal(r2.body.code, 'invalid_multipart');
  for (const e of ['abc', '0', String(31 * 86400)]) {
    const r = await upload(client, 'a.txt', 'x', { expiresIn: e });
    assert.equal(r.status, 400, e);
    assert.equal(r.body.code, 'invalid_expiry');
  }
  const json = await client.post('/api/files/upload', { file: 'x' });
  assert.equal(json.status, 415);
  const anon = await upload(new Client(srv.url), 'a.txt', 'x');
  assert.equal(anon.status, 401);
  assert.equal(storedFiles(srv).filter((n) => n.startsWith('body-') || n.startsWith('part-')).length, 0);
});

test('only the owner or an admin sees and deletes a file; admins list all', async (t, srv) => {
  const adm = await admin(srv.url);
  const { client: owner } = await newUser(srv.url, 'own');
  const { client: other } = await newUser(srv.url, 'oth');
  const { body: f } = await upload(owner, 'mine.txt', 'secret');
  assert.equal((await other.get(`/api/files/${f.id}`)).status, 404);
  assert.equal((await other.del(`/api/files/${f.id}`)).status, 404);
  assert.ok(!(await other.get('/api/files/list')).body.files.some((x) => x.id === f.id));
  const all = await other.get('/api/files/list?all=1');
  assert.equal(all.status, 403);
  assert.equal(all.body.code, 'admin_required');
  const adminAll = await adm.client.get('/api/files/list?all=1');
  assert.ok(adminAll.body.files.some((x) => x.id === f.id));
  assert.equal((await adm.client.get(`/api/files/${f.id}`)).status, 200);
  const del = await adm.client.del(`/api/files/${f.id}`);
  assert.equal(del.status, 200);
  assert.equal((await new Client(srv.url).get(f.url)).status, 404);
  assert.equal((await owner.get(`/api/files/${f.id}`)).status, 404);
  const { body: g } = await upload(owner, 'again.txt', 'x');
  assert.equal((await owner.del(`/api/files/${g.id}`)).status, 200);
  assert.equal((await owner.get('/api/files/../../etc/passwd')).status, 404);
  assert.equal((await new Client(srv.url).get('/files/not-an-id/x')).status, 404);
});

test('quota: an upload over the user quota is refused with a clear error', async (t, srv) => {
  const { client } = await newUser(srv.url, 'q');
  for (let i = 0; i < 3; i += 1) {
    assert.equal((await upload(client, `f${i}`, crypto.randomBytes(MAX - 1000))).status, 201);
  }
  const over = await upload(client, 'f3', crypto.randomBytes(5000));
  assert.equal(over.status, 413);
  assert.equal(over.body.code, 'quota_exceeded');
  assert.match(over.body.error, /quota/);
});

test('an expired file is gone at once', async (t, srv) => {
  const { client } = await newUser(srv.url, 'ex');
  const { body: f } = await upload(client, 'short.txt', 'bye', { expiresIn: 1 });
  await waitFor(async () => (await new Client(srv.url).get(f.url)).status === 404, { what: 'expired file 404', intervalMs: 200 });
  assert.equal((await client.get(`/api/files/${f.id}`)).status, 404);
  assert.ok(!(await client.get('/api/files/list')).body.files.some((x) => x.id === f.id));
});

test('a restart removes stored bytes a crash left without a row, and keeps every upload', async (t, srv) => {
  const { client } = await newUser(srv.url, 'or');
  const { body: kept } = await upload(client, 'kept.txt', 'still here');
  const dir = path.join(srv.dataDir, 'files');
  const old = new Date(Date.now() - 2 * 3600 * 1000);
  const orphan = path.join(dir, crypto.randomBytes(16).toString('hex'));
  const recent = path.join(dir, crypto.randomBytes(16).toString('hex'));
  fs.writeFileSync(orphan, 'left by a crash');
  fs.utimesSync(orphan, old, old);
  fs.writeFileSync(recent, 'maybe being recorded by another node');
  fs.utimesSync(path.join(dir, kept.id), old, old);

  await srv.restart();
  await waitFor(() => !fs.existsSync(orphan), { what: 'the orphan to be removed' });
  assert.ok(fs.existsSync(recent), 'bytes younger than an hour are left alone');
  const download = await new Client(srv.url).get(kept.url);
  assert.equal(download.status, 200);
  assert.equal(download.text, 'still here');
  fs.rmSync(recent);
});
