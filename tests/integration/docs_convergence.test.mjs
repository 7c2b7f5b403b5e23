// Convergence: three socket.io-client editors make 300 interleaved random edits each with small
// random delays, following the op protocol like an ot.js client; afterwards every client and the
// stored document hold the same text and every inserted marker is present exactly once.

import assert from 'node:assert/strict';
import { useServer, waitFor } from '../support/server.mjs';
import { newUser } from '../support/client.mjs';
import { assertOk } from '../support/errors.mjs';
import { admin, connect } from './messaging_helpers.mjs';
import { OtClient, edit } from './docs_ot_client.mjs';

const { test, url } = useServer();
const EDITS = 300;
const FILLER = '.-_';

/** A deterministic PRNG so a failure can be replayed. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Positions inside a marker `[...]` (insert forbidden) and marker characters (delete forbidden). */
function markerMask(text) {
  const inside = new Uint8Array(text.length + 1);
  const protectedChar = new Uint8Array(text.length);
  for (const m of text.matchAll(/\[[^\]]*\]/g)) {
    for (let i = m.index; i < m.index + m[0].length; i++) protectedChar[i] = 1;
    for (let i = m.index + 1; i < m.index + m[0].length; i++) inside[i] = 1;
  }
  return { inside, protectedChar };
}

function randomEdit(client, random, name, counter, markers) {
  const text = client.text;
  const { inside, protectedChar } = markerMask(text);
  if (text.length > 0 && random() < 0.35) {
    const start = Math.floor(random() * text.length);
    let end = start;
    while (end < text.length && end - start < 3 && !protectedChar[end]) end++;
    if (end > start) return edit(text.length, start, '', end - start);
  }
  let pos = Math.floor(random() * (text.length + 1));
  while (inside[pos]) pos++;
  let insert = '';
  if (random() < 0.4) {
    const marker = `[${name}${counter}]`;
    markers.push(marker);
    insert = marker;
  } else {
    const n = 1 + Math.floor(random() * 3);
    for (let i = 0; i < n; i++) insert += FILLER[Math.floor(random() * FILLER.length)];
  }
  return edit(text.length, pos, insert);
}

test('three editors, 300 interleaved edits each, converge without losing any marker', { timeout: 240_000 }, async () => {
  await admin(url());
  const users = [await newUser(url(), 'cva'), await newUser(url(), 'cvb'), await newUser(url(), 'cvc')];
  const res = await users[0].client.post('/api/doc/create', {
    name: 'Convergence',
    content: '...',
    members: users.slice(1).map((u) => ({ username: u.username, role: 'editor' })),
  });
  assertOk(res);
  const id = res.body.id;
  const sockets = await Promise.all(users.map((u) => connect(url(), u.client)));
  try {
    const clients = sockets.map((s) => new OtClient(s, id));
    await Promise.all(clients.map((c) => c.join()));
    const markers = [];
    await Promise.all(
      clients.map(async (client, index) => {
        const random = rng(1000 + index);
        const name = 'abc'[index];
        for (let i = 0; i < EDITS; i++) {
          client.applyLocal(randomEdit(client, random, name, i, markers));
          await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 4)));
        }
      }),
    );
    let stored;
    await waitFor(
      async () => {
        if (clients.some((c) => c.errors.length > 0)) return true;
        if (!clients.every((c) => c.idle)) return false;
        stored = (await users[0].client.get(`/api/doc/${id}`)).body;
        return clients.every((c) => c.revision === stored.revision);
      },
      { timeoutMs: 120_000, what: 'all clients idle at the stored revision' },
    );
    for (const c of clients) assert.deepEqual(c.errors, []);
    for (const c of clients) assert.equal(c.text, stored.content);
    assert.ok(markers.length > 100, `only ${markers.length} markers`);
    for (const marker of markers) {
      assert.equal(stored.content.split(marker).length - 1, 1, `marker ${marker} must appear exactly once`);
    }
  } finally {
    sockets.forEach((s) => s.close());
  }
});
