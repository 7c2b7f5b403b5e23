// POST /api/doc/:id/publish (docs/api-documents.md, Publishing): an editor or the creator saves
// the document's current content as a tmpweb file `<name>.md` owned by themselves and counted in
// their quota; viewers are refused (403), non-members see nothing (404).

import assert from 'node:assert/strict';
import { Client, newUser } from '../support/client.mjs';
import { assertError, assertOk } from '../support/errors.mjs';
import { useServer } from '../support/server.mjs';
import { admin, ISO_Z } from './messaging_helpers.mjs';

const QUOTA = 4096;
const { test } = useServer({ args: ['--user-quota', String(QUOTA)] });

async function team(url) {
  const root = await admin(url);
  const creator = await newUser(url, 'pc');
  const editor = await newUser(url, 'pe');
  const viewer = await newUser(url, 'pv');
  const outsider = await newUser(url, 'po');
  const content = '# Plan\n\nÜnïcödé and <script>alert(1)</script>\n';
  const res = await creator.client.post('/api/doc/create', {
    name: 'Release plan',
    content,
    members: [
      { username: editor.username, role: 'editor' },
      { username: viewer.username, role: 'viewer' },
    ],
  });
  assertOk(res);
  return { root, creator, editor, viewer, outsider, id: res.body.id, content };
}

test('the creator and editors publish; the file is theirs and byte-identical to the content', async (t, srv) => {
  const { creator, editor, id, content } = await team(srv.url);
  const res = await creator.client.post(`/api/doc/${id}/publish`, { expires_in: 3600 });
  assertOk(res);
  assert.match(res.body.url, /^\/files\/[0-9a-f]{32}\/Release%20plan\.md$/);
  assert.match(res.body.expires_at, ISO_Z);
  const left = Date.parse(res.body.expires_at) - Date.now();
  assert.ok(left > 3500_000 && left <= 3600_000, `expires in ${left} ms`);
  const dl = await new Client(srv.url).get(res.body.url);
  assert.equal(dl.status, 200);
  assert.ok(dl.raw.equals(Buffer.from(content, 'utf8')));
  // Served inert like any upload: script in the content never runs on Chatter's origin.
  assert.equal(dl.headers['x-content-type-options'], 'nosniff');
  assert.match(dl.headers['content-security-policy'], /^sandbox/);

  const mine = (await creator.client.get('/api/files/list')).body.files;
  assert.deepEqual(mine.map((f) => f.url), [res.body.url]);
  assert.equal(mine[0].name, 'Release plan.md');

  const byEditor = await editor.client.post(`/api/doc/${id}/publish`, {});
  assertOk(byEditor);
  assert.notEqual(byEditor.body.url, res.body.url);
  const editorFiles = (await editor.client.get('/api/files/list')).body.files;
  assert.deepEqual(editorFiles.map((f) => f.url), [byEditor.body.url]);
  assert.equal(editorFiles[0].uploaded_by, editor.username);
  // Default expiry: one day.
  const day = Date.parse(byEditor.body.expires_at) - Date.now();
  assert.ok(day > 86_000_000 && day <= 86_400_000, `default expiry ${day} ms`);
});

test('role matrix: viewers 403, outsiders and admins who are not members 404, anonymous 401', async (t, srv) => {
  const { root, viewer, outsider, creator, id } = await team(srv.url);
  assertError(await viewer.client.post(`/api/doc/${id}/publish`, {}), 403, 'forbidden');
  assertError(await outsider.client.post(`/api/doc/${id}/publish`, {}), 404, 'doc_not_found');
  assertError(await root.client.post(`/api/doc/${id}/publish`, {}), 404, 'doc_not_found');
  assertError(await new Client(srv.url).post(`/api/doc/${id}/publish`, {}), 401, 'unauthorized');
  assertError(await creator.client.post('/api/doc/999999/publish', {}), 404, 'doc_not_found');
  assertError(await creator.client.post('/api/doc/abc/publish', {}), 404, 'not_found');
  assertError(
    await creator.client.post(`/api/doc/${id}/publish`, {}, { origin: 'https://evil.example' }),
    403,
    'csrf_rejected',
  );
  for (const who of [viewer, outsider, root]) {
    assert.deepEqual((await who.client.get('/api/files/list')).body.files, []);
  }
});

test('bad expiry and a full quota are refused with nothing stored', async (t, srv) => {
  const { creator, id } = await team(srv.url);
  for (const expires_in of ['3600', 1.5, 0, 59, 10 ** 9, true]) {
    assertError(await creator.client.post(`/api/doc/${id}/publish`, { expires_in }), 400, 'invalid_expiry');
  }
  assertError(await creator.client.post(`/api/doc/${id}/publish`, '{"expires_in":'), 400, 'invalid_json');
  const big = await creator.client.post('/api/doc/create', { name: 'big', content: 'x'.repeat(QUOTA + 1) });
  assertOk(big);
  const res = await creator.client.post(`/api/doc/${big.body.id}/publish`, {});
  assertError(res, 413, 'quota_exceeded');
  assert.deepEqual((await creator.client.get('/api/files/list')).body.files, []);
});
