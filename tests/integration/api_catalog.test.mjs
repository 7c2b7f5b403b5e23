// The route tables in docs/api-*.md are the reference users read: every documented route must be
// served. Each documented method and path (`:params` filled with placeholders) is requested without
// a session; a served route answers with its own status (401, 400, 404 with the handler's code...),
// while a path the router does not know answers 404 `not_found` and a wrong method 405. Every
// route but the few public ones answers that request 401, before it looks at its input.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, useServer } from '../support/server.mjs';
import { rawRequest } from '../support/client.mjs';

const { test, url } = useServer();

const ROW = /^\|\s*((?:GET|POST|PUT|DELETE|PATCH)(?:\/(?:GET|POST|PUT|DELETE|PATCH|HEAD))*)\s+`?(\/[^`\s|]+)/;

/** Every (method, path) in the tables of docs/api-*.md, with the file it came from. */
function documentedRoutes() {
  const docsDir = path.join(REPO_ROOT, 'docs');
  const routes = [];
  for (const file of fs.readdirSync(docsDir).filter((f) => /^api-.*\.md$/.test(f))) {
    for (const line of fs.readFileSync(path.join(docsDir, file), 'utf8').split('\n')) {
      const m = ROW.exec(line);
      if (!m) continue;
      const target = m[2].split('?')[0].replace(/\\$/, '');
      for (const method of m[1].split('/')) {
        if (method !== 'HEAD') routes.push({ method, target, file });
      }
    }
  }
  return routes;
}

function concrete(target) {
  return target.replace(/:([a-z_]+)/g, (_, name) => (name.endsWith('id') || name === 'rev' ? '1' : `x${name}`));
}

async function probe(method, target) {
  return rawRequest(url(), {
    method,
    path: concrete(target),
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
  });
}

const unrouted = (res) => (res.status === 404 && res.body?.code === 'not_found') || res.status === 405;

test('the docs document a substantial API (the table parser still finds the rows)', async () => {
  const routes = documentedRoutes();
  assert.ok(routes.length >= 60, `only ${routes.length} documented routes found`);
  for (const must of ['/api/auth/login', '/api/files/upload', '/api/doc/create', '/api/gdm/threads']) {
    assert.ok(routes.some((r) => r.target === must), `${must} missing from the parsed tables`);
  }
});

test('an undocumented path and a wrong method are recognisably unrouted', async () => {
  assert.ok(unrouted(await probe('GET', '/api/definitely/not/a/route')));
  assert.ok(unrouted(await probe('DELETE', '/api/doc/create')));
});

test('every route in the docs tables is served by chatterd', async () => {
  const missing = [];
  for (const { method, target, file } of documentedRoutes()) {
    const res = await probe(method, target);
    if (unrouted(res)) missing.push(`${method} ${target} (${file}): ${res.status} ${res.body?.code ?? ''}`);
  }
  assert.deepEqual(missing, [], `documented but not served:\n${missing.join('\n')}`);
});

// Sign-in itself, the public status, and downloads addressed by unguessable ids.
const PUBLIC_ROUTES = new Set([
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/whoami',
  'GET /healthz',
  'GET /api/public/status',
  'GET /api/public/info',
  'GET /files/:id/:name',
  'GET /avatars/:name',
]);

test('without a session every route but the public ones answers 401, whatever its input', async () => {
  const wrong = [];
  for (const { method, target, file } of documentedRoutes()) {
    if (PUBLIC_ROUTES.has(`${method} ${target}`)) continue;
    const res = await probe(method, target);
    if (res.status !== 401 || res.body?.code !== 'unauthorized') {
      wrong.push(`${method} ${target} (${file}): ${res.status} ${res.body?.code ?? ''}`);
    }
  }
  assert.deepEqual(wrong, [], `answered a signed-out caller with something else than 401:\n${wrong.join('\n')}`);
});
